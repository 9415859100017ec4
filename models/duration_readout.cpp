#include "models/duration_readout.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace kirchhoff {
namespace {
constexpr int kMinBits = 2;
constexpr int kMaxBits = 24;
}  // namespace

DurationReadout::DurationReadout(const DurationReadoutParams& params) : p_(params) {
  if (p_.bits < kMinBits || p_.bits > kMaxBits) {
    throw std::invalid_argument("tile.duration.bits must be in [2, 24], got " +
                                std::to_string(p_.bits));
  }
  if (!(p_.t_lsb_ns > 0.0) || p_.ramp_power_mW < 0.0 || p_.comparator_power_mW < 0.0) {
    throw std::invalid_argument(
        "tile.duration: t_lsb_ns must be > 0, ramp_power_mW and comparator_power_mW >= 0");
  }
  signed_steps_ = std::ldexp(1.0, p_.bits - 1) - 1.0;
  unsigned_steps_ = std::ldexp(1.0, p_.bits) - 1.0;
  ramp_ns_ = std::ldexp(1.0, p_.bits) * p_.t_lsb_ns;
}

double DurationReadout::energy_per_read_pj(int cols_used) const {
  return (p_.ramp_power_mW + cols_used * p_.comparator_power_mW) * ramp_ns_;
}

}  // namespace kirchhoff
