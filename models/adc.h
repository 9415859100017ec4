// Output ADC: analog gain, additive output noise, saturation at +-bound and signed quantisation
// with 2^(bits-1) - 1 steps per polarity; values in normalised units (|w| <= 1 times |x| <= 1
// is 1). Timing law: ramp/CCO 2^bits * t_lsb, SAR bits * t_bit, times columns_per_adc (columns
// sharing one converter convert one after another); table: table_conversion_ns. Energy per
// conversion from the law of the type (models/adc_energy.h) unless energy_per_conversion_pj > 0.
#pragma once

#include <cstdint>

#include "models/rounding.h"
#include "models/tile_params.h"

namespace kirchhoff {

class Adc {
 public:
  explicit Adc(const AdcParams& params);  // throws std::invalid_argument on bad params

  // Converts one analog value z (normalised units, noise already added) to the digital value it
  // reads as, in the same units: round(clamp(gain z, -bound, bound) / lsb) * lsb / gain, ties away
  // from 0.
  double convert(double z) const {
    double v = gain_ * z;
    v = v < -bound_ ? -bound_ : (v > bound_ ? bound_ : v);
    return round_half_away(v * inv_lsb_) * lsb_ / gain_;
  }
  // True when gain z lies beyond +-bound (the conversion saturates).
  bool saturates(double z) const { return gain_ * z > bound_ || gain_ * z < -bound_; }
  // The tile's readout of n columns: y[c] = convert(z[c]) * alpha[c] * w_max[c] * full_scale
  // (in double, left to right, then narrowed: the scalar expression's bits, four columns per
  // AVX2 operation). Returns how many of the columns saturate.
  int convert_scaled(const float* z, const float* alpha, const float* w_max, double full_scale,
                     int n, float* y) const;
  // v[c] = convert(z[c]) for c < n (the scalar expression's bits, four columns per AVX2
  // operation); sets saturated[c] to 1 where saturates(z[c]) and leaves it alone elsewhere.
  void convert_many(const float* z, int n, double* v, std::uint8_t* saturated) const;
  double lsb() const { return lsb_; }
  double conversion_ns() const;               // one conversion, without sharing
  double conversion_with_sharing_ns() const;  // times columns_per_adc
  double energy_per_conversion_pj() const;    // one conversion of one column
  const AdcParams& params() const { return p_; }

 private:
  AdcParams p_;
  double law_energy_pj() const;
  double gain_, bound_, lsb_, inv_lsb_, energy_pj_;
};

}  // namespace kirchhoff
