#include "models/pcm_device.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kirchhoff {
namespace {
// Floor of g before the logarithm of the drift-exponent law (as in the published model).
constexpr double kNuGFloor = 1e-7;
}  // namespace

PcmDevice::PcmDevice(const PcmParams& params, double g_max_uS) : p_(params), g_max_uS_(g_max_uS) {
  if (!(p_.t0_s > 0.0) || !(p_.t_read_s > 0.0) || !(p_.g_ref_uS > 0.0)) {
    throw std::invalid_argument("device.pcm: t0_s, t_read_s and g_ref_uS must be > 0");
  }
}

double PcmDevice::prog_sigma_uS(double target_uS) const {
  const double g = target_uS / g_max_uS_;
  const double poly = p_.prog_c0_uS + p_.prog_c1_uS * g + p_.prog_c2_uS * g * g;
  return std::max(0.0, poly) * g_max_uS_ / p_.g_ref_uS;
}

double PcmDevice::nu_mean(double target_uS) const {
  const double g = std::max(target_uS / g_max_uS_, kNuGFloor);
  return std::clamp(p_.nu_mu_a * std::log(g) + p_.nu_mu_b, p_.nu_mu_min, p_.nu_mu_max);
}

double PcmDevice::nu_sigma(double target_uS) const {
  const double g = std::max(target_uS / g_max_uS_, kNuGFloor);
  return std::clamp(p_.nu_sigma_a * std::log(g) + p_.nu_sigma_b, p_.nu_sigma_min, p_.nu_sigma_max);
}

float PcmDevice::read_q(float g_prog_uS) const {
  const double g = std::max(std::fabs(g_prog_uS) / g_max_uS_, p_.read_q_g_min);
  return static_cast<float>(std::min(p_.read_q_a / std::pow(g, p_.read_q_exp), p_.read_q_max));
}

double PcmDevice::read_noise_time_factor(double t_s) const {
  const double l = std::log((t_s + p_.t_read_s) / (2.0 * p_.t_read_s));
  return l > 0.0 ? std::sqrt(l) : 0.0;
}

void PcmDevice::program(const std::vector<float>& target_uS, const RandomStream& rng,
                        std::uint64_t event, ProgrammedDevices* out) const {
  const std::size_t n = target_uS.size();
  out->resize(n);
  std::vector<float> z_prog(n), z_nu(n);
  rng.normals(event, kSlotProgNoise * kSlotStride, z_prog.data(), n);
  rng.normals(event, kSlotDriftNu * kSlotStride, z_nu.data(), n);
  double nu_max = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double target = std::max(0.0f, target_uS[i]);
    const double g_prog = std::max(0.0, target + prog_sigma_uS(target) * z_prog[i]);
    const double nu = std::fabs(nu_mean(target) + nu_sigma(target) * z_nu[i]);
    out->g_prog_uS[i] = static_cast<float>(g_prog);
    out->nu[i] = static_cast<float>(nu);
    out->read_q[i] = read_q(static_cast<float>(g_prog));
    nu_max = std::max(nu_max, nu);
  }
  out->nu_max = nu_max;
}

}  // namespace kirchhoff
