// The DPU's run-at-once binary16 rounding (models/fp16_span.h) gives, bit for bit, what
// round_to_fp16 gives element by element: on a sweep of float bit patterns (NaNs, infinities,
// subnormals, ties), at lengths that are not multiples of the eight-lane block, in place, and for
// the accumulate step's sum whether or not it is exact in float.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "models/fp16_span.h"
#include "models/numeric_format.h"

namespace kirchhoff {
namespace {

std::uint32_t bits_of(float f) {
  std::uint32_t b = 0;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

float from_bits(std::uint32_t b) {
  float f = 0;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

TEST(Fp16Span, RoundsEveryFloatClassAsTheScalarRounding) {
  std::vector<float> in;
  for (std::uint64_t u = 0; u < (std::uint64_t{1} << 32); u += 1009)
    in.push_back(from_bits(static_cast<std::uint32_t>(u)));
  for (int e = -26; e <= 16; ++e) {  // ties and their neighbours at every binary16 exponent
    for (int m = 0; m < 2048; m += 5) {
      const float tie = std::ldexp(static_cast<float>(2 * m + 1), e - 11);
      for (float f : {tie, std::nextafter(tie, 0.0f), std::nextafter(tie, 1e30f), -tie})
        in.push_back(f);
    }
  }
  in.push_back(std::numeric_limits<float>::quiet_NaN());
  in.push_back(-std::numeric_limits<float>::infinity());
  in.push_back(65520.0f);  // rounds up to infinity
  in.push_back(-0.0f);
  in.push_back(3.0f);  // a tail of 3 after the last block of 8: n % 8 != 0
  ASSERT_NE(in.size() % 8, 0u);
  std::vector<float> out(in.size());
  round_floats_to_fp16(in.data(), out.data(), in.size());
  std::size_t nans = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    ASSERT_EQ(bits_of(out[i]), bits_of(round_to_fp16(in[i]))) << std::hexfloat << in[i];
    if (std::isnan(in[i])) ++nans;
  }
  EXPECT_GT(nans, 1000u);  // the sweep crossed the NaN patterns
  std::vector<float> same = in;
  round_floats_to_fp16(same.data(), same.data(), same.size());  // in place
  for (std::size_t i = 0; i < in.size(); ++i) ASSERT_EQ(bits_of(same[i]), bits_of(out[i]));
}

TEST(Fp16Span, AccumulatesAsTheScalarFormula) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> mantissa(-1.0f, 1.0f);
  std::uniform_int_distribution<int> exponent(-28, 17);
  const std::size_t n = 100003;  // not a multiple of 8
  std::vector<float> acc(n), x(n);
  for (std::size_t i = 0; i < n; ++i) {
    // acc holds binary16 values; x any floats. Far-apart exponents make sums that are not exact
    // in float (the scalar way), near ones sums that are.
    acc[i] = round_to_fp16(std::ldexp(mantissa(rng), exponent(rng)));
    x[i] = std::ldexp(mantissa(rng), i % 3 == 0 ? exponent(rng) : exponent(rng) / 4);
  }
  acc[5] = std::numeric_limits<float>::infinity();
  x[6] = -std::numeric_limits<float>::infinity();
  x[7] = std::numeric_limits<float>::quiet_NaN();
  acc[17] = 65504.0f;  // + 65504 overflows to infinity
  x[17] = 65504.0f;
  acc[18] = std::ldexp(1.0f, 15);  // 2^15 + 2^-24: not a float sum's exact value
  x[18] = std::ldexp(1.0f, -24);
  std::vector<float> want(n);
  for (std::size_t i = 0; i < n; ++i)
    want[i] = round_to_fp16(static_cast<double>(acc[i]) + round_to_fp16(x[i]));
  accumulate_fp16(acc.data(), x.data(), n);
  for (std::size_t i = 0; i < n; ++i)
    ASSERT_EQ(bits_of(acc[i]), bits_of(want[i])) << i << " " << std::hexfloat << x[i];
  EXPECT_TRUE(std::isinf(acc[17]));
}

}  // namespace
}  // namespace kirchhoff
