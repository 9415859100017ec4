#include "models/rram_device.h"

#include <algorithm>
#include <stdexcept>

namespace kirchhoff {

RramDevice::RramDevice(const RramParams& params, double g_max_uS)
    : p_(params), g_max_uS_(g_max_uS) {
  if (p_.prog_sigma_rel < 0.0 || p_.read_sigma_rel < 0.0 || p_.drift_nu < 0.0 || !(p_.t0_s > 0.0)) {
    throw std::invalid_argument(
        "device.rram: prog_sigma_rel, read_sigma_rel, drift_nu must be >= 0 and t0_s > 0");
  }
}

void RramDevice::program(const std::vector<float>& target_uS, const RandomStream& rng,
                         std::uint64_t event, ProgrammedDevices* out) const {
  const std::size_t n = target_uS.size();
  out->resize(n);
  std::vector<float> z(n);
  rng.normals(event, kSlotProgNoise * kSlotStride, z.data(), n);
  const float sigma = static_cast<float>(p_.prog_sigma_rel * g_max_uS_);
  const float nu = static_cast<float>(p_.drift_nu);
  for (std::size_t i = 0; i < n; ++i) {
    out->g_prog_uS[i] = std::max(0.0f, std::max(0.0f, target_uS[i]) + sigma * z[i]);
    out->nu[i] = nu;
  }
  out->nu_max = p_.drift_nu;
}

}  // namespace kirchhoff
