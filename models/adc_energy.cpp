#include "models/adc_energy.h"

#include <cmath>

namespace kirchhoff {
namespace {
constexpr double kSndrDbPerBit = 6.02;  // 20 log10(2)
constexpr double kSndrOffsetDb = 1.76;  // 10 log10(3/2), full-scale sine vs uniform error
constexpr double kPjPerJ = 1e12;
}  // namespace

double ideal_sndr_db(int bits) {
  return kSndrDbPerBit * bits + kSndrOffsetDb;
}

double adc_energy_fom_pj(int bits, double fom_db) {
  return kPjPerJ / (2.0 * std::pow(10.0, (fom_db - ideal_sndr_db(bits)) / 10.0));
}

}  // namespace kirchhoff
