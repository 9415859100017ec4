// The first slice end to end: the host programs one tile over TLM, streams inputs and compares
// with a float GEMV. One simulation per TEST (a SystemC kernel elaborates once per process;
// ctest runs every TEST in its own process).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "config/config_loader.h"
#include "host/simulation.h"
#include "host/synthetic_workload.h"

namespace kirchhoff {
namespace {

TEST(Slice, HighResolutionConvertersMatchTheFloatGemv) {
  const auto cfg =
      config::load_config("", {"tile.dac.bits=24", "tile.adc.bits=24", "workload.samples=16"});
  traces::Recorder rec;
  const SimulationResult r = run_simulation(cfg, rec);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), 16u);
  // 24-bit converters: quantisation steps of 2^-23 of full scale, far below 1e-5; what remains
  // is float32 accumulation against the double reference.
  EXPECT_LT(r.summary.output_rel_l2_error, 1e-5);
  for (std::size_t s = 0; s < r.outputs.size(); ++s) {
    double e2 = 0, y2 = 0;
    for (std::size_t c = 0; c < r.outputs[s].size(); ++c) {
      e2 += std::pow(r.outputs[s][c] - r.reference[s][c], 2);
      y2 += std::pow(r.reference[s][c], 2);
    }
    EXPECT_LT(std::sqrt(e2 / y2), 1e-5) << "sample " << s;
  }
}

// With 8-bit signed converters the error is the quantisation noise of the DAC and the ADC.
// Uniform rounding error has variance step^2 / 12. The DAC step is range/127 on every input,
// so it adds sum_r W_rc^2 * dx^2 / 12 to output c; the ADC step is bound/127 in normalised
// units, i.e. (bound/127) * w_max * range in output units. Neither clips here (|x| <= range
// and the outputs stay far below the bound of 12). The measured relative L2 error over
// 64 x 256 outputs must match the prediction within 15 % (the estimate of an RMS over 16k
// values has a spread of a few percent; the rest is the uniform-error assumption).
TEST(Slice, EightBitConvertersGiveTheExpectedQuantisationError) {
  const auto cfg = config::load_config("", {"tile.dac.bits=8", "tile.adc.bits=8"});
  traces::Recorder rec;
  const SimulationResult r = run_simulation(cfg, rec);
  ASSERT_FALSE(r.host_failed);
  const SyntheticData d = make_synthetic_workload(cfg.workload, cfg.sim.seed);
  float w_max = 0;
  for (float w : d.layer.weights) w_max = std::max(w_max, std::fabs(w));
  const double dx = cfg.tile.dac.range / 127.0;
  const double dy = cfg.tile.adc.bound / 127.0 * w_max * cfg.tile.dac.range;
  double noise_var = 0, ref2 = 0;
  for (std::size_t s = 0; s < d.inputs.size(); ++s) {
    for (int c = 0; c < d.layer.out; ++c) {
      double col2 = 0;
      for (int r2 = 0; r2 < d.layer.in; ++r2) {
        col2 += std::pow(d.layer.weights[static_cast<std::size_t>(r2) * d.layer.out + c], 2);
      }
      noise_var += col2 * dx * dx / 12.0 + dy * dy / 12.0;
      ref2 += std::pow(r.reference[s][c], 2);
    }
  }
  const double predicted = std::sqrt(noise_var / ref2);
  EXPECT_NEAR(r.summary.output_rel_l2_error, predicted, 0.15 * predicted)
      << "predicted " << predicted;
  EXPECT_GT(r.summary.output_rel_l2_error, 1e-3);  // 8 bits are visibly coarser than 24
}

TEST(Slice, EnergyAndTimingAreAccountedFromEvents) {
  const auto cfg = config::load_config("", {"workload.samples=10"});
  traces::Recorder rec;
  const SimulationResult r = run_simulation(cfg, rec);
  ASSERT_FALSE(r.host_failed);
  const auto& t = rec.totals();
  EXPECT_EQ(r.summary.mvms, 10u);
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kMvm)], 10u);
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kProgram)], 1u);
  EXPECT_EQ(r.summary.ops, 10u * 2u * 256u * 256u);
  EXPECT_DOUBLE_EQ(r.summary.energy.total(), t.energy.total());
  EXPECT_GT(r.summary.energy[traces::EnergyCategory::kProgramming], 0.0);
  EXPECT_GT(r.summary.energy[traces::EnergyCategory::kHostIo], 0.0);
  // Static energy = static power x simulated time (mW x ns = pJ).
  EXPECT_NEAR(r.summary.energy[traces::EnergyCategory::kStatic],
              cfg.tile.energy.static_power_mW * r.summary.sim_time_ns, 1e-6);
  // Every sample waits at least one MVM.
  EXPECT_GE(r.summary.latency_first_ns, cfg.tile.dac.t_lsb_ns);
  EXPECT_GT(r.summary.throughput_samples_per_s, 0.0);
}

}  // namespace
}  // namespace kirchhoff
