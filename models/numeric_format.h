// Numeric formats of a digital processing unit (DPU) datapath, and rounding into them.
//
// A DPU holds every value in one format: IEEE binary32 (fp32), IEEE binary16 (fp16), or
// two's-complement fixed point with 8 or 16 bits and a configurable number of fractional bits
// (int8 / int16). Values travel as `float` whatever the format: every fp16 value and every
// int8/int16 fixed-point value (code * 2^-frac_bits, at most 16 significant bits) is exactly
// representable in binary32, so a `float` that went through `NumericFormat::round` *is* the
// format's value.
//
// Rounding rules
//  - fp32: IEEE round-to-nearest-even (the hardware conversion from double).
//  - fp16: IEEE round-to-nearest-even, gradual underflow to subnormals (quantum 2^-24),
//    overflow to +-inf for |x| >= 65520 (the midpoint between the largest finite half, 65504,
//    and 2^16); NaN stays NaN. Implemented here without any external library.
//  - int8 / int16: round to the nearest multiple of the LSB 2^-frac_bits, ties to even (as
//    ONNX QuantizeLinear and numpy.round: unbiased), then saturate to the code range
//    [-2^(bits-1), 2^(bits-1) - 1]. NaN maps to 0 (a fixed-point datapath has no NaN).
#pragma once

#include <cstdint>
#include <string>

namespace kirchhoff {

enum class NumberKind : std::uint8_t { kFp32, kFp16, kInt8, kInt16 };

struct NumericFormat {
  NumberKind kind = NumberKind::kFp32;
  // Fractional bits of the fixed-point formats (value = code * 2^-frac_bits); 0 for floats.
  int frac_bits = 0;

  static NumericFormat fp32() { return {NumberKind::kFp32, 0}; }
  static NumericFormat fp16() { return {NumberKind::kFp16, 0}; }
  // Throws std::invalid_argument unless 0 <= frac_bits < 8 (resp. 16).
  static NumericFormat int8(int frac_bits);
  static NumericFormat int16(int frac_bits);

  bool is_fixed_point() const { return kind == NumberKind::kInt8 || kind == NumberKind::kInt16; }
  int total_bits() const;

  // The value of the format nearest to x (rules above). Taking a double lets a caller compute
  // an intermediate result exactly (or in double) and round it once.
  float round(double x) const;

  // Fixed point: the LSB 2^-frac_bits. Floats: the unit in the last place of 1.0 (2^-23 for
  // fp32, 2^-10 for fp16).
  double lsb() const;
  // Largest finite value (fixed point: (2^(bits-1) - 1) * LSB; fp16: 65504).
  double max_value() const;
  // Most negative finite value (fixed point: -2^(bits-1) * LSB).
  double min_value() const;
  // Bound on |round(x) - x| for an x inside the finite range: fixed point LSB / 2; floats
  // max(u * |x|, eta), with unit roundoff u = 2^-24 (fp32) / 2^-11 (fp16) and eta half the
  // smallest subnormal (2^-150 / 2^-25).
  double rounding_error_bound(double x) const;
  // Unit roundoff u of a float format; 0 for fixed point.
  double unit_roundoff() const;

  // "fp32", "fp16", "int8(q4)" ...
  std::string name() const;

  bool operator==(const NumericFormat& o) const {
    return kind == o.kind && frac_bits == o.frac_bits;
  }
  bool operator!=(const NumericFormat& o) const { return !(*this == o); }
};

// IEEE binary16 rounding and encoding.
// The binary16 value nearest to x: round-to-nearest-even, subnormals, overflow to +-inf.
// A double that is a float (the DPU's values are floats) converts in one F16C instruction where
// the processor has one (a float's one rounding to binary16 is the double's); the others, and
// every value on a processor without F16C, take round_to_fp16_portable, with the same result.
float round_to_fp16(double x);
float round_to_fp16_portable(double x);
// The binary16 bit pattern of x (rounded as above; NaN becomes a quiet NaN with x's sign).
std::uint16_t fp16_bits_from_float(float x);
// The value of a binary16 bit pattern (exact).
float float_from_fp16_bits(std::uint16_t bits);

// Round-to-nearest, ties to even, of a double to an integer-valued double (independent of the
// floating-point environment's rounding mode).
double round_half_even(double x);

}  // namespace kirchhoff
