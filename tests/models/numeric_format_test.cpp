#include "models/numeric_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace kirchhoff {
namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kPi = 3.14159265358979323846;

TEST(Fp16, RepresentableValuesAreExact) {
  for (double v : {0.0, 1.0, -2.0, 0.5, 1.5, 1024.0, 2047.0, 65504.0, -65504.0, 0.099975586,
                   std::ldexp(1.0, -14), std::ldexp(1.0, -24), std::ldexp(1023.0, -24),
                   std::ldexp(1025.0, -10)}) {
    // 0.099975586 is not exact in double, so round it to fp16 first.
    const float h = round_to_fp16(v);
    EXPECT_EQ(round_to_fp16(h), h) << v;
    EXPECT_EQ(float_from_fp16_bits(fp16_bits_from_float(h)), h) << v;
  }
  EXPECT_EQ(round_to_fp16(65504.0), 65504.0f);
  EXPECT_EQ(round_to_fp16(std::ldexp(1.0, -24)), std::ldexp(1.0f, -24));
}

// round_to_fp16 takes the F16C instruction for doubles that are floats: the same value as the
// portable rounding for every float bit pattern class (normal, subnormal, ties, overflow, inf),
// sampled every 997th pattern over all 2^32 plus the values around each binary16 tie.
TEST(Fp16, FastPathEqualsPortableRoundingForEveryFloatClass) {
  const auto same = [](float f) {
    const float fast = round_to_fp16(f), portable = round_to_fp16_portable(f);
    std::uint32_t a, b;
    std::memcpy(&a, &fast, sizeof a);
    std::memcpy(&b, &portable, sizeof b);
    return a == b || (std::isnan(fast) && std::isnan(portable));
  };
  std::uint64_t checked = 0;
  for (std::uint64_t u = 0; u < (std::uint64_t{1} << 32); u += 997) {
    const auto bits = static_cast<std::uint32_t>(u);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    ASSERT_TRUE(same(f)) << std::hexfloat << f;
    ++checked;
  }
  for (int e = -26; e <= 16; ++e) {  // ties and their neighbours at every binary16 exponent
    for (int m = 0; m < 2048; m += 7) {
      const float tie = std::ldexp(static_cast<float>(2 * m + 1), e - 11);
      for (float f : {tie, std::nextafter(tie, 0.0f), std::nextafter(tie, 1e30f), -tie}) {
        ASSERT_TRUE(same(f)) << std::hexfloat << f;
      }
    }
  }
  EXPECT_GT(checked, 4000000u);
}

