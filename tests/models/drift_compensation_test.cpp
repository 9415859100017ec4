// Drift compensation against the best it could do: on a synthetic 256 x 64 PCM tile with
// trained-like weights, the calibrated factor against the least-squares scale between the
// drifted and the programmed (t = 0) noise-free outputs over 2048 random test inputs, at 1 hour,
// 1 day and 1 year, for three weight and device seeds; and the calibration's parts alone.
#include "models/drift_compensation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/analog_tile_model.h"
#include "models/calibration_inputs.h"
#include "models/device_model.h"

namespace kirchhoff {
namespace {

constexpr int kRows = 256, kCols = 64, kTestInputs = 2048;
constexpr double kHour = 3600.0, kDay = 86400.0, kYear = 365.0 * 86400.0;
const double kTimes[] = {kHour, kDay, kYear};
const std::uint64_t kSeeds[] = {1, 2, 3};

// Trained-like weights: zero-mean Gaussian, clipped at 3 sigma (most weights small, a few large).
std::vector<float> trained_like_weights(std::uint64_t seed) {
  std::vector<float> w(static_cast<std::size_t>(kRows) * kCols);
  RandomStream(seed, "weights").normals(0, 0, w.data(), w.size());
  for (float& v : w) v = std::clamp(v, -3.0f, 3.0f);
  return w;
}

// PCM tile with the default 8-bit converters and the IBM kit's output noise (0.04).
TileParams synthetic_pcm_tile(DriftCompensation mode) {
  TileParams p;
  p.rows = kRows;
  p.cols = kCols;
  p.device.type = DeviceType::kPcm;
  p.adc.noise_sigma = 0.04;
  p.read.compensation = mode;
  p.read.recalibration_period_ns = 1e9;  // the scale moves only when calibrate() runs
  return p;
}

// Column outputs y[i * cols + c] of the test inputs (uniform in [-1, 1]) on normalised weights.
std::vector<double> test_outputs(const std::vector<float>& m) {
  const RandomStream rng(77, "test inputs");
  std::vector<double> x(kRows), y(static_cast<std::size_t>(kTestInputs) * kCols, 0.0);
  for (int i = 0; i < kTestInputs; ++i) {
    rng.uniforms(static_cast<std::uint64_t>(i), 0, x.data(), x.size());
    for (int r = 0; r < kRows; ++r) {
      const double xr = 2.0 * x[r] - 1.0;
      for (int c = 0; c < kCols; ++c) y[i * kCols + c] += xr * m[r * kCols + c];
    }
  }
  return y;
}

// The previous method: the summed conductance magnitude (G+ + G-) at t = 0 over that at t.
double summed_magnitude_factor(const AnalogTileModel& tile, double t_s) {
  const ProgrammedDevices& d = tile.programmed_devices();
  std::vector<float> g(d.size());
  drifted_conductance(d, t_s, tile.device_model().drift_t0_s(), g.data());
  double ref = 0.0, cur = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    ref += d.g_prog_uS[i];
    cur += g[i];
  }
  return ref / cur;
}

// One tile programmed, calibrated at t and compared with the least-squares scales alpha
// minimising |y0 - alpha yt|^2 (global, and per column).
struct Case {
  std::vector<float> factor;  // the tile's compensation scale per column
  double best = 0.0;
  std::vector<double> best_column;
  double old_factor = 0.0;  // the summed-magnitude method on the same devices
};
Case run_case(DriftCompensation mode, std::uint64_t seed, double t_s, int calibration_reads = 2) {
  TileParams p = synthetic_pcm_tile(mode);
  p.read.calibration_reads = calibration_reads;
  AnalogTileModel tile(p, RandomStream(10 + seed, "tile"));
  tile.program(trained_like_weights(seed), kRows, kCols);
  const std::vector<double> y0 = test_outputs(tile.effective_weights());
  tile.calibrate(t_s);
  const std::vector<double> yt = test_outputs(tile.effective_weights());
  std::vector<double> num(kCols, 0.0), den(kCols, 0.0);
  for (std::size_t i = 0; i < y0.size(); ++i) {
    num[i % kCols] += y0[i] * yt[i];
    den[i % kCols] += yt[i] * yt[i];
  }
  Case c;
  c.factor = tile.compensation_scale();
  double n = 0.0, d = 0.0;
  for (int k = 0; k < kCols; ++k) {
    c.best_column.push_back(num[k] / den[k]);
    n += num[k];
    d += den[k];
  }
  c.best = n / d;
  c.old_factor = summed_magnitude_factor(tile, t_s);
  return c;
}

// The calibration patterns are orthogonal over the rows in use (100 rows -> 128 patterns), none
// is constant (all-ones reads ~0 on a zero-mean column), and the fast transform gives the same
// outputs as the sums it replaces, signed and unsigned.
TEST(CalibrationInputs, AreOrthogonalAndTheFastTransformMatchesTheSums) {
  const int rows = 100, cols = 3;
  const int n = calibration_input_count(rows);
  ASSERT_EQ(n, 128);
  std::vector<std::vector<float>> x;
  for (int k = 0; k < n; ++k) x.push_back(calibration_input(k, rows, 1.0, true));
  for (int r = 0; r < rows; ++r) {
    for (int q = 0; q < rows; ++q) {
      double dot = 0.0;
      for (int k = 0; k < n; ++k) dot += x[k][r] * x[k][q];
      ASSERT_EQ(dot, r == q ? n : 0.0) << "rows " << r << ", " << q;
    }
  }
  for (int k = 0; k < n; ++k) {
    const auto [lo, hi] = std::minmax_element(x[k].begin(), x[k].end());
    EXPECT_EQ(*lo, -1.0f) << "pattern " << k;
    EXPECT_EQ(*hi, 1.0f) << "pattern " << k;
  }
  std::vector<float> m(static_cast<std::size_t>(rows) * cols);
  RandomStream(5, "m").normals(0, 0, m.data(), m.size());
  for (bool is_signed : {true, false}) {
    const std::vector<float> out = calibration_outputs(m, rows, cols, 0.5, is_signed);
    for (int k = 0; k < n; ++k) {
      const std::vector<float> xk = calibration_input(k, rows, 0.5, is_signed);
      for (int c = 0; c < cols; ++c) {
        double y = 0.0;
        for (int r = 0; r < rows; ++r) y += xk[r] * m[r * cols + c];
        EXPECT_NEAR(out[k * cols + c], y, 1e-4) << "pattern " << k << " column " << c;
      }
    }
  }
}

CalibrationReadout readout(const std::vector<double>& v, int cols) {
  CalibrationReadout r;
  r.cols = cols;
  r.inputs = static_cast<int>(v.size()) / cols;
  r.mean = v;
  for (double x : v) r.square.push_back(x * x);
  r.saturated.assign(v.size(), 0);
  return r;
}

// The factors are the least-squares scales over the patterns; saturated reads are left out; a
// ~0 column falls back to the global factor.
TEST(DriftCompensator, LeastSquaresOverThePatternsWithTheGuards) {
  // Two patterns x three columns: column 0 halved, column 1 quartered, column 2 empty.
  const std::vector<double> ref = {2.0, 4.0, 0.0, -1.0, 8.0, 0.0};
  std::vector<double> cur = {1.0, 1.0, 0.0, -0.5, 2.0, 0.0};
  DriftCompensator global(DriftCompensation::kGlobal), column(DriftCompensation::kPerColumn);
  for (DriftCompensator* d : {&global, &column}) d->set_reference(readout(ref, 3));
  CalibrationReadout now = readout(cur, 3);
  global.update(now);
  column.update(now);
  const double best = (2.0 + 4.0 + 0.5 + 16.0) / (1.0 + 1.0 + 0.25 + 4.0);  // sum rc / sum cc
  for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(global.scale()[c], best);
  EXPECT_FLOAT_EQ(column.scale()[0], 2.0f);
  EXPECT_FLOAT_EQ(column.scale()[1], 4.0f);
  EXPECT_FLOAT_EQ(column.scale()[2], best);  // empty column: the global factor
  // A saturated read (here a clipped value) is left out of every sum.
  now.mean[4] = 0.1;
  now.square[4] = 0.01;
  now.saturated[4] = 1;
  column.update(now);
  EXPECT_FLOAT_EQ(column.scale()[1], 4.0f);
  EXPECT_FLOAT_EQ(column.scale()[0], 2.0f);
  // No compensation, or no usable read: 1.
  DriftCompensator none(DriftCompensation::kNone);
  none.set_reference(readout(ref, 3));
  none.update(readout(cur, 3));
  for (float a : none.scale()) EXPECT_EQ(a, 1.0f);
  global.update(readout(std::vector<double>(6, 0.0), 3));
  for (float a : global.scale()) EXPECT_EQ(a, 1.0f);
}

// Global compensation: within 1 % of the least-squares best scale at 1 h, 1 day and 1 year
// (measured: within 0.06 %; the full orthogonal set makes it the matrix least-squares scale, and
// 2048 test inputs x 64 columns pin the best to ~0.1 %).
TEST(DriftCompensation, GlobalFactorIsWithinOnePercentOfTheBest) {
  for (std::uint64_t seed : kSeeds) {
    for (double t : kTimes) {
      const Case c = run_case(DriftCompensation::kGlobal, seed, t);
      EXPECT_GT(c.best, 1.2) << "drift must be undone: seed " << seed << " t " << t;
      EXPECT_NEAR(c.factor[0] / c.best, 1.0, 0.01) << "seed " << seed << " t " << t;
      for (float a : c.factor) EXPECT_EQ(a, c.factor[0]);
    }
  }
}

// Per column: every column within 3 % of its own best scale, and the rms over the columns within
// 1 %. Tolerance: each column's factor rests on 512 reads of one column, whose read and ADC noise
// leave ~0.4 % rms (measured: rms 0.35-0.55 %, worst column 1.7 % over the 576 columns), and each
// column's best over 2048 test inputs carries a sampling error of the same order; 3 % is ~6
// standard deviations of their sum.
TEST(DriftCompensation, PerColumnFactorsAreWithinTheirTolerance) {
  for (std::uint64_t seed : kSeeds) {
    for (double t : kTimes) {
      const Case c = run_case(DriftCompensation::kPerColumn, seed, t);
      double sum_sq = 0.0;
      for (int k = 0; k < kCols; ++k) {
        const double e = c.factor[k] / c.best_column[k] - 1.0;
        EXPECT_LT(std::fabs(e), 0.03) << "seed " << seed << " t " << t << " column " << k;
        sum_sq += e * e;
      }
      EXPECT_LT(std::sqrt(sum_sq / kCols), 0.01) << "seed " << seed << " t " << t;
    }
  }
}

// The old bias is gone: the summed-magnitude readout (G+ + G-) gives factors 1.3-3.9 % above the
// best on these tiles at 1 day and 1 year; the differential calibration's signed error averages
// within +-0.2 % over seeds and times and is never 1 % above. Its cur^2 estimate matters: with a
// single read per pattern (calibration_reads = 1) the read-noise power biases the factor low
// (measured: -0.5 to -1 %).
TEST(DriftCompensation, TheSummedMagnitudeBiasIsGone) {
  double mean_error = 0.0, mean_error_one_read = 0.0;
  int cases = 0;
  for (std::uint64_t seed : kSeeds) {
    for (double t : kTimes) {
      const Case c = run_case(DriftCompensation::kGlobal, seed, t);
      if (t >= kDay) {
        EXPECT_GT(c.old_factor / c.best, 1.01) << "seed " << seed << " t " << t;
      }
      EXPECT_LT(c.factor[0] / c.best, 1.01) << "seed " << seed << " t " << t;
      mean_error += c.factor[0] / c.best - 1.0;
      mean_error_one_read += run_case(DriftCompensation::kGlobal, seed, t, 1).factor[0] / c.best;
      mean_error_one_read -= 1.0;
      ++cases;
    }
  }
  EXPECT_NEAR(mean_error / cases, 0.0, 0.002);
  EXPECT_LT(mean_error_one_read / cases, -0.003);
}

// Calibration reads carry the read noise of their time: two calibrations at the same time give
// different factors (close: 512 reads average it). Without drift or noise (ideal device) the
// factor is exactly 1.
TEST(DriftCompensation, CalibrationReadsCarryReadNoise) {
  AnalogTileModel tile(synthetic_pcm_tile(DriftCompensation::kGlobal), RandomStream(4, "tile"));
  tile.program(trained_like_weights(4), kRows, kCols);
  tile.calibrate(kDay);
  const float first = tile.compensation_scale()[0];
  tile.calibrate(kDay);
  const float second = tile.compensation_scale()[0];
  EXPECT_NE(first, second);
  EXPECT_NEAR(first / second, 1.0, 0.005);

  TileParams p = synthetic_pcm_tile(DriftCompensation::kPerColumn);
  p.device.type = DeviceType::kIdeal;
  p.adc.noise_sigma = 0.0;
  AnalogTileModel ideal(p, RandomStream(4, "tile"));
  ideal.program(trained_like_weights(4), kRows, kCols);
  ideal.calibrate(kDay);
  for (float a : ideal.compensation_scale()) EXPECT_EQ(a, 1.0f);
}

// The calibration amplitude keeps the largest calibration output inside the ADC range, in whole
// DAC steps; a calibration is calibration_inputs_used() x calibration_reads reads.
TEST(DriftCompensation, CalibrationAmplitudeAndReadCount) {
  TileParams p = synthetic_pcm_tile(DriftCompensation::kGlobal);
  AnalogTileModel tile(p, RandomStream(4, "tile"));
  EXPECT_EQ(tile.calibration_reads(), 0);
  std::vector<float> w = trained_like_weights(4);
  w.resize(200 * kCols);
  tile.program(w, 200, kCols);  // 200 rows: 256 patterns
  const double a = tile.calibration_amplitude();
  EXPECT_GT(a, 0.1);
  EXPECT_LT(a, 1.0);
  EXPECT_DOUBLE_EQ(std::round(a * 127.0), a * 127.0);
  EXPECT_EQ(tile.calibration_inputs_used(), 256);
  EXPECT_EQ(tile.calibration_reads(), 512);
  p.read.calibration_inputs = 16;
  p.read.calibration_reads = 3;
  AnalogTileModel fewer(p, RandomStream(4, "tile"));
  fewer.program(w, 200, kCols);
  EXPECT_EQ(fewer.calibration_reads(), 48);
  p.read.compensation = DriftCompensation::kPerColumn;  // per column needs the whole set
  AnalogTileModel column(p, RandomStream(4, "tile"));
  column.program(w, 200, kCols);
  EXPECT_EQ(column.calibration_reads(), 768);
  p.read.calibration_reads = 0;
  EXPECT_THROW(AnalogTileModel(p, RandomStream(4, "tile")), std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff
