// The duration readout (models/duration_readout.h) on a 2 x 2 ideal crossbar: exact output
// values, clipping at the full scale, ReLU and hard sigmoid by enable timing, and the ramp's
// timing and energy from the parameters.
#include "models/duration_readout.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "models/analog_tile_model.h"

namespace kirchhoff {
namespace {

// W = [[1, -0.4], [0.25, 0]] (rows = inputs), x = (1, 1): the DAC codes are 127 and 127, so the
// column values are z0 = 1.25 and z1 = -0.4 in normalised units (w_max = 1, DAC range 1).
TileParams duration_tile(DurationActivation activation, double bound) {
  TileParams p;
  p.rows = 2;
  p.cols = 2;
  p.read.compensation = DriftCompensation::kNone;  // no digital scale: the values are exact
  p.output_conversion = OutputConversion::kDuration;
  p.duration.bits = 4;  // 7 steps per polarity signed, 15 steps unsigned
  p.duration.t_lsb_ns = 2.0;
  p.duration.activation = activation;
  p.duration.ramp_power_mW = 0.5;
  p.duration.comparator_power_mW = 0.01;
  p.adc.bound = bound;
  return p;
}

struct Outputs {
  float y[2];
  TileCost cost;
  std::uint64_t saturated;
};

Outputs run(const TileParams& p) {
  AnalogTileModel tile(p, RandomStream(1, "t"));
  tile.program({1.0f, -0.4f, 0.25f, 0.0f}, 2, 2);
  const float x[2] = {1.0f, 1.0f};
  Outputs o{};
  o.cost = tile.mvm(x, o.y, 0.0);
  o.saturated = tile.clip_counts().adc_saturated;
  return o;
}

TEST(DurationReadout, SignedValuesAreQuantisedToTheDurationStep) {
  const Outputs o = run(duration_tile(DurationActivation::kNone, 2.0));
  EXPECT_NEAR(o.y[0], 4.0 * 2.0 / 7.0, 1e-6);   // 1.25 / (2/7) = 4.375 -> 4 steps
  EXPECT_NEAR(o.y[1], -1.0 * 2.0 / 7.0, 1e-6);  // -0.4 / (2/7) = -1.4 -> -1 step
  EXPECT_EQ(o.saturated, 0u);
}

TEST(DurationReadout, ClipsAtTheFullScale) {
  const Outputs o = run(duration_tile(DurationActivation::kNone, 1.0));
  EXPECT_NEAR(o.y[0], 1.0, 1e-6);         // 1.25 is cut at the full scale 1
  EXPECT_NEAR(o.y[1], -3.0 / 7.0, 1e-6);  // -0.4 * 7 = -2.8 -> -3 steps
  EXPECT_EQ(o.saturated, 1u);
}

TEST(DurationReadout, ReluGivesNoPulseBelowZeroAndUsesEveryStep) {
  const Outputs o = run(duration_tile(DurationActivation::kRelu, 2.0));
  EXPECT_NEAR(o.y[0], 9.0 * 2.0 / 15.0, 1e-6);  // 1.25 / (2/15) = 9.375 -> 9 steps
  EXPECT_EQ(o.y[1], 0.0f);
  const Outputs clipped = run(duration_tile(DurationActivation::kRelu, 1.0));
  EXPECT_NEAR(clipped.y[0], 1.0, 1e-6);
  EXPECT_EQ(clipped.y[1], 0.0f);
  EXPECT_EQ(clipped.saturated, 1u);  // a negative column is no saturation under ReLU
}

TEST(DurationReadout, HardSigmoidIsTheFractionOfTheRamp) {
  const Outputs o = run(duration_tile(DurationActivation::kHardSigmoid, 2.0));
  EXPECT_NEAR(o.y[0], 12.0 / 15.0, 1e-6);  // (1.25 + 2) / 4 * 15 = 12.19 -> 12
  EXPECT_NEAR(o.y[1], 6.0 / 15.0, 1e-6);   // (-0.4 + 2) / 4 * 15 = 6
  const Outputs clipped = run(duration_tile(DurationActivation::kHardSigmoid, 1.0));
  EXPECT_NEAR(clipped.y[0], 1.0, 1e-6);
}

TEST(DurationReadout, TimingIsTheRampAfterTheInputWindow) {
  TileParams p = duration_tile(DurationActivation::kRelu, 2.0);
  const Outputs o = run(p);
  // 8-bit signed PWM at 1 ns/LSB: 128 ns window; ramp 2^4 * 2 ns = 32 ns, serial readout.
  EXPECT_DOUBLE_EQ(o.cost.latency_ns, 128.0 + 32.0);
  EXPECT_DOUBLE_EQ(o.cost.interval_ns, 128.0 + 32.0);
  p.readout = Readout::kPipelined;  // the next MVM integrates while this one ramps
  const Outputs pipelined = run(p);
  EXPECT_DOUBLE_EQ(pipelined.cost.latency_ns, 160.0);
  EXPECT_DOUBLE_EQ(pipelined.cost.interval_ns, 128.0);
  p.dac.phases = 2;
  EXPECT_DOUBLE_EQ(run(p).cost.latency_ns, 128.0 + 128.0 + 32.0);
}

TEST(DurationReadout, EnergyIsRampAndComparatorPowerOverTheRamp) {
  TileParams p = duration_tile(DurationActivation::kNone, 2.0);
  p.energy.conversion_power_mW = 1.0;
  const Outputs o = run(p);
  EXPECT_DOUBLE_EQ(o.cost.energy.adc_pj, (0.5 + 2 * 0.01) * 32.0);  // no per-column ADC
  EXPECT_DOUBLE_EQ(o.cost.energy.active_pj, 50.0 * 128.0 + 1.0 * 32.0);
  EXPECT_DOUBLE_EQ(o.cost.energy.buffer_pj, (2 * 8 + 2 * 4) * 0.156);  // 4-bit outputs
  p.dac.phases = 2;                                                    // every phase ramps again
  EXPECT_DOUBLE_EQ(run(p).cost.energy.adc_pj, 2 * (0.5 + 2 * 0.01) * 32.0);
}

TEST(DurationReadout, RefusesBadParameters) {
  DurationReadoutParams d;
  d.bits = 1;
  EXPECT_THROW(DurationReadout{d}, std::invalid_argument);
  d.bits = 8;
  d.t_lsb_ns = 0.0;
  EXPECT_THROW(DurationReadout{d}, std::invalid_argument);
  d.t_lsb_ns = 1.0;
  d.comparator_power_mW = -1.0;
  EXPECT_THROW(DurationReadout{d}, std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff
