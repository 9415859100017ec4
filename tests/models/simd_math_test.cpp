// Accuracy of the four-lane float math of models/simd_math.h against double-precision libm.
#include "models/simd_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace kirchhoff::simd {
namespace {

// Exact standard normal quantile of u in double: Newton on the CDF written with erfc on the
// side of u (no cancellation in either tail), started from the float approximation.
double exact_quantile(double u, double start) {
  double z = start;
  for (int k = 0; k < 6; ++k) {
    const double cdf_side = u < 0.5 ? 0.5 * std::erfc(-z / std::sqrt(2.0)) - u
                                    : (1.0 - u) - 0.5 * std::erfc(z / std::sqrt(2.0));
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
    z -= cdf_side / pdf;
  }
  return z;
}

TEST(SimdMath, Log2OfPositiveNormalFloats) {
  double worst = 0.0;
  for (double x = 1.2e-38; x < 3e38; x *= 1.0137) {
    const float xf = static_cast<float>(x);
    const double got = log2_4(splat(xf))[0];
    const double want = std::log2(static_cast<double>(xf));
    worst = std::max(worst, std::fabs(got - want) / std::max(1.0, std::fabs(want)));
  }
  for (float x = 0.5f; x < 2.0f; x += 1e-4f) {  // near 1: absolute error
    const double want = std::log2(static_cast<double>(x));
    worst = std::max(worst, std::fabs(log2_4(splat(x))[0] - want));
  }
  EXPECT_LT(worst, 2e-7);
}

TEST(SimdMath, Exp2RelativeErrorAndExactZero) {
  double worst = 0.0;
  for (double x = -126.0; x <= 127.0; x += 0.0173) {
    const float xf = static_cast<float>(x);
    const double want = std::exp2(static_cast<double>(xf));
    worst = std::max(worst, std::fabs(exp2_4(splat(xf))[0] / want - 1.0));
  }
  EXPECT_LT(worst, 3e-7);
  EXPECT_EQ(exp2_4(splat(0.0f))[0], 1.0f);  // a device that does not drift keeps G exactly
  EXPECT_EQ(exp2_4(splat(-3.0f))[0], 0.125f);
}

// Every 32-bit word near both ends and a sweep over the rest: |z - z_exact| <= 1e-6 max(1, |z|)
// for all but the 64 outermost words on each side (|z| <= 5.54: the single-precision erfinv is
// fitted for the arguments a float can hold), <= 4e-4 out to the largest |z| = 6.34; the two
// halves mirror each other exactly (b and ~b give -z and z).
TEST(SimdMath, NormalQuantileOfThirtyTwoBitWords) {
  double worst = 0.0, worst_outer = 0.0;
  const auto check = [&](std::uint32_t b) {
    const Float4 z = normal_4(Uint4{b, ~b, b, ~b});
    ASSERT_EQ(z[0], -z[1]) << b;
    const double u = (static_cast<double>(b) + 0.5) / 4294967296.0;
    const double want = exact_quantile(u, z[0]);
    const double e = std::fabs(z[0] - want) / std::max(1.0, std::fabs(want));
    double& bound = b < 64 || ~b < 64 ? worst_outer : worst;
    bound = std::max(bound, e);
  };
  for (std::uint32_t b = 0; b < 4096; ++b) check(b);
  for (std::uint32_t b = 0x7fffffffu - 4096; b <= 0x7fffffffu; ++b) check(b);
  for (std::uint64_t b = 0; b < (std::uint64_t{1} << 32); b += 104729) {
    check(static_cast<std::uint32_t>(b));
  }
  EXPECT_LT(worst, 1e-6);
  EXPECT_LT(worst_outer, 4e-4);
  EXPECT_NEAR(normal_4(Uint4{0, 0, 0, 0})[0], -6.33796, 3e-3);  // u = 2^-33
}

}  // namespace
}  // namespace kirchhoff::simd
