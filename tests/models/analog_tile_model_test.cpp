#include "models/analog_tile_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace kirchhoff {
namespace {

std::vector<float> uniform_values(std::size_t n, std::uint64_t seed, double lo, double hi) {
  const RandomStream rng(seed, "values");
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(lo + (hi - lo) * rng.uniform(0, i));
  return v;
}

std::vector<double> float_gemv(const std::vector<float>& w, int rows, int cols, const float* x) {
  std::vector<double> y(cols, 0.0);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) y[c] += static_cast<double>(w[r * cols + c]) * x[r];
  }
  return y;
}

// Ideal device, 24-bit DAC and ADC: the tile is a float GEMV to 1e-5 of the largest output
// (DAC step 1.2e-7, ADC step 16 / 2^23 = 1.9e-6 against outputs of order 3).
TEST(AnalogTileModel, IdealHighResolutionEqualsFloatGemv) {
  const int rows = 64, cols = 48;
  for (auto scaling : {WeightScaling::kPerTile, WeightScaling::kPerColumn}) {
    for (int dpw : {2, 4}) {
      TileParams p;
      p.rows = rows;
      p.cols = cols;
      p.dac.bits = 24;
      p.adc.bits = 24;
      p.adc.bound = 16.0;
      p.mapping.scaling = scaling;
      p.mapping.devices_per_weight = dpw;
      p.mapping.significance_factor = 2.0;
      AnalogTileModel tile(p, RandomStream(7, "tile"));
      const auto w = uniform_values(rows * cols, 1, -0.7, 0.7);
      tile.program(w, rows, cols);
      const auto x = uniform_values(rows, 2, -1.0, 1.0);
      std::vector<float> y(cols);
      tile.mvm(x.data(), y.data(), 1000.0);
      const auto ref = float_gemv(w, rows, cols, x.data());
      double scale = 0.0;
      for (double v : ref) scale = std::max(scale, std::fabs(v));
      for (int c = 0; c < cols; ++c) EXPECT_NEAR(y[c], ref[c], 1e-5 * scale) << "column " << c;
    }
  }
}

TEST(AnalogTileModel, InputsAboveRangeClipAndOutputsSaturate) {
  TileParams p;
  p.rows = 4;
  p.cols = 1;
  p.adc.bound = 2.0;
  AnalogTileModel tile(p, RandomStream(7, "tile"));
  tile.program({1.0f, 1.0f, 1.0f, 1.0f}, 4, 1);
  const float x[4] = {5.0f, 0.0f, 0.0f, 0.0f};  // clips to 1
  float y = 0.0f;
  tile.mvm(x, &y, 0.0);
  EXPECT_NEAR(y, 1.0f, 0.5 * 2.0 / 127.0);        // within half an ADC step
  const float all[4] = {1.0f, 1.0f, 1.0f, 1.0f};  // 4 saturates at the bound 2
  tile.mvm(all, &y, 0.0);
  EXPECT_FLOAT_EQ(y, 2.0f);
}

// The tile counts every input beyond the DAC's full scale and every saturated conversion; a
// programmed DAC range (the DAC_RANGE register) moves the full scale and the output rescale.
TEST(AnalogTileModel, CountsClippedInputsAndSaturatedOutputsAtTheProgrammedRange) {
  TileParams p;
  p.rows = 4;
  p.cols = 1;
  p.dac.bits = 24;
  p.adc.bits = 24;
  p.adc.bound = 2.0;
  AnalogTileModel tile(p, RandomStream(7, "tile"));
  tile.program({0.25f, 0.25f, 0.25f, 0.25f}, 4, 1);
  const float x[4] = {4.0f, -3.0f, 0.5f, 0.0f};  // two of four beyond range 1
  float y = 0.0f;
  tile.mvm(x, &y, 0.0);
  EXPECT_NEAR(y, 0.25f * (1.0f - 1.0f + 0.5f), 1e-6);
  EXPECT_EQ(tile.clip_counts().dac_inputs, 4u);
  EXPECT_EQ(tile.clip_counts().dac_clipped, 2u);
  EXPECT_EQ(tile.clip_counts().adc_outputs, 1u);
  EXPECT_EQ(tile.clip_counts().adc_saturated, 0u);
  tile.set_dac_range(4.0);  // nothing clips: y = W x exactly
  tile.mvm(x, &y, 0.0);
  EXPECT_NEAR(y, 0.25f * 1.5f, 1e-6);
  EXPECT_EQ(tile.clip_counts().dac_clipped, 2u);
  const float all[4] = {4.0f, 4.0f, 4.0f, 4.0f};  // normalised sum 4 (w_n = 1) > bound 2
  tile.mvm(all, &y, 0.0);
  EXPECT_NEAR(y, 0.25f * 2.0f * 4.0f, 1e-6);  // bound 2, times w_max 0.25, times range 4
  EXPECT_EQ(tile.clip_counts().adc_saturated, 1u);
  EXPECT_EQ(tile.clip_counts().adc_outputs, 3u);
  EXPECT_THROW(tile.set_dac_range(0.0), std::invalid_argument);
  EXPECT_THROW(tile.set_dac_range(-1.0), std::invalid_argument);
}

