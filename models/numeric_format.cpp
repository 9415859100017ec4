#include "models/numeric_format.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>
#endif

namespace kirchhoff {
namespace {

// IEEE 754 binary16 layout: 1 sign, 5 exponent (bias 15), 10 fraction bits.
constexpr int kFp16FractionBits = 10;
constexpr int kFp16ExponentBias = 15;
constexpr int kFp16MinNormalExponent = -14;
constexpr int kFp16MaxExponent = 15;
constexpr std::uint16_t kFp16SignMask = 0x8000;
constexpr std::uint16_t kFp16ExponentMask = 0x7C00;
constexpr std::uint16_t kFp16FractionMask = 0x03FF;
constexpr std::uint16_t kFp16QuietNan = 0x7E00;
// IEEE 754 binary32: 23 fraction bits, smallest normal exponent -126.
constexpr int kFp32FractionBits = 23;
constexpr int kFp32MinNormalExponent = -126;

constexpr int kInt8Bits = 8;
constexpr int kInt16Bits = 16;

// 2^e for e in [-1022, 1023], built from its bits (exact, no libm call).
double power_of_two(int e) {
  const std::uint64_t bits = static_cast<std::uint64_t>(e + 1023) << 52;
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

void check_frac_bits(int frac_bits, int total_bits) {
  if (frac_bits < 0 || frac_bits >= total_bits) {
    throw std::invalid_argument("fixed-point frac_bits = " + std::to_string(frac_bits) +
                                " is out of range: allowed 0 .. " + std::to_string(total_bits - 1) +
                                " for int" + std::to_string(total_bits));
  }
}

}  // namespace

double round_half_even(double x) {
  // Work on |x|: there |x| - floor(|x|) is exact, so the tie test is exact too.
  const double magnitude = std::fabs(x);
  const double lower = std::floor(magnitude);
  const double diff = magnitude - lower;
  double rounded = lower + 1.0;
  if (diff < 0.5 || (diff == 0.5 && std::fmod(lower, 2.0) == 0.0)) rounded = lower;
  return std::copysign(rounded, x);
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define KIRCHHOFF_F16C 1
namespace {
#pragma GCC push_options
#pragma GCC target("f16c")
float round_float_to_fp16_f16c(float f) {
  const __m128i h = _mm_cvtps_ph(_mm_set_ss(f), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  return _mm_cvtss_f32(_mm_cvtph_ps(h));
}
#pragma GCC pop_options

bool has_f16c() {
  static const bool yes = [] {
    const char* force = std::getenv("KIRCHHOFF_SIMD");  // sse2: the portable code everywhere
    if (force != nullptr && std::strcmp(force, "sse2") == 0) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("f16c") != 0;
  }();
  return yes;
}
}  // namespace
#endif

float round_to_fp16(double x) {
#if KIRCHHOFF_F16C
  const float f = static_cast<float>(x);
  if (f == x && has_f16c()) return round_float_to_fp16_f16c(f);  // NaN: f != x
#endif
  return round_to_fp16_portable(x);
}

float round_to_fp16_portable(double x) {
  // The unbiased exponent from the bits (a subnormal double gives -1023; it clamps to the fp16
  // subnormal exponent like any tiny value; zero, infinities and NaN fall outside the normal
  // range and are handled after it). Power-of-two scalings are exact multiplications.
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  const int exp2 = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  if (exp2 >= kFp16MinNormalExponent && exp2 <= kFp16MaxExponent) {
    // Normal fp16 range: round the 52-bit fraction to 10 bits, half to even, on the bits
    // (a carry out of the fraction correctly bumps the exponent).
    constexpr int kDropped = 52 - kFp16FractionBits;
    constexpr std::uint64_t kHalf = std::uint64_t{1} << (kDropped - 1);
    const std::uint64_t lsb = (bits >> kDropped) & 1;
    std::uint64_t r = (bits + kHalf - 1 + lsb) & ~((std::uint64_t{1} << kDropped) - 1);
    if (static_cast<int>((r >> 52) & 0x7FF) - 1023 > kFp16MaxExponent) {
      return std::copysign(std::numeric_limits<float>::infinity(), x);
    }
    double rounded = 0;
    std::memcpy(&rounded, &r, sizeof rounded);
    return static_cast<float>(rounded);
  }
  if (std::isnan(x)) return std::numeric_limits<float>::quiet_NaN();
  if (std::isinf(x) || x == 0.0) return static_cast<float>(x);
  if (exp2 > kFp16MaxExponent) return std::copysign(std::numeric_limits<float>::infinity(), x);
  const int exponent = std::max(exp2, kFp16MinNormalExponent);
  const int quantum_exponent = exponent - kFp16FractionBits;  // in [-24, 1013]
  // |x| / quantum < 2^11: round half to even on the magnitude.
  const double scaled = std::fabs(x) * power_of_two(-quantum_exponent);
  const double lower = std::floor(scaled);
  const double diff = scaled - lower;
  const bool up = diff > 0.5 || (diff == 0.5 && (static_cast<std::int64_t>(lower) & 1) != 0);
  const double r = (up ? lower + 1.0 : lower) * power_of_two(quantum_exponent);
  // Rounding may carry into 2^16: anything at or above it overflows.
  if (r >= power_of_two(kFp16MaxExponent + 1))
    return std::copysign(std::numeric_limits<float>::infinity(), x);
  return static_cast<float>(std::copysign(r, x));
}

std::uint16_t fp16_bits_from_float(float x) {
  const std::uint16_t sign = std::signbit(x) ? kFp16SignMask : 0;
  if (std::isnan(x)) return static_cast<std::uint16_t>(sign | kFp16QuietNan);
  const double r = std::fabs(static_cast<double>(round_to_fp16(x)));
  if (std::isinf(r)) return static_cast<std::uint16_t>(sign | kFp16ExponentMask);
  if (r < std::ldexp(1.0, kFp16MinNormalExponent)) {  // subnormal or zero: exponent field 0
    const auto fraction =
        static_cast<std::uint16_t>(std::ldexp(r, -(kFp16MinNormalExponent - kFp16FractionBits)));
    return static_cast<std::uint16_t>(sign | fraction);
  }
  int exp2 = 0;
  std::frexp(r, &exp2);
  const int exponent = exp2 - 1;
  const auto significand =
      static_cast<std::uint32_t>(std::ldexp(r, kFp16FractionBits - exponent));  // 1024..2047
  const auto biased = static_cast<std::uint32_t>(exponent + kFp16ExponentBias);
  return static_cast<std::uint16_t>(sign | (biased << kFp16FractionBits) |
                                    (significand & kFp16FractionMask));
}

float float_from_fp16_bits(std::uint16_t bits) {
  const bool negative = (bits & kFp16SignMask) != 0;
  const int biased = (bits & kFp16ExponentMask) >> kFp16FractionBits;
  const int fraction = bits & kFp16FractionMask;
  double magnitude = 0.0;
  if (biased == (kFp16ExponentMask >> kFp16FractionBits)) {
    magnitude = fraction == 0 ? std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::quiet_NaN();
  } else if (biased == 0) {
    magnitude =
        std::ldexp(static_cast<double>(fraction), kFp16MinNormalExponent - kFp16FractionBits);
  } else {
    magnitude = std::ldexp(static_cast<double>(fraction + (1 << kFp16FractionBits)),
                           biased - kFp16ExponentBias - kFp16FractionBits);
  }
  return static_cast<float>(negative ? -magnitude : magnitude);
}

NumericFormat NumericFormat::int8(int frac_bits) {
  check_frac_bits(frac_bits, kInt8Bits);
  return {NumberKind::kInt8, frac_bits};
}

NumericFormat NumericFormat::int16(int frac_bits) {
  check_frac_bits(frac_bits, kInt16Bits);
  return {NumberKind::kInt16, frac_bits};
}

int NumericFormat::total_bits() const {
  switch (kind) {
    case NumberKind::kFp32:
      return 32;
    case NumberKind::kFp16:
      return 16;
    case NumberKind::kInt8:
      return kInt8Bits;
    case NumberKind::kInt16:
      return kInt16Bits;
  }
  return 0;
}

float NumericFormat::round(double x) const {
  switch (kind) {
    case NumberKind::kFp32:
      return static_cast<float>(x);
    case NumberKind::kFp16:
      return round_to_fp16(x);
    case NumberKind::kInt8:
    case NumberKind::kInt16: {
      if (std::isnan(x)) return 0.0f;
      const double code_max = std::ldexp(1.0, total_bits() - 1) - 1.0;
      const double code_min = -std::ldexp(1.0, total_bits() - 1);
      // Clamp before scaling so huge inputs (or inf) saturate without overflow.
      const double scaled = std::clamp(std::ldexp(x, frac_bits), code_min - 1.0, code_max + 1.0);
      const double code = std::clamp(round_half_even(scaled), code_min, code_max);
      return static_cast<float>(std::ldexp(code, -frac_bits));
    }
  }
  return static_cast<float>(x);
}

double NumericFormat::lsb() const {
  switch (kind) {
    case NumberKind::kFp32:
      return std::ldexp(1.0, -kFp32FractionBits);
    case NumberKind::kFp16:
      return std::ldexp(1.0, -kFp16FractionBits);
    case NumberKind::kInt8:
    case NumberKind::kInt16:
      return std::ldexp(1.0, -frac_bits);
  }
  return 0.0;
}

double NumericFormat::max_value() const {
  switch (kind) {
    case NumberKind::kFp32:
      return std::numeric_limits<float>::max();
    case NumberKind::kFp16:
      return std::ldexp(2.0 - std::ldexp(1.0, -kFp16FractionBits), kFp16MaxExponent);
    case NumberKind::kInt8:
    case NumberKind::kInt16:
      return (std::ldexp(1.0, total_bits() - 1) - 1.0) * lsb();
  }
  return 0.0;
}

double NumericFormat::min_value() const {
  if (is_fixed_point()) return -std::ldexp(1.0, total_bits() - 1) * lsb();
  return -max_value();
}

double NumericFormat::unit_roundoff() const {
  switch (kind) {
    case NumberKind::kFp32:
      return std::ldexp(1.0, -(kFp32FractionBits + 1));
    case NumberKind::kFp16:
      return std::ldexp(1.0, -(kFp16FractionBits + 1));
    case NumberKind::kInt8:
    case NumberKind::kInt16:
      return 0.0;
  }
  return 0.0;
}

double NumericFormat::rounding_error_bound(double x) const {
  if (is_fixed_point()) return lsb() / 2.0;
  const int min_normal_exponent =
      kind == NumberKind::kFp16 ? kFp16MinNormalExponent : kFp32MinNormalExponent;
  const double fraction_bits = kind == NumberKind::kFp16 ? kFp16FractionBits : kFp32FractionBits;
  // Half the smallest subnormal: 2^(emin - p) with p = fraction bits + 1.
  const double eta = std::ldexp(1.0, min_normal_exponent - static_cast<int>(fraction_bits) - 1);
  return std::max(unit_roundoff() * std::fabs(x), eta);
}

std::string NumericFormat::name() const {
  switch (kind) {
    case NumberKind::kFp32:
      return "fp32";
    case NumberKind::kFp16:
      return "fp16";
    case NumberKind::kInt8:
      return "int8(q" + std::to_string(frac_bits) + ")";
    case NumberKind::kInt16:
      return "int16(q" + std::to_string(frac_bits) + ")";
  }
  return "?";
}

}  // namespace kirchhoff
