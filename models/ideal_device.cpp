#include "models/ideal_device.h"

#include <algorithm>

namespace kirchhoff {

void IdealDevice::program(const std::vector<float>& target_uS, const RandomStream& /*rng*/,
                          std::uint64_t /*event*/, ProgrammedDevices* out) const {
  out->resize(target_uS.size());
  for (std::size_t i = 0; i < target_uS.size(); ++i) {
    out->g_prog_uS[i] = std::max(0.0f, target_uS[i]);
  }
}

}  // namespace kirchhoff
