#include "models/adc.h"

#include <cmath>
#include <stdexcept>

#include "models/adc_energy.h"
#include "models/simd_avx2.h"

namespace kirchhoff {
namespace {
constexpr int kMaxAdcBits = 30;

#if KIRCHHOFF_SIMD_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
// Adc::convert_scaled over the first n - n % 4 columns; *done is how many it converted.
int convert_scaled_avx2(const float* z, const float* alpha, const float* w_max, double fs,
                        double gain, double bound, double inv_lsb, double lsb, int n, float* y,
                        int* done) {
  const __m256d vgain = _mm256_set1_pd(gain), hi = _mm256_set1_pd(bound),
                lo = _mm256_set1_pd(-bound), vinv = _mm256_set1_pd(inv_lsb),
                vlsb = _mm256_set1_pd(lsb), vfs = _mm256_set1_pd(fs), half = _mm256_set1_pd(0.5),
                sign = _mm256_set1_pd(-0.0);
  int saturated = 0, c = 0;
  for (; c + 4 <= n; c += 4) {
    const __m256d v = _mm256_mul_pd(vgain, _mm256_cvtps_pd(_mm_loadu_ps(z + c)));
    const __m256d out =
        _mm256_or_pd(_mm256_cmp_pd(v, hi, _CMP_GT_OQ), _mm256_cmp_pd(v, lo, _CMP_LT_OQ));
    saturated += __builtin_popcount(static_cast<unsigned>(_mm256_movemask_pd(out)));
    // v < -bound ? -bound : (v > bound ? bound : v)
    const __m256d clamped = _mm256_max_pd(lo, _mm256_min_pd(hi, v));
    const __m256d t = _mm256_mul_pd(clamped, vinv);
    const __m256d biased = _mm256_add_pd(t, _mm256_or_pd(half, _mm256_and_pd(sign, t)));
    // Truncation keeps the sign of -0.4 (-0.0); the integer cast gives +0.0, which + 0.0 makes.
    const __m256d q = _mm256_add_pd(_mm256_round_pd(biased, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC),
                                    _mm256_setzero_pd());
    __m256d r = _mm256_div_pd(_mm256_mul_pd(q, vlsb), vgain);
    r = _mm256_mul_pd(r, _mm256_cvtps_pd(_mm_loadu_ps(alpha + c)));
    r = _mm256_mul_pd(r, _mm256_cvtps_pd(_mm_loadu_ps(w_max + c)));
    _mm_storeu_ps(y + c, _mm256_cvtpd_ps(_mm256_mul_pd(r, vfs)));
  }
  *done = c;
  return saturated;
}

// Adc::convert_many over the first n - n % 4 columns; returns how many it converted.
int convert_many_avx2(const float* z, double gain, double bound, double inv_lsb, double lsb, int n,
                      double* v, std::uint8_t* saturated) {
  const __m256d vgain = _mm256_set1_pd(gain), hi = _mm256_set1_pd(bound),
                lo = _mm256_set1_pd(-bound), vinv = _mm256_set1_pd(inv_lsb),
                vlsb = _mm256_set1_pd(lsb), half = _mm256_set1_pd(0.5), sign = _mm256_set1_pd(-0.0);
  int c = 0;
  for (; c + 4 <= n; c += 4) {
    const __m256d g = _mm256_mul_pd(vgain, _mm256_cvtps_pd(_mm_loadu_ps(z + c)));
    const int out = _mm256_movemask_pd(
        _mm256_or_pd(_mm256_cmp_pd(g, hi, _CMP_GT_OQ), _mm256_cmp_pd(g, lo, _CMP_LT_OQ)));
    if (out != 0) {
      for (int k = 0; k < 4; ++k) {
        if ((out >> k) & 1) saturated[c + k] = 1;
      }
    }
    const __m256d clamped = _mm256_max_pd(lo, _mm256_min_pd(hi, g));
    const __m256d t = _mm256_mul_pd(clamped, vinv);
    const __m256d biased = _mm256_add_pd(t, _mm256_or_pd(half, _mm256_and_pd(sign, t)));
    const __m256d q = _mm256_add_pd(_mm256_round_pd(biased, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC),
                                    _mm256_setzero_pd());
    _mm256_storeu_pd(v + c, _mm256_div_pd(_mm256_mul_pd(q, vlsb), vgain));
  }
  return c;
}
#pragma GCC pop_options
#endif
}  // namespace

Adc::Adc(const AdcParams& params) : p_(params) {
  if (p_.bits < 2 || p_.bits > kMaxAdcBits)
    throw std::invalid_argument("adc.bits must be in [2, 30]");
  if (!(p_.bound > 0.0) || !(p_.gain > 0.0) || p_.noise_sigma < 0.0 || p_.columns_per_adc < 1) {
    throw std::invalid_argument(
        "adc: bound and gain must be > 0, noise_sigma >= 0, columns_per_adc >= 1");
  }
  gain_ = p_.gain;
  bound_ = p_.bound;
  lsb_ = p_.bound / (std::ldexp(1.0, p_.bits - 1) - 1.0);
  inv_lsb_ = 1.0 / lsb_;
  energy_pj_ = law_energy_pj();  // throws for a table without this width
}

int Adc::convert_scaled(const float* z, const float* alpha, const float* w_max, double full_scale,
                        int n, float* y) const {
  int saturated = 0, c = 0;
#if KIRCHHOFF_SIMD_AVX2
  if (simd_avx2::available()) {
    saturated =
        convert_scaled_avx2(z, alpha, w_max, full_scale, gain_, bound_, inv_lsb_, lsb_, n, y, &c);
  }
#endif
  for (; c < n; ++c) {
    if (saturates(z[c])) ++saturated;
    y[c] = static_cast<float>(convert(z[c]) * alpha[c] * w_max[c] * full_scale);
  }
  return saturated;
}

void Adc::convert_many(const float* z, int n, double* v, std::uint8_t* saturated) const {
  int c = 0;
#if KIRCHHOFF_SIMD_AVX2
  if (simd_avx2::available())
    c = convert_many_avx2(z, gain_, bound_, inv_lsb_, lsb_, n, v, saturated);
#endif
  for (; c < n; ++c) {
    if (saturates(z[c])) saturated[c] = 1;
    v[c] = convert(z[c]);
  }
}

double Adc::conversion_ns() const {
  switch (p_.type) {
    case AdcType::kSar:
      return p_.bits * p_.t_bit_ns;
    case AdcType::kTable:
      return p_.table_conversion_ns;
    case AdcType::kRamp:
    case AdcType::kCco:
      break;
  }
  return std::ldexp(1.0, p_.bits) * p_.t_lsb_ns;
}

double Adc::conversion_with_sharing_ns() const {
  return conversion_ns() * p_.columns_per_adc;
}

double Adc::energy_per_conversion_pj() const {
  return energy_pj_;
}

double Adc::law_energy_pj() const {
  if (p_.energy_per_conversion_pj > 0.0) return p_.energy_per_conversion_pj;
  switch (p_.type) {
    case AdcType::kSar:
      return adc_energy_walden_pj(p_.bits, p_.walden_fom_fj);
    case AdcType::kTable:
      return adc_energy_table_pj(p_.bits, p_.table_bits, p_.table_energy_pj);
    case AdcType::kRamp:
    case AdcType::kCco:
      break;
  }
  return adc_energy_time_based_pj(p_.power_mW, conversion_ns());
}

}  // namespace kirchhoff
