#include "models/adc.h"

#include <cmath>
#include <stdexcept>

#include "models/adc_energy.h"

namespace kirchhoff {
namespace {
constexpr int kMaxAdcBits = 30;
}

Adc::Adc(const AdcParams& params) : p_(params) {
  if (p_.bits < 2 || p_.bits > kMaxAdcBits)
    throw std::invalid_argument("adc.bits must be in [2, 30]");
  if (!(p_.bound > 0.0) || !(p_.gain > 0.0) || p_.noise_sigma < 0.0 || p_.columns_per_adc < 1) {
    throw std::invalid_argument(
        "adc: bound and gain must be > 0, noise_sigma >= 0, columns_per_adc >= 1");
  }
  gain_ = p_.gain;
  bound_ = p_.bound;
  lsb_ = p_.bound / (std::ldexp(1.0, p_.bits - 1) - 1.0);
  inv_lsb_ = 1.0 / lsb_;
}

double Adc::conversion_ns() const {
  return p_.type == AdcType::kSar ? p_.bits * p_.t_bit_ns : std::ldexp(1.0, p_.bits) * p_.t_lsb_ns;
}

double Adc::conversion_with_sharing_ns() const {
  return conversion_ns() * p_.columns_per_adc;
}

double Adc::energy_per_conversion_pj() const {
  return p_.energy_per_conversion_pj > 0.0 ? p_.energy_per_conversion_pj
                                           : adc_energy_fom_pj(p_.bits, p_.fom_db);
}

}  // namespace kirchhoff
