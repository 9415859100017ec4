// Measured device: for a target conductance, the programmed conductance is drawn from
// N(mean(target), sigma(target)), with mean and sigma interpolated linearly between the measured
// levels (held constant beyond the first and last level) and clamped at 0. The table's sigma
// already contains programming and read spread, so it is drawn once at programming; no drift,
// no further read noise.
#pragma once

#include "models/device_model.h"

namespace kirchhoff {

class TableDevice final : public DeviceModel {
 public:
  // Throws std::invalid_argument unless the three vectors have the same non-zero length and
  // levels_uS ascends strictly.
  explicit TableDevice(const TableParams& params);

  void program(const std::vector<float>& target_uS, const RandomStream& rng, std::uint64_t event,
               ProgrammedDevices* out) const override;
  float read_q(float /*g_prog_uS*/) const override { return 0.0f; }
  bool exact_programming() const override {
    for (double s : p_.sigma_uS) {
      if (s != 0.0) return false;
    }
    return true;
  }
  double drift_t0_s() const override { return 1.0; }
  double read_noise_time_factor(double /*t_s*/) const override { return 0.0; }

  double mean_uS(double target_uS) const;
  double sigma_uS(double target_uS) const;

 private:
  double interpolate(const std::vector<double>& values, double target_uS) const;
  TableParams p_;
};

}  // namespace kirchhoff
