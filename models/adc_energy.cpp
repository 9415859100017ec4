#include "models/adc_energy.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace kirchhoff {
namespace {
constexpr double kPjPerFj = 1e-3;
}  // namespace

double adc_energy_time_based_pj(double power_mW, double conversion_ns) {
  return power_mW * conversion_ns;
}

double adc_energy_walden_pj(int bits, double fom_fj) {
  return fom_fj * std::ldexp(1.0, bits) * kPjPerFj;
}

double adc_energy_table_pj(int bits, const std::vector<double>& table_bits,
                           const std::vector<double>& table_energy_pj) {
  std::string widths;
  for (std::size_t i = 0; i < table_bits.size() && i < table_energy_pj.size(); ++i) {
    if (table_bits[i] == bits) return table_energy_pj[i];
    widths += (widths.empty() ? "" : ", ") + std::to_string(static_cast<long long>(table_bits[i]));
  }
  throw std::invalid_argument("adc table has no entry for " + std::to_string(bits) +
                              " bits; table bits: [" + widths + "]");
}

}  // namespace kirchhoff
