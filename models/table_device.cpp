#include "models/table_device.h"

#include <algorithm>
#include <stdexcept>

namespace kirchhoff {

TableDevice::TableDevice(const TableParams& params) : p_(params) {
  const std::size_t n = p_.levels_uS.size();
  if (n == 0 || p_.mean_uS.size() != n || p_.sigma_uS.size() != n) {
    throw std::invalid_argument(
        "device.table: levels_uS, mean_uS and sigma_uS must have the same non-zero length");
  }
  for (std::size_t i = 1; i < n; ++i) {
    if (!(p_.levels_uS[i] > p_.levels_uS[i - 1])) {
      throw std::invalid_argument("device.table: levels_uS must ascend strictly");
    }
  }
  for (double s : p_.sigma_uS) {
    if (s < 0.0) throw std::invalid_argument("device.table: sigma_uS must be >= 0");
  }
}

double TableDevice::interpolate(const std::vector<double>& values, double target_uS) const {
  const auto& lv = p_.levels_uS;
  if (target_uS <= lv.front()) return values.front();
  if (target_uS >= lv.back()) return values.back();
  const std::size_t hi =
      static_cast<std::size_t>(std::upper_bound(lv.begin(), lv.end(), target_uS) - lv.begin());
  const std::size_t lo = hi - 1;
  const double f = (target_uS - lv[lo]) / (lv[hi] - lv[lo]);
  return values[lo] + f * (values[hi] - values[lo]);
}

double TableDevice::mean_uS(double target_uS) const {
  return interpolate(p_.mean_uS, target_uS);
}
double TableDevice::sigma_uS(double target_uS) const {
  return interpolate(p_.sigma_uS, target_uS);
}

void TableDevice::program(const std::vector<float>& target_uS, const RandomStream& rng,
                          std::uint64_t event, ProgrammedDevices* out) const {
  const std::size_t n = target_uS.size();
  out->resize(n);
  std::vector<float> z(n);
  rng.normals(event, kSlotProgNoise * kSlotStride, z.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = target_uS[i];
    out->g_prog_uS[i] = static_cast<float>(std::max(0.0, mean_uS(t) + sigma_uS(t) * z[i]));
  }
}

}  // namespace kirchhoff