TEST(Fp16, KnownBitPatterns) {
  EXPECT_EQ(fp16_bits_from_float(1.0f), 0x3C00);
  EXPECT_EQ(fp16_bits_from_float(-2.0f), 0xC000);
  EXPECT_EQ(fp16_bits_from_float(65504.0f), 0x7BFF);
  EXPECT_EQ(fp16_bits_from_float(std::ldexp(1.0f, -14)), 0x0400);     // smallest normal
  EXPECT_EQ(fp16_bits_from_float(std::ldexp(1.0f, -24)), 0x0001);     // smallest subnormal
  EXPECT_EQ(fp16_bits_from_float(std::ldexp(1023.0f, -24)), 0x03FF);  // largest subnormal
  EXPECT_EQ(fp16_bits_from_float(0.1f), 0x2E66);
  EXPECT_EQ(fp16_bits_from_float(1.0f / 3.0f), 0x3555);
  EXPECT_EQ(fp16_bits_from_float(-0.0f), 0x8000);
  EXPECT_EQ(fp16_bits_from_float(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(fp16_bits_from_float(-std::numeric_limits<float>::infinity()), 0xFC00);
  EXPECT_EQ(fp16_bits_from_float(std::numeric_limits<float>::quiet_NaN()) & 0x7E00, 0x7E00);

  EXPECT_EQ(float_from_fp16_bits(0x3C00), 1.0f);
  EXPECT_EQ(float_from_fp16_bits(0x7BFF), 65504.0f);
  EXPECT_EQ(float_from_fp16_bits(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(float_from_fp16_bits(0x8001), -std::ldexp(1.0f, -24));
  EXPECT_TRUE(std::isinf(float_from_fp16_bits(0x7C00)));
  EXPECT_TRUE(std::isnan(float_from_fp16_bits(0x7E00)));
}

TEST(Fp16, AllBitPatternsRoundTrip) {
  for (std::uint32_t b = 0; b <= 0xFFFF; ++b) {
    const auto bits = static_cast<std::uint16_t>(b);
    const float v = float_from_fp16_bits(bits);
    if (std::isnan(v)) continue;
    EXPECT_EQ(fp16_bits_from_float(v), bits) << std::hex << b;
  }
}

TEST(Fp16, TiesRoundToEven) {
  const double ulp1 = std::ldexp(1.0, -10);  // ulp in [1, 2)
  // 1 + ulp/2 lies between 1 (even) and 1 + ulp (odd): goes down.
  EXPECT_EQ(round_to_fp16(1.0 + ulp1 / 2), 1.0f);
  // 1 + 3 ulp/2 lies between 1 + ulp (odd) and 1 + 2 ulp (even): goes up.
  EXPECT_EQ(round_to_fp16(1.0 + 1.5 * ulp1), static_cast<float>(1.0 + 2 * ulp1));
  // Not a tie: the nearest wins.
  EXPECT_EQ(round_to_fp16(1.0 + 0.51 * ulp1), static_cast<float>(1.0 + ulp1));
  EXPECT_EQ(round_to_fp16(1.0 + 0.49 * ulp1), 1.0f);
  // Integers in [2048, 4096) have ulp 2.
  EXPECT_EQ(round_to_fp16(2049.0), 2048.0f);
  EXPECT_EQ(round_to_fp16(2051.0), 2052.0f);
  EXPECT_EQ(round_to_fp16(-2051.0), -2052.0f);
  // Ties in the subnormal range (quantum 2^-24).
  const double q = std::ldexp(1.0, -24);
  EXPECT_EQ(round_to_fp16(0.5 * q), 0.0f);
  EXPECT_EQ(round_to_fp16(1.5 * q), static_cast<float>(2 * q));
  EXPECT_EQ(round_to_fp16(2.5 * q), static_cast<float>(2 * q));
  // Carry from the largest subnormal into the smallest normal.
  EXPECT_EQ(round_to_fp16(1023.5 * q), std::ldexp(1.0f, -14));
}

TEST(Fp16, OverflowGoesToInfinity) {
  EXPECT_EQ(round_to_fp16(65519.0), 65504.0f);  // below the midpoint 65520
  EXPECT_EQ(round_to_fp16(65520.0), std::numeric_limits<float>::infinity());  // tie to "even" 2^16
  EXPECT_EQ(round_to_fp16(1e6), std::numeric_limits<float>::infinity());
  EXPECT_EQ(round_to_fp16(-1e6), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(round_to_fp16(kInf), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(round_to_fp16(std::nan(""))));
}

TEST(Fp16, SubnormalsAreGradual) {
  const double q = std::ldexp(1.0, -24);
  EXPECT_EQ(round_to_fp16(3 * q), static_cast<float>(3 * q));
  EXPECT_EQ(round_to_fp16(3.4 * q), static_cast<float>(3 * q));
  EXPECT_EQ(round_to_fp16(0.51 * q), static_cast<float>(q));
  EXPECT_EQ(round_to_fp16(0.49 * q), 0.0f);
  EXPECT_TRUE(std::signbit(round_to_fp16(-0.49 * q)));  // underflow keeps the sign
  // Inside the subnormal range the absolute error is at most q/2, not relative.
  for (int k = 1; k < 100; ++k) {
    const double x = k * 0.37 * q;
    EXPECT_LE(std::fabs(round_to_fp16(x) - x), q / 2) << k;
  }
}

TEST(Fp16, ErrorWithinHalfUlpOverTheRange) {
  const NumericFormat f = NumericFormat::fp16();
  for (double x = 1e-7; x < 65000.0; x *= 1.0137) {
    EXPECT_LE(std::fabs(f.round(x) - x), f.rounding_error_bound(x)) << x;
    EXPECT_LE(std::fabs(f.round(-x) + x), f.rounding_error_bound(x)) << x;
  }
}

TEST(Fp32, RoundIsFloatConversion) {
  const NumericFormat f = NumericFormat::fp32();
  EXPECT_EQ(f.round(0.1), 0.1f);
  EXPECT_EQ(f.round(1.0 + std::ldexp(1.0, -24)), 1.0f);  // tie to even
  EXPECT_EQ(f.round(1.0 + 3 * std::ldexp(1.0, -24)), 1.0f + std::ldexp(1.0f, -22));
  EXPECT_LE(std::fabs(f.round(kPi) - kPi), f.rounding_error_bound(kPi));
}

TEST(FixedPoint, Int8RoundsToNearestLsbTiesToEven) {
  const NumericFormat f = NumericFormat::int8(4);  // LSB 1/16, range [-8, 7.9375]
  EXPECT_DOUBLE_EQ(f.lsb(), 1.0 / 16);
  EXPECT_EQ(f.round(1.0), 1.0f);
  EXPECT_EQ(f.round(1.03), 1.0f);           // 16.48 LSB -> 16
  EXPECT_EQ(f.round(1.04), 17.0f / 16);     // 16.64 LSB -> 17
  EXPECT_EQ(f.round(0.5 / 16), 0.0f);       // 0.5 LSB: tie to even 0
  EXPECT_EQ(f.round(1.5 / 16), 2.0f / 16);  // 1.5 LSB: tie to even 2
  EXPECT_EQ(f.round(2.5 / 16), 2.0f / 16);
  EXPECT_EQ(f.round(-1.5 / 16), -2.0f / 16);
  EXPECT_EQ(f.round(-0.03), 0.0f);  // -0.48 LSB
}

TEST(FixedPoint, Int8Saturates) {
  const NumericFormat f = NumericFormat::int8(4);
  EXPECT_DOUBLE_EQ(f.max_value(), 127.0 / 16);
  EXPECT_DOUBLE_EQ(f.min_value(), -8.0);
  EXPECT_EQ(f.round(7.9375), 7.9375f);
  EXPECT_EQ(f.round(7.97), 7.9375f);  // would round to code 128: saturates at 127
  EXPECT_EQ(f.round(100.0), 7.9375f);
  EXPECT_EQ(f.round(-8.0), -8.0f);
  EXPECT_EQ(f.round(-8.02), -8.0f);
  EXPECT_EQ(f.round(-1e300), -8.0f);
  EXPECT_EQ(f.round(kInf), 7.9375f);
  EXPECT_EQ(f.round(-kInf), -8.0f);
  EXPECT_EQ(f.round(std::nan("")), 0.0f);
  const NumericFormat q0 = NumericFormat::int8(0);
  EXPECT_EQ(q0.round(127.4), 127.0f);
  EXPECT_EQ(q0.round(200.0), 127.0f);
  EXPECT_EQ(q0.round(-129.0), -128.0f);
}

TEST(FixedPoint, Int16RoundsAndSaturates) {
  const NumericFormat f = NumericFormat::int16(8);  // LSB 1/256, range [-128, 127.996]
  EXPECT_DOUBLE_EQ(f.max_value(), 32767.0 / 256);
  EXPECT_DOUBLE_EQ(f.min_value(), -128.0);
  EXPECT_EQ(f.round(3.14159), 804.0f / 256);  // 804.25 LSB
  EXPECT_EQ(f.round(0.5 / 256), 0.0f);
  EXPECT_EQ(f.round(3.5 / 256), 4.0f / 256);
  EXPECT_EQ(f.round(1000.0), static_cast<float>(32767.0 / 256));
  EXPECT_EQ(f.round(-1000.0), -128.0f);
  const NumericFormat q15 = NumericFormat::int16(15);
  EXPECT_EQ(q15.round(1.0), static_cast<float>(32767.0 / 32768));
  EXPECT_EQ(q15.round(-1.0), -1.0f);
}

TEST(FixedPoint, ErrorWithinHalfLsbInRange) {
  for (NumericFormat f : {NumericFormat::int8(3), NumericFormat::int8(7), NumericFormat::int16(0),
                          NumericFormat::int16(12)}) {
    for (double x = f.min_value(); x <= f.max_value(); x += f.lsb() * 0.173) {
      EXPECT_LE(std::fabs(f.round(x) - x), f.rounding_error_bound(x)) << f.name() << " " << x;
    }
  }
}

TEST(FixedPoint, FracBitsOutOfRangeThrow) {
  EXPECT_THROW(NumericFormat::int8(8), std::invalid_argument);
  EXPECT_THROW(NumericFormat::int8(-1), std::invalid_argument);
  EXPECT_THROW(NumericFormat::int16(16), std::invalid_argument);
  EXPECT_NO_THROW(NumericFormat::int16(15));
}

TEST(NumericFormat, NamesAndWidths) {
  EXPECT_EQ(NumericFormat::fp32().name(), "fp32");
  EXPECT_EQ(NumericFormat::fp16().name(), "fp16");
  EXPECT_EQ(NumericFormat::int8(4).name(), "int8(q4)");
  EXPECT_EQ(NumericFormat::int16(8).total_bits(), 16);
  EXPECT_EQ(NumericFormat::fp16().unit_roundoff(), std::ldexp(1.0, -11));
  EXPECT_EQ(NumericFormat::fp32().unit_roundoff(), std::ldexp(1.0, -24));
}

TEST(RoundHalfEven, IndependentOfSign) {
  EXPECT_EQ(round_half_even(0.5), 0.0);
  EXPECT_EQ(round_half_even(1.5), 2.0);
  EXPECT_EQ(round_half_even(2.5), 2.0);
  EXPECT_EQ(round_half_even(-2.5), -2.0);
  EXPECT_EQ(round_half_even(-3.5), -4.0);
  EXPECT_EQ(round_half_even(-0.49999999999999994), 0.0);
  EXPECT_EQ(round_half_even(2.4), 2.0);
  EXPECT_EQ(round_half_even(-2.6), -3.0);
}

}  // namespace
}  // namespace kirchhoff
