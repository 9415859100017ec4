// RRAM (HfOx-class) device: Gaussian programming noise with sigma = prog_sigma_rel * G_max,
// read noise sigma = read_sigma_rel * |G(t)| on every read (no time dependence), and an optional
// weak power-law drift G(t) = G_prog (t / t0)^-drift_nu with the same exponent for all devices.
// Sources of the defaults are at RramParams in models/tile_params.h.
#pragma once

#include "models/device_model.h"

namespace kirchhoff {

class RramDevice final : public DeviceModel {
 public:
  RramDevice(const RramParams& params, double g_max_uS);

  void program(const std::vector<float>& target_uS, const RandomStream& rng, std::uint64_t event,
               ProgrammedDevices* out) const override;
  float read_q(float /*g_prog_uS*/) const override { return static_cast<float>(p_.read_sigma_rel); }
  bool exact_programming() const override { return p_.prog_sigma_rel == 0.0; }
  double drift_t0_s() const override { return p_.t0_s; }
  double read_noise_time_factor(double /*t_s*/) const override { return 1.0; }

 private:
  RramParams p_;
  double g_max_uS_;
};

}  // namespace kirchhoff
