#include "models/pcm_device.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/parallel_for.h"
#include "models/simd_avx2.h"
#include "models/simd_math.h"

namespace kirchhoff {
namespace {
// Floor of g before the logarithm of the drift-exponent law (as in the published model).
constexpr double kNuGFloor = 1e-7;

#if KIRCHHOFF_SIMD_AVX2
// The laws of PcmDevice::program's four-lane `lanes` on eight AVX2 lanes, operation for
// operation (models/simd_avx2.h: the same bits), over the first m - m % 8 devices of a chunk;
// returns how many it did and raises *nu_max to their largest exponent.
struct PcmLaws {
  float inv_g_max, sigma_scale, c0, c1, c2, mu_a, mu_b, sd_a, sd_b;
  float mu_lo, mu_hi, sd_lo, sd_hi, g_floor;
};
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
std::size_t program_lanes_avx2(const PcmLaws& k, const float* target_uS, const float* z_prog,
                               const float* z_nu, float* g_out, float* nu_out, std::size_t m,
                               float* nu_max) {
  using namespace simd_avx2;
  const Float8 zero = splat8(0.0f), inv_g_max = splat8(k.inv_g_max);
  const Float8 mu_lo = splat8(k.mu_lo), mu_hi = splat8(k.mu_hi);
  const Float8 sd_lo = splat8(k.sd_lo), sd_hi = splat8(k.sd_hi), g_floor = splat8(k.g_floor);
  Float8 top = zero;
  std::size_t i = 0;
  for (; i + 8 <= m; i += 8) {
    const Float8 target = max8(load8(target_uS + i), zero);
    const Float8 g = target * inv_g_max;
    const Float8 sigma = max8(k.c0 + g * (k.c1 + g * k.c2), zero) * k.sigma_scale;
    store8(g_out + i, max8(target + sigma * load8(z_prog + i), zero));
    const Float8 lg = log2_8(max8(g, g_floor));
    const Float8 mu = min8(max8(k.mu_a * lg + k.mu_b, mu_lo), mu_hi);
    const Float8 sd = min8(max8(k.sd_a * lg + k.sd_b, sd_lo), sd_hi);
    const Float8 nu = abs8(mu + sd * load8(z_nu + i));
    store8(nu_out + i, nu);
    top = max8(top, nu);
  }
  for (int l = 0; l < 8; ++l) *nu_max = std::max(*nu_max, top[l]);
  return i;
}

// PcmDevice::read_q_batch's lanes on eight AVX2 lanes over the first n - n % 8 devices.
std::size_t read_q_lanes_avx2(const float* g_prog_uS, float* q, std::size_t n, float inv_g_max,
                              float g_min, float q_a, float q_max, float q_exp) {
  using namespace simd_avx2;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const Float8 rel = max8(abs8(load8(g_prog_uS + i)) * splat8(inv_g_max), splat8(g_min));
    store8(q + i, min8(splat8(q_a) * exp2_8(log2_8(rel) * q_exp), splat8(q_max)));
  }
  return i;
}
#pragma GCC pop_options
#endif
}  // namespace

PcmDevice::PcmDevice(const PcmParams& params, double g_max_uS, int threads)
    : p_(params), g_max_uS_(g_max_uS), threads_(threads) {
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
  float q = 0.0f;
  read_q_batch(&g_prog_uS, &q, 1);
  return q;
}

// min(q_a / max(|G| / G_max, q_g_min)^q_exp, q_max) = min(q_a 2^(-q_exp log2 g), q_max).
void PcmDevice::read_q_batch(const float* g_prog_uS, float* q, std::size_t n) const {
  const simd::Float4 inv_g_max = simd::splat(static_cast<float>(1.0 / g_max_uS_));
  const simd::Float4 g_min = simd::splat(static_cast<float>(p_.read_q_g_min));
  const simd::Float4 q_a = simd::splat(static_cast<float>(p_.read_q_a));
  const simd::Float4 q_max = simd::splat(static_cast<float>(p_.read_q_max));
  const float q_exp = static_cast<float>(-p_.read_q_exp);
  const auto lanes = [&](simd::Float4 g) {
    const simd::Float4 rel = simd::max4(simd::abs4(g) * inv_g_max, g_min);
    return simd::min4(q_a * simd::exp2_4(simd::log2_4(rel) * q_exp), q_max);
  };
  std::size_t i = 0;
#if KIRCHHOFF_SIMD_AVX2
  const bool avx2 = simd_avx2::available();
  if (avx2) {
    i = read_q_lanes_avx2(g_prog_uS, q, n, inv_g_max[0], g_min[0], q_a[0], q_max[0], q_exp);
  }
#endif
  for (; i + 4 <= n; i += 4) simd::store4(q + i, lanes(simd::load4(g_prog_uS + i)));
  if (i < n) {
    float in[4] = {1.0f, 1.0f, 1.0f, 1.0f}, out[4];
    std::copy(g_prog_uS + i, g_prog_uS + n, in);
    simd::store4(out, lanes(simd::load4(in)));
    std::copy(out, out + (n - i), q + i);
  }
}

double PcmDevice::read_noise_time_factor(double t_s) const {
  const double l = std::log((t_s + p_.t_read_s) / (2.0 * p_.t_read_s));
  return l > 0.0 ? std::sqrt(l) : 0.0;
}

