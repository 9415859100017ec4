#include "models/dac.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <stdexcept>

#include "models/rounding.h"

namespace kirchhoff {
namespace {
constexpr int kMaxDacBits = 30;  // codes are held in int
}

Dac::Dac(const DacParams& params) : p_(params) {
  if (p_.bits < (p_.is_signed ? 2 : 1) || p_.bits > kMaxDacBits) {
    throw std::invalid_argument("dac.bits must be in [2, 30] signed or [1, 30] unsigned");
  }
  if (!(p_.range > 0.0) || !(p_.t_lsb_ns >= 0.0) || p_.phases < 1) {
    throw std::invalid_argument("dac: range must be > 0, t_lsb_ns >= 0, phases >= 1");
  }
  magnitude_bits_ = p_.is_signed ? p_.bits - 1 : p_.bits;
  steps_ = std::ldexp(1.0, magnitude_bits_) - 1.0;
}

double Dac::full_scale(const float* x, int n) const {
  if (!abs_max()) return p_.range;
  float m = 0.0f;
  for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  return m > 0.0f ? m : p_.range;
}

void Dac::convert(const float* x, int n, double full_scale, float* x_n, int* code) const {
  const double inv = 1.0 / full_scale;
  const double lo = p_.is_signed ? -1.0 : 0.0;
  for (int i = 0; i < n; ++i) {
    const double v = std::clamp(x[i] * inv, lo, 1.0);
    const double q = round_half_away(v * steps_);
    x_n[i] = static_cast<float>(q / steps_);
    code[i] = static_cast<int>(std::fabs(q));
  }
}

int Dac::clipped(const float* x, int n, double full_scale) const {
  const double lo = p_.is_signed ? -full_scale : 0.0;
  int count = 0;
  for (int i = 0; i < n; ++i) count += (x[i] > full_scale || x[i] < lo) ? 1 : 0;
  return count;
}

int Dac::bit_phases() const {
  return p_.encoding == InputEncoding::kBitSerial ? magnitude_bits_ : 1;
}

double Dac::pulse_window_ns() const {
  return p_.encoding == InputEncoding::kBitSerial ? p_.t_lsb_ns
                                                  : std::ldexp(1.0, magnitude_bits_) * p_.t_lsb_ns;
}

double Dac::pulse_ns(int code) const {
  if (p_.encoding == InputEncoding::kBitSerial) {
    return static_cast<double>(std::bitset<32>(static_cast<unsigned>(code)).count()) * p_.t_lsb_ns;
  }
  return code * p_.t_lsb_ns;
}

}  // namespace kirchhoff
