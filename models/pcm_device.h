// PCM statistical device model (Nandakumar et al. 2019, as in IBM's analog hardware kit; the
// coefficients and sanity values are in docs/published_figures.md), with g = G_target / G_max:
//   programming noise  sigma_prog = (c0 + c1 g + c2 g^2) * G_max / g_ref   (uS)
//                      G_prog = max(0, G_target + sigma_prog N(0,1))
//   drift exponent     g_rel = max(g, 1e-7); mu = clamp(a ln g_rel + b); sigma = clamp(c ln g_rel +
//   d)
//                      nu = |mu + sigma N(0,1)|, drawn once at programming
//   drift              G(t) = G_prog (t / t0)^-nu for t > t0
//   1/f read noise     Q_s = min(q_a / max(|G_prog| / G_max, q_g_min)^q_exp, q_max)
//                      sigma_read = |G(t)| Q_s sqrt(ln((t + t_read) / (2 t_read)))
#pragma once

#include "models/device_model.h"

namespace kirchhoff {

class PcmDevice final : public DeviceModel {
 public:
  // threads: the programming loop's parallel_for threads (sim.threads; results do not depend
  // on it).
  PcmDevice(const PcmParams& params, double g_max_uS, int threads = 1);

  void program(const std::vector<float>& target_uS, const RandomStream& rng, std::uint64_t event,
               ProgrammedDevices* out) const override;
  float read_q(float g_prog_uS) const override;
  void read_q_batch(const float* g_prog_uS, float* q, std::size_t n) const override;
  double drift_t0_s() const override { return p_.t0_s; }
  bool exact_programming() const override {
    return p_.prog_c0_uS == 0.0 && p_.prog_c1_uS == 0.0 && p_.prog_c2_uS == 0.0;
  }
  // sqrt(ln((t + t_read) / (2 t_read))), 0 where the logarithm is not positive.
  double read_noise_time_factor(double t_s) const override;

  // The model's laws, exposed for tests and the device characterisation.
  double prog_sigma_uS(double target_uS) const;
  double nu_mean(double target_uS) const;
  double nu_sigma(double target_uS) const;

 private:
  PcmParams p_;
  double g_max_uS_;
  int threads_;
};

}  // namespace kirchhoff