TileParams pcm_tile(int rows, int cols) {
  TileParams p;
  p.rows = rows;
  p.cols = cols;
  p.device.type = DeviceType::kPcm;
  p.adc.bits = 16;
  p.adc.bound = 64.0;
  return p;
}

// The drift cache recomputes G(t) only when the fastest device's drift factor moved by more
// than drift_tolerance.
TEST(AnalogTileModel, DriftCacheRecomputesOnlyBeyondTolerance) {
  TileParams p = pcm_tile(16, 8);
  p.read.drift_tolerance = 1e-3;
  AnalogTileModel tile(p, RandomStream(3, "tile"));
  tile.program(uniform_values(16 * 8, 4, -1.0, 1.0), 16, 8);
  EXPECT_EQ(tile.drift_recomputations(), 1u);  // the drift-free state at programming
  const auto x = uniform_values(16, 5, -1.0, 1.0);
  std::vector<float> y(8);
  tile.mvm(x.data(), y.data(), 10.0);  // before t0 = 20 s: no drift yet, cache still valid
  EXPECT_EQ(tile.drift_recomputations(), 1u);
  const double t1 = 1000.0;
  tile.mvm(x.data(), y.data(), t1);
  EXPECT_EQ(tile.drift_recomputations(), 2u);
  const double nu_max = tile.programmed_devices().nu_max;
  ASSERT_GT(nu_max, 0.0);
  // Factor change exp(-nu_max dln t) - 1: 0.5 x tolerance -> cached; 2 x tolerance -> recompute.
  tile.mvm(x.data(), y.data(), t1 * std::exp(0.5e-3 / nu_max));
  EXPECT_EQ(tile.drift_recomputations(), 2u);
  tile.mvm(x.data(), y.data(), t1 * std::exp(2e-3 / nu_max));
  EXPECT_EQ(tile.drift_recomputations(), 3u);
}

// Slope of the tile's outputs against the exact GEMV over many inputs (least squares through 0).
double output_gain(AnalogTileModel& tile, const std::vector<float>& w, int rows, int cols,
                   double t_s) {
  double num = 0.0, den = 0.0;
  std::vector<float> y(cols);
  for (int k = 0; k < 50; ++k) {
    const auto x = uniform_values(rows, 100 + k, -1.0, 1.0);
    tile.mvm(x.data(), y.data(), t_s);
    const auto ref = float_gemv(w, rows, cols, x.data());
    for (int c = 0; c < cols; ++c) {
      num += y[c] * ref[c];
      den += ref[c] * ref[c];
    }
  }
  return num / den;
}

// After a year of drift the uncompensated gain falls to ~0.5-0.6 (drift factors of nu >= 0.049);
// global and per-column compensation restore it to 1 within 3 % (the spread of nu between
// devices and read noise remain: that is the compensation's known limit).
TEST(AnalogTileModel, CompensationRestoresTheMeanOutputAfterDrift) {
  const int rows = 128, cols = 64;
  const auto w = uniform_values(rows * cols, 8, -1.0, 1.0);
  const double year = 365.0 * 86400.0;
  TileParams p = pcm_tile(rows, cols);
  p.read.compensation = DriftCompensation::kNone;
  AnalogTileModel none(p, RandomStream(9, "tile"));
  none.program(w, rows, cols);
  const double g0 = output_gain(none, w, rows, cols, 1.0);
  EXPECT_NEAR(g0, 1.0, 0.03);
  const double g_none = output_gain(none, w, rows, cols, year);
  EXPECT_LT(g_none, 0.65);
  for (auto mode : {DriftCompensation::kGlobal, DriftCompensation::kPerColumn}) {
    p.read.compensation = mode;
    AnalogTileModel comp(p, RandomStream(9, "tile"));
    comp.program(w, rows, cols);
    EXPECT_NEAR(output_gain(comp, w, rows, cols, year), 1.0, 0.03);
  }
  // With a recalibration period the scale only moves when calibrate() runs.
  p.read.compensation = DriftCompensation::kGlobal;
  p.read.recalibration_period_ns = 1e6;
  AnalogTileModel periodic(p, RandomStream(9, "tile"));
  periodic.program(w, rows, cols);
  EXPECT_LT(output_gain(periodic, w, rows, cols, year), 0.65);
  periodic.calibrate(year);
  EXPECT_NEAR(output_gain(periodic, w, rows, cols, year), 1.0, 0.03);
}

