#include "models/dac.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <stdexcept>

#include "models/rounding.h"
#include "models/simd_avx2.h"

namespace kirchhoff {
namespace {
constexpr int kMaxDacBits = 30;  // codes are held in int

#if KIRCHHOFF_SIMD_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
// Dac::convert on four doubles per lane group over the first n - n % 4 inputs: the scalar
// loop's operations in the same order (the float input widened, times 1 / full scale, clamped,
// v * steps rounded half away from zero by truncating v * steps + copysign(0.5, v * steps),
// divided by steps and narrowed), so the same bits. Returns how many inputs it converted.
int convert_avx2(const float* x, int n, double inv, double lo, double steps, float* x_n,
                 int* code) {
  const __m256d vinv = _mm256_set1_pd(inv), vlo = _mm256_set1_pd(lo), one = _mm256_set1_pd(1.0);
  const __m256d vsteps = _mm256_set1_pd(steps), half = _mm256_set1_pd(0.5);
  const __m256d sign = _mm256_set1_pd(-0.0);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d xd = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    // std::clamp(v, lo, 1): lo when v < lo, 1 when 1 < v, else v (NaN stays NaN).
    const __m256d v = _mm256_min_pd(one, _mm256_max_pd(vlo, _mm256_mul_pd(xd, vinv)));
    const __m256d t = _mm256_mul_pd(v, vsteps);
    const __m256d biased = _mm256_add_pd(t, _mm256_or_pd(half, _mm256_and_pd(sign, t)));
    // Truncation keeps the sign of -0.4 (-0.0); the integer cast gives +0.0, which + 0.0 makes.
    const __m256d q = _mm256_add_pd(_mm256_round_pd(biased, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC),
                                    _mm256_setzero_pd());
    _mm_storeu_ps(x_n + i, _mm256_cvtpd_ps(_mm256_div_pd(q, vsteps)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(code + i),
                     _mm256_cvttpd_epi32(_mm256_andnot_pd(sign, q)));
  }
  return i;
}

// Dac::clipped over the first n - n % 4 inputs (the float input widened and compared with the
// double bounds, as the scalar loop does); *done is how many inputs it looked at.
int clipped_avx2(const float* x, int n, double hi, double lo, int* done) {
  const __m256d vhi = _mm256_set1_pd(hi), vlo = _mm256_set1_pd(lo);
  int count = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d xd = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    const __m256d out =
        _mm256_or_pd(_mm256_cmp_pd(xd, vhi, _CMP_GT_OQ), _mm256_cmp_pd(xd, vlo, _CMP_LT_OQ));
    count += __builtin_popcount(static_cast<unsigned>(_mm256_movemask_pd(out)));
  }
  *done = i;
  return count;
}
#pragma GCC pop_options
#endif
}  // namespace

Dac::Dac(const DacParams& params) : p_(params) {
  if (p_.bits < (p_.is_signed ? 2 : 1) || p_.bits > kMaxDacBits) {
    throw std::invalid_argument("dac.bits must be in [2, 30] signed or [1, 30] unsigned");
  }
  if (!(p_.range > 0.0) || !(p_.t_lsb_ns >= 0.0) || p_.phases < 1) {
    throw std::invalid_argument("dac: range must be > 0, t_lsb_ns >= 0, phases >= 1");
  }
  magnitude_bits_ = p_.is_signed ? p_.bits - 1 : p_.bits;
  steps_ = std::ldexp(1.0, magnitude_bits_) - 1.0;
}

double Dac::full_scale(const float* x, int n) const {
  if (!abs_max()) return p_.range;
  float m = 0.0f;
  for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  return m > 0.0f ? m : p_.range;
}

void Dac::convert(const float* x, int n, double full_scale, float* x_n, int* code) const {
  const double inv = 1.0 / full_scale;
  const double lo = p_.is_signed ? -1.0 : 0.0;
  int i = 0;
#if KIRCHHOFF_SIMD_AVX2
  if (simd_avx2::available()) i = convert_avx2(x, n, inv, lo, steps_, x_n, code);
#endif
  for (; i < n; ++i) {
    const double v = std::clamp(x[i] * inv, lo, 1.0);
    const double q = round_half_away(v * steps_);
    x_n[i] = static_cast<float>(q / steps_);
    code[i] = static_cast<int>(std::fabs(q));
  }
}

int Dac::clipped(const float* x, int n, double full_scale) const {
  const double lo = p_.is_signed ? -full_scale : 0.0;
  int count = 0, i = 0;
#if KIRCHHOFF_SIMD_AVX2
  if (simd_avx2::available()) count = clipped_avx2(x, n, full_scale, lo, &i);
#endif
  for (; i < n; ++i) count += (x[i] > full_scale || x[i] < lo) ? 1 : 0;
  return count;
}

int Dac::bit_phases() const {
  return p_.encoding == InputEncoding::kBitSerial ? magnitude_bits_ : 1;
}

double Dac::pulse_window_ns() const {
  return p_.encoding == InputEncoding::kBitSerial ? p_.t_lsb_ns
                                                  : std::ldexp(1.0, magnitude_bits_) * p_.t_lsb_ns;
}

double Dac::pulse_ns(int code) const {
  if (p_.encoding == InputEncoding::kBitSerial) {
    return static_cast<double>(std::bitset<32>(static_cast<unsigned>(code)).count()) * p_.t_lsb_ns;
  }
  return code * p_.t_lsb_ns;
}

}  // namespace kirchhoff
