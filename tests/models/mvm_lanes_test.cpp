// The vectorised MVM hot path (fused weight + variance GEMV, DAC conversion and clip count,
// output noise, ADC readout) gives bit for bit what the scalar expressions give, on sizes with
// every kind of ragged end (rows % 4, cols % 8 and cols % 4 not zero), on inputs with ties at
// half a step, clipping, saturation, zeros and negative zeros.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "models/adc.h"
#include "models/dac.h"
#include "models/mvm_kernel.h"
#include "models/random_stream.h"
#include "models/rounding.h"

namespace kirchhoff {
namespace {

std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

std::vector<float> uniform(int n, std::uint64_t event, float lo, float hi) {
  const RandomStream rng(7, "mvm_lanes_test");
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = lo + (hi - lo) * static_cast<float>(rng.uniform(event, i));
  return v;
}

TEST(MvmLanes, FusedGemvAndVarianceEqualTheTwoSeparateGemvs) {
  for (const int rows : {1, 3, 4, 7, 8, 13, 64}) {
    for (const int cols : {1, 5, 8, 12, 13, 16, 21, 29, 40, 64}) {
      const std::vector<float> m = uniform(rows * cols, 1, -1.0f, 1.0f);
      const std::vector<float> vf = uniform(rows * cols, 2, 0.0f, 1e-3f);
      std::vector<std::uint16_t> var(vf.size());
      for (std::size_t i = 0; i < vf.size(); ++i) var[i] = to_bfloat16(vf[i]);
      const std::vector<float> a = uniform(rows, 3, -1.0f, 1.0f);
      // Different start values per column: the sixteen-column blocks keep the variance sums
      // de-interleaved while they add, and must put every column back in its place.
      std::vector<float> y1(cols, 0.25f), s1 = uniform(cols, 4, 0.5f, 1.0f), y2 = y1, s2 = s1;
      gemv_accumulate(m.data(), rows, cols, a.data(), y1.data());
      variance_gemv_accumulate(var.data(), rows, cols, a.data(), s1.data());
      gemv_and_variance_accumulate(m.data(), var.data(), rows, cols, a.data(), y2.data(),
                                   s2.data());
      for (int c = 0; c < cols; ++c) {
        ASSERT_EQ(bits(y1[c]), bits(y2[c])) << rows << "x" << cols << " column " << c;
        ASSERT_EQ(bits(s1[c]), bits(s2[c])) << rows << "x" << cols << " column " << c;
      }
      // And the weight sums are the column sums (to float rounding).
      for (int c = 0; c < cols; ++c) {
        double ref = 0.25;
        for (int r = 0; r < rows; ++r) ref += static_cast<double>(a[r]) * m[r * cols + c];
        EXPECT_NEAR(y2[c], ref, 1e-5 * rows);
      }
    }
  }
}

TEST(MvmLanes, OutputNoiseEqualsTheScalarExpression) {
  for (const int n : {1, 7, 8, 9, 31}) {
    const std::vector<float> var = uniform(n, 4, 0.0f, 1e-2f), normal = uniform(n, 5, -3.0f, 3.0f);
    std::vector<float> z = uniform(n, 6, -1.0f, 1.0f), ref = z;
    add_output_noise(var.data(), normal.data(), 0.7f, 1.6e-3f, n, z.data());
    for (int c = 0; c < n; ++c) {
      ref[c] += std::sqrt(0.7f * var[c] + 1.6e-3f) * normal[c];
      ASSERT_EQ(bits(z[c]), bits(ref[c])) << n << " column " << c;
    }
  }
}

TEST(MvmLanes, DacConvertAndClipCountEqualTheScalarExpressions) {
  for (const bool is_signed : {true, false}) {
    DacParams p;
    p.is_signed = is_signed;
    const Dac dac(p);
    const double steps = dac.steps(), fs = 0.8;
    // Ties at half a step (k + 0.5) / steps * fs, both signs, beyond the full scale, zeros.
    std::vector<float> x = uniform(37, 7, -1.2f, 1.2f);
    for (int k = 0; k < 6; ++k) x.push_back(static_cast<float>((k + 0.5) / steps * fs));
    for (int k = 0; k < 6; ++k) x.push_back(static_cast<float>(-(k + 0.5) / steps * fs));
    x.insert(x.end(), {0.0f, -0.0f, 0.8f, -0.8f, 2.0f, -2.0f, 0.80001f});
    const int n = static_cast<int>(x.size());
    std::vector<float> xn(n);
    std::vector<int> code(n);
    dac.convert(x.data(), n, fs, xn.data(), code.data());
    const double inv = 1.0 / fs, lo = is_signed ? -1.0 : 0.0;
    int clipped = 0;
    for (int i = 0; i < n; ++i) {
      const double v = std::clamp(x[i] * inv, lo, 1.0);
      const double q = round_half_away(v * steps);
      ASSERT_EQ(bits(xn[i]), bits(static_cast<float>(q / steps))) << "input " << i;
      ASSERT_EQ(code[i], static_cast<int>(std::fabs(q))) << "input " << i;
      clipped += (x[i] > fs || x[i] < (is_signed ? -fs : 0.0)) ? 1 : 0;
    }
    EXPECT_EQ(dac.clipped(x.data(), n, fs), clipped);
    EXPECT_GE(clipped, is_signed ? 6 : 20);  // the test exercises clipping
  }
}

TEST(MvmLanes, AdcReadoutEqualsTheScalarExpression) {
  AdcParams p;
  p.gain = 1.5;
  p.bound = 1.2;
  const Adc adc(p);
  std::vector<float> z = uniform(41, 8, -1.5f, 1.5f);
  const float lsb_z = static_cast<float>(adc.lsb() / p.gain);
  for (int k = 0; k < 5; ++k) {
    z.push_back((k + 0.5f) * lsb_z);  // ties (up to float rounding of the tie itself)
    z.push_back(-(k + 0.5f) * lsb_z);
  }
  z.insert(z.end(), {0.0f, -0.0f, 0.8f, -0.8f});
  const int n = static_cast<int>(z.size());
  const std::vector<float> alpha = uniform(n, 9, 0.9f, 1.1f), w_max = uniform(n, 10, 0.1f, 2.0f);
  std::vector<float> y(n);
  const int saturated = adc.convert_scaled(z.data(), alpha.data(), w_max.data(), 0.37, n, y.data());
  int expected = 0;
  for (int c = 0; c < n; ++c) {
    if (adc.saturates(z[c])) ++expected;
    const float ref = static_cast<float>(adc.convert(z[c]) * alpha[c] * w_max[c] * 0.37);
    ASSERT_EQ(bits(y[c]), bits(ref)) << "column " << c;
  }
  EXPECT_EQ(saturated, expected);
  EXPECT_GE(expected, 10);  // z beyond +-bound / gain = +-0.8 exists in the draw
}

// The calibration reads' conversion (AnalogTileModel::read_calibration): values and saturation
// flags as convert() and saturates() give them, ties and signed zeros included.
TEST(MvmLanes, AdcConvertManyEqualsConvert) {
  AdcParams p;
  p.gain = 1.5;
  p.bound = 1.2;
  const Adc adc(p);
  std::vector<float> z = uniform(43, 12, -1.5f, 1.5f);
  const float lsb_z = static_cast<float>(adc.lsb() / p.gain);
  for (int k = 0; k < 5; ++k) {
    z.push_back((k + 0.5f) * lsb_z);
    z.push_back(-(k + 0.5f) * lsb_z);
  }
  z.insert(z.end(), {0.0f, -0.0f, 0.8f, -0.8f, -0.1f * lsb_z});
  const int n = static_cast<int>(z.size());
  std::vector<double> v(n);
  std::vector<std::uint8_t> sat(n, 0);
  sat[1] = 1;  // already set by an earlier read: stays set
  adc.convert_many(z.data(), n, v.data(), sat.data());
  int saturated = 0;
  for (int c = 0; c < n; ++c) {
    ASSERT_EQ(bits(v[c]), bits(adc.convert(z[c]))) << "column " << c;
    ASSERT_EQ(sat[c], (adc.saturates(z[c]) || c == 1) ? 1 : 0) << "column " << c;
    saturated += adc.saturates(z[c]) ? 1 : 0;
  }
  EXPECT_GE(saturated, 10);
}

}  // namespace
}  // namespace kirchhoff