// Output-referred read noise (one Gaussian per column with variance sum sigma^2 x^2) against
// per-device sampling: same device state (same programming seed), 3000 MVMs each. Weights have
// |w| >= 0.3 so clamping of device reads at 0 is negligible (sigma_read / G ~ 0.09 at 1 h).
// Per column the means must agree within 4.5 standard errors of their difference, the variances
// within 4.5 SE of their ratio (sqrt(4 / N)); the pooled standardised samples pass a two-sample
// Kolmogorov-Smirnov test at alpha = 0.001 (critical D = 1.949 sqrt(2 / n)).
TEST(AnalogTileModel, OutputReferredMatchesPerDeviceReadNoise) {
  const int rows = 32, cols = 16, n = 3000;
  std::vector<float> w = uniform_values(rows * cols, 20, 0.3, 1.0);
  const auto sign = uniform_values(rows * cols, 21, -1.0, 1.0);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = sign[i] < 0 ? -w[i] : w[i];
  const auto x = uniform_values(rows, 22, -1.0, 1.0);
  std::vector<std::vector<double>> samples[2];
  for (int mode = 0; mode < 2; ++mode) {
    TileParams p = pcm_tile(rows, cols);
    p.adc.bits = 24;
    p.read.noise_mode = mode == 0 ? ReadNoiseMode::kOutputReferred : ReadNoiseMode::kPerDevice;
    AnalogTileModel tile(p, RandomStream(23, "tile"));
    tile.program(w, rows, cols);
    samples[mode].assign(cols, std::vector<double>(n));
    std::vector<float> y(cols);
    for (int k = 0; k < n; ++k) {
      tile.mvm(x.data(), y.data(), 3600.0);
      for (int c = 0; c < cols; ++c) samples[mode][c][k] = y[c];
    }
  }
  std::vector<double> pooled[2];
  for (int c = 0; c < cols; ++c) {
    double mean[2], var[2];
    for (int m = 0; m < 2; ++m) {
      double s = 0.0, s2 = 0.0;
      for (double v : samples[m][c]) s += v;
      mean[m] = s / n;
      for (double v : samples[m][c]) s2 += (v - mean[m]) * (v - mean[m]);
      var[m] = s2 / (n - 1);
    }
    ASSERT_GT(var[0], 0.0);
    EXPECT_NEAR(mean[0], mean[1], 4.5 * std::sqrt((var[0] + var[1]) / n)) << "column " << c;
    EXPECT_NEAR(var[1] / var[0], 1.0, 4.5 * std::sqrt(4.0 / n)) << "column " << c;
    const double centre = 0.5 * (mean[0] + mean[1]);
    const double sd = std::sqrt(0.5 * (var[0] + var[1]));
    for (int m = 0; m < 2; ++m) {
      for (double v : samples[m][c]) pooled[m].push_back((v - centre) / sd);
    }
  }
  for (auto& v : pooled) std::sort(v.begin(), v.end());
  const std::size_t total = pooled[0].size();
  std::size_t i = 0, j = 0;
  double d = 0.0;
  while (i < total && j < total) {
    if (pooled[0][i] <= pooled[1][j])
      ++i;
    else
      ++j;
    d = std::max(d, std::fabs(static_cast<double>(i) - static_cast<double>(j)) / total);
  }
  EXPECT_LT(d, 1.949 * std::sqrt(2.0 / total));
}

// Same seed, same calls: the same outputs; another seed: different outputs.
TEST(AnalogTileModel, NoiseIsKeyedBySeedAndEvent) {
  TileParams p = pcm_tile(16, 8);
  const auto w = uniform_values(16 * 8, 30, -1.0, 1.0);
  const auto x = uniform_values(16, 31, -1.0, 1.0);
  std::vector<float> a(8), b(8), c(8);
  AnalogTileModel t1(p, RandomStream(5, "tile")), t2(p, RandomStream(5, "tile")),
      t3(p, RandomStream(6, "tile"));
  t1.program(w, 16, 8);
  t2.program(w, 16, 8);
  t3.program(w, 16, 8);
  t1.mvm(x.data(), a.data(), 100.0);
  t2.mvm(x.data(), b.data(), 100.0);
  t3.mvm(x.data(), c.data(), 100.0);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(AnalogTileModel, IrDropAttenuatesOutputs) {
  TileParams p;
  p.rows = 64;
  p.cols = 64;
  p.adc.bits = 16;
  p.adc.bound = 64.0;
  const std::vector<float> w(64 * 64, 0.5f);
  const std::vector<float> x(64, 1.0f);
  std::vector<float> y0(64), y1(64);
  AnalogTileModel ideal(p, RandomStream(1, "t"));
  ideal.program(w, 64, 64);
  ideal.mvm(x.data(), y0.data(), 0.0);
  p.read.ir_drop = true;
  AnalogTileModel drop(p, RandomStream(1, "t"));
  drop.program(w, 64, 64);
  drop.mvm(x.data(), y1.data(), 0.0);
  EXPECT_LT(y1[63], y1[0]);  // columns far from the drivers lose more
  EXPECT_LT(y1[0], y0[0]);
  EXPECT_GT(y1[63], 0.5f * y0[63]);  // first order: a small correction at 1 ohm, 12.5 uS cells
}

}  // namespace
}  // namespace kirchhoff
