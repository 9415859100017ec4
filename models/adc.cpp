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
  energy_pj_ = law_energy_pj();  // throws for a table without this width
}

double Adc::conversion_ns() const {
  switch (p_.type) {
    case AdcType::kSar:
      return p_.bits * p_.t_bit_ns;
    case AdcType::kTable:
      return p_.table_conversion_ns;
    case AdcType::kRamp:
    case AdcType::kCco:
      break;
  }
  return std::ldexp(1.0, p_.bits) * p_.t_lsb_ns;
}

double Adc::conversion_with_sharing_ns() const {
  return conversion_ns() * p_.columns_per_adc;
}

double Adc::energy_per_conversion_pj() const {
  return energy_pj_;
}

double Adc::law_energy_pj() const {
  if (p_.energy_per_conversion_pj > 0.0) return p_.energy_per_conversion_pj;
  switch (p_.type) {
    case AdcType::kSar:
      return adc_energy_walden_pj(p_.bits, p_.walden_fom_fj);
    case AdcType::kTable:
      return adc_energy_table_pj(p_.bits, p_.table_bits, p_.table_energy_pj);
    case AdcType::kRamp:
    case AdcType::kCco:
      break;
  }
  return adc_energy_time_based_pj(p_.power_mW, conversion_ns());
}

}  // namespace kirchhoff
