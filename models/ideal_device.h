// Ideal device: programs exactly to the target, no drift, no read noise.
#pragma once

#include "models/device_model.h"

namespace kirchhoff {

class IdealDevice final : public DeviceModel {
 public:
  void program(const std::vector<float>& target_uS, const RandomStream& rng, std::uint64_t event,
               ProgrammedDevices* out) const override;
  float read_q(float /*g_prog_uS*/) const override { return 0.0f; }
  bool exact_programming() const override { return true; }
  double drift_t0_s() const override { return 1.0; }
  double read_noise_time_factor(double /*t_s*/) const override { return 0.0; }
};

}  // namespace kirchhoff