void PcmDevice::program(const std::vector<float>& target_uS, const RandomStream& rng,
                        std::uint64_t event, ProgrammedDevices* out) const {
  const std::size_t n = target_uS.size();
  out->resize(n);
  // The laws of the header in float, four devices at a time; ln g = log2 g * ln 2.
  using simd::Float4;
  const float g_max = static_cast<float>(g_max_uS_);
  const Float4 inv_g_max = simd::splat(1.0f / g_max);
  const float sigma_scale = static_cast<float>(g_max_uS_ / p_.g_ref_uS);
  const float c0 = static_cast<float>(p_.prog_c0_uS), c1 = static_cast<float>(p_.prog_c1_uS),
              c2 = static_cast<float>(p_.prog_c2_uS);
  const float ln2 = 0.693147180559945309f;
  const float mu_a = static_cast<float>(p_.nu_mu_a) * ln2, mu_b = static_cast<float>(p_.nu_mu_b);
  const float sd_a = static_cast<float>(p_.nu_sigma_a) * ln2,
              sd_b = static_cast<float>(p_.nu_sigma_b);
  const Float4 mu_lo = simd::splat(static_cast<float>(p_.nu_mu_min)),
               mu_hi = simd::splat(static_cast<float>(p_.nu_mu_max));
  const Float4 sd_lo = simd::splat(static_cast<float>(p_.nu_sigma_min)),
               sd_hi = simd::splat(static_cast<float>(p_.nu_sigma_max));
  const Float4 zero = simd::splat(0.0f), g_floor = simd::splat(static_cast<float>(kNuGFloor));
  const auto lanes = [&](Float4 target, Float4 zp, Float4 zn, Float4* g_prog, Float4* nu) {
    target = simd::max4(target, zero);
    const Float4 g = target * inv_g_max;
    const Float4 sigma = simd::max4(c0 + g * (c1 + g * c2), zero) * sigma_scale;
    *g_prog = simd::max4(target + sigma * zp, zero);
    const Float4 lg = simd::log2_4(simd::max4(g, g_floor));
    const Float4 mu = simd::min4(simd::max4(mu_a * lg + mu_b, mu_lo), mu_hi);
    const Float4 sd = simd::min4(simd::max4(sd_a * lg + sd_b, sd_lo), sd_hi);
    *nu = simd::abs4(mu + sd * zn);
  };
  // The normals of a chunk of devices at a time (Philox, counter-based: the same numbers as one
  // draw of the whole array), so they stay in the L1 cache between drawing and use. Runs of
  // chunks are the work items of parallel_for (threads_): every device's result is a function
  // of its index alone and the largest exponent of each run is combined afterwards, so the
  // thread count does not change a bit.
  constexpr std::size_t kChunk = 1024, kChunksPerRun = 16;
#if KIRCHHOFF_SIMD_AVX2
  const bool avx2 = simd_avx2::available();
  const PcmLaws laws{1.0f / g_max,
                     sigma_scale,
                     c0,
                     c1,
                     c2,
                     mu_a,
                     mu_b,
                     sd_a,
                     sd_b,
                     static_cast<float>(p_.nu_mu_min),
                     static_cast<float>(p_.nu_mu_max),
                     static_cast<float>(p_.nu_sigma_min),
                     static_cast<float>(p_.nu_sigma_max),
                     static_cast<float>(kNuGFloor)};
#endif
  const std::size_t runs = (n + kChunk * kChunksPerRun - 1) / (kChunk * kChunksPerRun);
  std::vector<float> run_nu_max(runs, 0.0f);
  const auto program_run = [&](std::size_t run) {
    alignas(32) float z_prog[kChunk + 4], z_nu[kChunk + 4];
    Float4 gp, nu, nu_max = zero;
    const std::size_t run_end = std::min(n, (run + 1) * kChunk * kChunksPerRun);
    for (std::size_t first = run * kChunk * kChunksPerRun; first < run_end; first += kChunk) {
      const std::size_t m = std::min(kChunk, run_end - first);
      rng.normals(event, kSlotProgNoise * kSlotStride + first, z_prog, m);
      rng.normals(event, kSlotDriftNu * kSlotStride + first, z_nu, m);
      const float* target = target_uS.data() + first;
      float* g_out = out->g_prog_uS.data() + first;
      float* nu_out = out->nu.data() + first;
      std::size_t i = 0;
      float top8 = 0.0f;
#if KIRCHHOFF_SIMD_AVX2
      if (avx2) i = program_lanes_avx2(laws, target, z_prog, z_nu, g_out, nu_out, m, &top8);
#endif
      nu_max[0] = std::max(nu_max[0], top8);
      for (; i + 4 <= m; i += 4) {
        lanes(simd::load4(target + i), simd::load4(z_prog + i), simd::load4(z_nu + i), &gp, &nu);
        simd::store4(g_out + i, gp);
        simd::store4(nu_out + i, nu);
        nu_max = simd::max4(nu_max, nu);
      }
      if (i < m) {  // the last 1-3 devices in padded lanes (target 0, no drift into nu_max)
        float t[4] = {0, 0, 0, 0}, a[4], b[4];
        std::copy(target + i, target + m, t);
        lanes(simd::load4(t), simd::load4(z_prog + i), simd::load4(z_nu + i), &gp, &nu);
        simd::store4(a, gp);
        simd::store4(b, nu);
        for (std::size_t k = 0; k < m - i; ++k) {
          g_out[i + k] = a[k];
          nu_out[i + k] = b[k];
          nu_max[0] = std::max(nu_max[0], b[k]);
        }
      }
    }
    run_nu_max[run] = std::max(std::max(nu_max[0], nu_max[1]), std::max(nu_max[2], nu_max[3]));
  };
  parallel_for(threads_, runs, program_run);
  float top = 0.0f;
  for (float v : run_nu_max) top = std::max(top, v);
  out->nu_max = top;
}

}  // namespace kirchhoff
