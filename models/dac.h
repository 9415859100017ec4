// Input DAC / pulse driver: clips and quantises an input vector and turns it into pulses.
//
// The DAC has `bits` including the sign bit when signed, so 2^m - 1 steps per polarity with
// m = magnitude_bits() (m = bits - 1 signed, bits unsigned; an unsigned DAC clips negative
// inputs to 0). Inputs are divided by the full scale (DacParams::range, or the vector's abs-max
// under noise management), clipped to [-1, 1] and rounded to the nearest step.
// Encodings: pwm drives one pulse of |code| * t_lsb per row in a window of 2^m * t_lsb;
// bit_serial applies one pulse of t_lsb per magnitude bit, one read (and conversion) per bit.
#pragma once

#include "models/tile_params.h"

namespace kirchhoff {

class Dac {
 public:
  explicit Dac(const DacParams& params);  // throws std::invalid_argument on bad params

  int magnitude_bits() const { return magnitude_bits_; }
  double steps() const { return steps_; }  // 2^m - 1
  // Per-vector noise management: range_mode abs_max or noise_management.
  bool abs_max() const { return p_.noise_management || p_.range_mode == DacRangeMode::kAbsMax; }
  // Full scale for this vector: range, or the abs-max of x under noise management (range when
  // the vector is all zero).
  double full_scale(const float* x, int n) const;
  // x_n[i] = clip(x[i] / full_scale) rounded to a step, in [-1, 1]; code[i] = |x_n| * steps.
  void convert(const float* x, int n, double full_scale, float* x_n, int* code) const;

  // How many of x's n values lie outside what full_scale converts without clipping
  // ([-full_scale, full_scale] signed, [0, full_scale] unsigned).
  int clipped(const float* x, int n, double full_scale) const;

  int bit_phases() const;           // reads per MVM phase: 1 (pwm) or m (bit_serial)
  double pulse_window_ns() const;   // integration window per read
  double pulse_ns(int code) const;  // total on-time of a row with this code
  const DacParams& params() const { return p_; }

 private:
  DacParams p_;
  int magnitude_bits_;
  double steps_;
};

}  // namespace kirchhoff
