#include "models/device_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/ideal_device.h"
#include "models/pcm_device.h"
#include "models/rram_device.h"
#include "models/simd_math.h"
#include "models/table_device.h"

namespace kirchhoff {

void ProgrammedDevices::resize(std::size_t n) {
  g_prog_uS.assign(n, 0.0f);
  nu.assign(n, 0.0f);
  nu_max = 0.0;
}

void DeviceModel::read_q_batch(const float* g_prog_uS, float* q, std::size_t n) const {
  for (std::size_t i = 0; i < n; ++i) q[i] = read_q(g_prog_uS[i]);
}

std::shared_ptr<const DeviceModel> make_device_model(const DeviceParams& params, int threads) {
  if (!(params.g_max_uS > 0.0) || params.g_min_uS < 0.0 || params.g_min_uS >= params.g_max_uS) {
    throw std::invalid_argument("device: need 0 <= g_min_uS < g_max_uS");
  }
  if (params.stuck_at_min_fraction < 0.0 || params.stuck_at_max_fraction < 0.0 ||
      params.stuck_at_min_fraction + params.stuck_at_max_fraction > 1.0) {
    throw std::invalid_argument("device: stuck-at fractions must be >= 0 and sum to <= 1");
  }
  switch (params.type) {
    case DeviceType::kIdeal:
      return std::make_shared<IdealDevice>();
    case DeviceType::kPcm:
      return std::make_shared<PcmDevice>(params.pcm, params.g_max_uS, threads);
    case DeviceType::kRram:
      return std::make_shared<RramDevice>(params.rram, params.g_max_uS);
    case DeviceType::kTable:
      return std::make_shared<TableDevice>(params.table);
  }
  throw std::invalid_argument("device: unknown type");
}

void apply_stuck_at_faults(const DeviceParams& params, const DeviceModel& /*model*/,
                           const RandomStream& rng, std::uint64_t event, ProgrammedDevices* d) {
  const double f_min = params.stuck_at_min_fraction;
  const double f_max = params.stuck_at_max_fraction;
  if (f_min <= 0.0 && f_max <= 0.0) return;
  const float g_min = static_cast<float>(params.g_min_uS);
  const float g_max = static_cast<float>(params.g_max_uS);
  const std::uint64_t base = kSlotStuckAt * kSlotStride;
  constexpr std::size_t kChunk = 1024;
  double u[kChunk];
  for (std::size_t first = 0; first < d->size(); first += kChunk) {
    const std::size_t n = std::min(kChunk, d->size() - first);
    rng.uniforms(event, base + first, u, n);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t i = first + j;
      if (u[j] < f_min) {
        d->g_prog_uS[i] = g_min;
        d->nu[i] = 0.0f;
      } else if (u[j] < f_min + f_max) {
        d->g_prog_uS[i] = g_max;
        d->nu[i] = 0.0f;
      }
    }
  }
}

double drift_log_time(double t_s, double t0_s) {
  return t_s > t0_s ? std::log(t_s / t0_s) : 0.0;
}

void drifted_conductance(const ProgrammedDevices& d, double t_s, double t0_s, float* g_uS) {
  const double lt = drift_log_time(t_s, t0_s);
  const std::size_t n = d.size();
  if (lt == 0.0 || d.nu_max == 0.0) {
    std::copy(d.g_prog_uS.begin(), d.g_prog_uS.end(), g_uS);
    return;
  }
  // G_prog 2^(-nu lt log2 e), four devices at a time (nu = 0 gives exactly G_prog).
  const float k = static_cast<float>(-lt * 1.4426950408889634);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    simd::store4(g_uS + i, simd::load4(d.g_prog_uS.data() + i) *
                               simd::exp2_4(simd::load4(d.nu.data() + i) * k));
  }
  for (; i < n; ++i) g_uS[i] = d.g_prog_uS[i] * simd::exp2_4(simd::splat(d.nu[i] * k))[0];
}

void read_conductance(const ProgrammedDevices& d, const DeviceModel& model, double t_s,
                      const RandomStream& rng, std::uint64_t event, const float* g_t_uS,
                      float* g_read_uS) {
  const std::size_t n = d.size();
  std::vector<float> drifted;
  if (g_t_uS == nullptr) {
    drifted.resize(n);
    drifted_conductance(d, t_s, model.drift_t0_s(), drifted.data());
    g_t_uS = drifted.data();
  }
  const double tf = model.read_noise_time_factor(t_s);
  if (tf <= 0.0) {
    std::copy(g_t_uS, g_t_uS + n, g_read_uS);
    return;
  }
  std::vector<float> q(n);
  model.read_q_batch(d.g_prog_uS.data(), q.data(), n);
  rng.normals(event, kSlotReadNoise * kSlotStride, g_read_uS, n);
  const float tff = static_cast<float>(tf);
  for (std::size_t i = 0; i < n; ++i) {
    const float g = g_t_uS[i];
    g_read_uS[i] = std::max(0.0f, g + std::fabs(g) * q[i] * tff * g_read_uS[i]);
  }
}

}  // namespace kirchhoff
