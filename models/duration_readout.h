// The duration readout (Ambrogio 2023, the IBM 14 nm chip): each column's integrated charge is
// compared with a ramp, and the comparator's output pulse lasts from the ramp's start until
// the ramp crosses the capacitor voltage: a duration proportional to the column value,
// quantised to the ramp's step t_lsb_ns, clipped at the full scale B (the ADC_RANGE register's
// bound, tile.adc.bound / gain) and shaped by the activation the enable timing implements.
// Value law (z in normalised units, the tile's digital rescale applied by the caller):
//   none:         round(clamp(z, -B, B) / (B / (2^(bits-1) - 1))) steps   (sign + magnitude)
//   relu:         round(clamp(z, 0, B) / (B / (2^bits - 1))) steps          (no pulse below 0)
//   hard_sigmoid: round((clamp(z, -B, B) + B) / (2B) * (2^bits - 1)) / (2^bits - 1), in [0, 1]:
//                 the output is the fraction of the ramp (clamp(z / 2B + 1/2, 0, 1)), so its
//                 slope is set by the full scale, and the tile does not rescale it.
// Timing: one read's conversion lasts the whole ramp, 2^bits * t_lsb_ns, whatever the values.
// Energy: the ramp generator and every used column's comparator draw their power for the ramp:
//   E = (ramp_power_mW + cols_used * comparator_power_mW) * 2^bits * t_lsb_ns   (mW ns = pJ).
#pragma once

#include "models/duration_readout_params.h"
#include "models/rounding.h"

namespace kirchhoff {

class DurationReadout {
 public:
  // Throws std::invalid_argument on bits outside [2, 24], t_lsb_ns <= 0 or negative powers.
  explicit DurationReadout(const DurationReadoutParams& params);

  // The output value of column value z with full scale bound (> 0), by the law above.
  double convert(double z, double bound) const {
    switch (p_.activation) {
      case DurationActivation::kRelu: {
        const double v = z < 0.0 ? 0.0 : (z > bound ? bound : z);
        const double lsb = bound / unsigned_steps_;
        return round_half_away(v / lsb) * lsb;
      }
      case DurationActivation::kHardSigmoid: {
        const double v = z < -bound ? -bound : (z > bound ? bound : z);
        return round_half_away((v + bound) / (2.0 * bound) * unsigned_steps_) / unsigned_steps_;
      }
      case DurationActivation::kNone:
        break;
    }
    const double v = z < -bound ? -bound : (z > bound ? bound : z);
    const double lsb = bound / signed_steps_;
    return round_half_away(v / lsb) * lsb;
  }
  // True when the pulse is cut at the full scale (z beyond +bound, or below -bound where the
  // activation has a negative range).
  bool saturates(double z, double bound) const {
    if (p_.activation == DurationActivation::kRelu) return z > bound;
    return z > bound || z < -bound;
  }
  // true: convert() gives the value in the tile's output units before the digital rescale
  // (none, relu); false: a dimensionless fraction (hard_sigmoid) that is not rescaled.
  bool rescaled() const { return p_.activation != DurationActivation::kHardSigmoid; }

  // The activation of the following reads (the READOUT_ACTIVATION register: the layer's fused
  // activation, compiler/readout_activation.h). Timing and energy do not change: the ramp runs
  // its whole sweep whatever window the comparators are enabled in.
  void set_activation(DurationActivation a) { p_.activation = a; }

  double ramp_ns() const { return ramp_ns_; }  // one read's conversion time
  double energy_per_read_pj(int cols_used) const;
  const DurationReadoutParams& params() const { return p_; }

 private:
  DurationReadoutParams p_;
  double signed_steps_, unsigned_steps_, ramp_ns_;
};

}  // namespace kirchhoff
