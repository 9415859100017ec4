// The tile's converter range modes: per-vector noise management (tile.dac.range_mode abs_max)
// never clips, equals the float GEMV with ideal devices and 24-bit converters, and charges its
// max-reduction and output multiply with the DPU's cost model; the ADC full scale (ADC_RANGE)
// sets the conversion step and the saturation level.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/analog_tile_model.h"

namespace kirchhoff {
namespace {

std::vector<float> uniform_values(std::size_t n, std::uint64_t seed, double lo, double hi) {
  const RandomStream rng(seed, "values");
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(lo + (hi - lo) * rng.uniform(0, i));
  return v;
}

std::vector<double> float_gemv(const std::vector<float>& w, int rows, int cols,
                               const std::vector<float>& x) {
  std::vector<double> y(cols, 0.0);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) y[c] += static_cast<double>(w[r * cols + c]) * x[r];
  }
  return y;
}

TileParams exact_tile(int rows, int cols, DacRangeMode mode) {
  TileParams p;
  p.rows = rows;
  p.cols = cols;
  p.device.type = DeviceType::kIdeal;
  p.dac.bits = 24;
  p.dac.range = 1.0;
  p.dac.range_mode = mode;
  p.adc.bits = 24;
  p.adc.bound = 64.0;
  return p;
}

// Inputs up to 7 against tile.dac.range 1: fixed clips most of them, abs_max none, and abs_max
// gives W x to 1e-4 of the largest output.
TEST(ConverterRangeModes, AbsMaxNeverClipsAndEqualsTheFloatGemv) {
  const int rows = 96, cols = 40;
  const auto w = uniform_values(rows * cols, 1, -0.5, 0.5);
  const auto x = uniform_values(rows, 2, -7.0, 7.0);
  const auto ref = float_gemv(w, rows, cols, x);
  double scale = 0.0;
  for (double v : ref) scale = std::max(scale, std::fabs(v));

  AnalogTileModel abs_max(exact_tile(rows, cols, DacRangeMode::kAbsMax), RandomStream(3, "t"));
  abs_max.program(w, rows, cols);
  std::vector<float> y(cols);
  for (int k = 0; k < 3; ++k) abs_max.mvm(x.data(), y.data(), 1.0);
  EXPECT_EQ(abs_max.clip_counts().dac_inputs, 3u * rows);
  EXPECT_EQ(abs_max.clip_counts().dac_clipped, 0u);
  EXPECT_EQ(abs_max.clip_counts().adc_saturated, 0u);
  for (int c = 0; c < cols; ++c) EXPECT_NEAR(y[c], ref[c], 1e-4 * scale) << "column " << c;

  AnalogTileModel fixed(exact_tile(rows, cols, DacRangeMode::kFixed), RandomStream(3, "t"));
  fixed.program(w, rows, cols);
  fixed.mvm(x.data(), y.data(), 1.0);
  EXPECT_GT(fixed.clip_counts().dac_clipped, static_cast<std::uint64_t>(rows / 2));
}

// abs_max costs exactly one DPU max-reduction over the rows and one multiply over the columns
// on top of the fixed-range MVM: DPU energy and latency, with the DPU parameters set.
TEST(ConverterRangeModes, AbsMaxChargesItsDigitalScaleWithTheDpuCostModel) {
  const int rows = 64, cols = 32;
  const auto w = uniform_values(rows * cols, 4, -1.0, 1.0);
  const auto x = uniform_values(rows, 5, -0.9, 0.9);  // nothing clips in either mode
  const DpuParams dpu = default_dpu_params(NumericFormat::fp32());
  const DpuCostModel model(dpu);
  const DpuCost max = model.cost(DpuOp::kMaxPool, rows);
  const DpuCost mul = model.cost(DpuOp::kMultiply, cols);
  ASSERT_GT(max.energy_pj, 0.0);
  ASSERT_GT(mul.latency_ns, 0.0);

  AnalogTileModel fixed(exact_tile(rows, cols, DacRangeMode::kFixed), RandomStream(6, "t"));
  AnalogTileModel abs_max(exact_tile(rows, cols, DacRangeMode::kAbsMax), RandomStream(6, "t"));
  fixed.set_dpu_params(dpu);
  abs_max.set_dpu_params(dpu);
  fixed.program(w, rows, cols);
  abs_max.program(w, rows, cols);
  std::vector<float> y(cols);
  const TileCost f = fixed.mvm(x.data(), y.data(), 1.0);
  const TileCost a = abs_max.mvm(x.data(), y.data(), 1.0);
  EXPECT_NEAR(a.energy.dpu_pj - f.energy.dpu_pj, max.energy_pj + mul.energy_pj, 1e-12);
  EXPECT_NEAR(a.latency_ns - f.latency_ns, max.latency_ns + mul.latency_ns, 1e-9);
  EXPECT_DOUBLE_EQ(a.energy.adc_pj, f.energy.adc_pj);
  EXPECT_DOUBLE_EQ(a.energy.dac_pj, f.energy.dac_pj);
  EXPECT_EQ(fixed.noise_management_cost().energy.dpu_pj, 0.0);
  // noise_management = true is the same mode and the same cost.
  TileParams nm = exact_tile(rows, cols, DacRangeMode::kFixed);
  nm.dac.noise_management = true;
  AnalogTileModel legacy(nm, RandomStream(6, "t"));
  legacy.set_dpu_params(dpu);
  legacy.program(w, rows, cols);
  EXPECT_DOUBLE_EQ(legacy.mvm(x.data(), y.data(), 1.0).energy.dpu_pj, a.energy.dpu_pj);
}

// ADC_RANGE r: the bound becomes r * gain, so the step is r / (2^(bits-1) - 1) in normalised
// units and |z| > r saturates; the output keeps its scale.
TEST(ConverterRangeModes, AdcRangeSetsTheStepAndTheSaturationLevel) {
  TileParams p;
  p.rows = 4;
  p.cols = 1;
  p.device.type = DeviceType::kIdeal;
  p.dac.bits = 24;
  p.adc.bits = 4;  // 7 steps per polarity
  p.adc.bound = 14.0;
  p.adc.gain = 2.0;
  AnalogTileModel tile(p, RandomStream(1, "t"));
  EXPECT_DOUBLE_EQ(tile.adc_range(), 7.0);
  tile.program({1.0f, 1.0f, 1.0f, 1.0f}, 4, 1);  // w_max 1, w_n 1
  const float x[4] = {0.3f, 0.3f, 0.3f, 0.3f};   // z = 1.2
  float y = 0;
  tile.mvm(x, &y, 0.0);
  EXPECT_NEAR(y, 1.0f, 1e-6);  // step 1 (range 7 / 7 steps): 1.2 reads as 1
  tile.set_adc_range(1.4);     // step 0.2: 1.2 exactly
  EXPECT_NEAR(tile.adc_range(), 1.4, 1e-12);
  tile.mvm(x, &y, 0.0);
  EXPECT_NEAR(y, 1.2f, 1e-6);
  EXPECT_EQ(tile.clip_counts().adc_saturated, 0u);
  tile.set_adc_range(1.0);  // 1.2 > 1: saturates at 1
  tile.mvm(x, &y, 0.0);
  EXPECT_NEAR(y, 1.0f, 1e-6);
  EXPECT_EQ(tile.clip_counts().adc_saturated, 1u);
  EXPECT_THROW(tile.set_adc_range(0.0), std::invalid_argument);
  EXPECT_THROW(tile.set_adc_range(std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff
