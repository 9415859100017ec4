#include "models/weight_mapping.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/simd_avx2.h"

namespace kirchhoff {
namespace {

double quantise_step(double v, double step) {
  return step > 0.0 ? std::round(v / step) * step : v;
}

// w_max of a set of weights: max |w| or, when clipping, clip_sigma * std (falling back to max |w|
// when that is zero); 1 for an all-zero set so the mapping stays defined.
// Over the n values w[0], w[stride], ... (one tile or one column).
double weight_scale(const float* w, std::size_t n, std::size_t stride, double clip_sigma) {
  double max_abs = 0.0, sum = 0.0, sum2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = w[i * stride];
    max_abs = std::max(max_abs, std::fabs(v));
    sum += v;
    sum2 += v * v;
  }
  double scale = max_abs;
  if (clip_sigma > 0.0 && n > 0) {
    const double count = static_cast<double>(n);
    const double mean = sum / count;
    const double sd = std::sqrt(std::max(0.0, sum2 / count - mean * mean));
    if (sd > 0.0) scale = std::min(max_abs, clip_sigma * sd);
  }
  return scale > 0.0 ? scale : 1.0;
}

}  // namespace

double MappedWeights::significance_sum() const {
  double s = 0.0;
  for (double v : significance) s += v;
  return s;
}

namespace {

#if KIRCHHOFF_SIMD_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
// One row of the continuous mapping below on four double lanes, the same operations (clamp,
// max with 0 as std::clamp / std::max compare), over the first cols - cols % 4 columns.
int map_row_avx2(const float* w, const float* w_max, int cols, double g_min_uS, double g_range,
                 float* plus, float* minus) {
  const __m256d lo = _mm256_set1_pd(-1.0), hi = _mm256_set1_pd(1.0), zero = _mm256_setzero_pd();
  const __m256d g_min = _mm256_set1_pd(g_min_uS), range = _mm256_set1_pd(g_range);
  const __m256d sign = _mm256_set1_pd(-0.0);
  int c = 0;
  for (; c + 4 <= cols; c += 4) {
    const __m256d v = _mm256_div_pd(_mm256_cvtps_pd(_mm_loadu_ps(w + c)),
                                    _mm256_cvtps_pd(_mm_loadu_ps(w_max + c)));
    __m256d wn = _mm256_blendv_pd(v, hi, _mm256_cmp_pd(hi, v, _CMP_LT_OQ));  // hi < v ? hi : v
    wn = _mm256_blendv_pd(wn, lo, _mm256_cmp_pd(v, lo, _CMP_LT_OQ));         // v < lo ? lo : .
    const __m256d d = _mm256_mul_pd(wn, range);
    const __m256d nd = _mm256_xor_pd(d, sign);
    const __m256d dp = _mm256_blendv_pd(d, zero, _mm256_cmp_pd(d, zero, _CMP_LT_OQ));
    const __m256d dm = _mm256_blendv_pd(nd, zero, _mm256_cmp_pd(nd, zero, _CMP_LT_OQ));
    _mm_storeu_ps(plus + c, _mm256_cvtpd_ps(_mm256_add_pd(g_min, dp)));
    _mm_storeu_ps(minus + c, _mm256_cvtpd_ps(_mm256_add_pd(g_min, dm)));
  }
  return c;
}
#pragma GCC pop_options
#endif

}  // namespace

MappedWeights map_weights(const float* w, int rows, int cols, const MappingParams& mapping,
                          double g_min_uS, double g_max_uS) {
  MappedWeights m;
  map_weights_into(w, rows, cols, mapping, g_min_uS, g_max_uS, &m);
  return m;
}

void map_weights_into(const float* w, int rows, int cols, const MappingParams& mapping,
                      double g_min_uS, double g_max_uS, MappedWeights* out) {
  if (mapping.devices_per_weight != 2 && mapping.devices_per_weight != 4) {
    throw std::invalid_argument("mapping.devices_per_weight must be 2 or 4, got " +
                                std::to_string(mapping.devices_per_weight));
  }
  if (!(mapping.significance_factor > 0.0)) {
    throw std::invalid_argument("mapping.significance_factor must be > 0");
  }
  if (mapping.programmable_levels == 1 || mapping.programmable_levels < 0) {
    throw std::invalid_argument("mapping.programmable_levels must be 0 (continuous) or >= 2");
  }
  MappedWeights& m = *out;
  m.rows = rows;
  m.cols = cols;
  m.pairs = mapping.devices_per_weight / 2;
  m.significance = m.pairs == 1 ? std::vector<double>{1.0}
                                : std::vector<double>{1.0, mapping.significance_factor};
  m.g_min_uS = g_min_uS;
  m.g_range_uS = g_max_uS - g_min_uS;
  const std::size_t ps = m.plane_size();
  m.target_uS.resize(ps * m.planes());  // every element is written below

  // Scale: per tile or per column.
  m.w_max.assign(cols, 1.0f);
  if (mapping.scaling == WeightScaling::kPerTile) {
    std::fill(m.w_max.begin(), m.w_max.end(),
              static_cast<float>(weight_scale(w, ps, 1, mapping.clip_weights_sigma)));
  } else {
    for (int c = 0; c < cols; ++c) {
      m.w_max[c] = static_cast<float>(weight_scale(w + c, static_cast<std::size_t>(rows),
                                                   static_cast<std::size_t>(cols),
                                                   mapping.clip_weights_sigma));
    }
  }

  const double s_sum = m.significance_sum();
  const double step =
      mapping.programmable_levels >= 2 ? m.g_range_uS / (mapping.programmable_levels - 1) : 0.0;
  // Pair order by significance: the more significant first (it takes the coarse value).
  int hi = 0, lo = 0;
  if (m.pairs == 2) {
    hi = m.significance[1] > m.significance[0] ? 1 : 0;
    lo = 1 - hi;
  }
  if (step == 0.0) {
    // Continuous programming: every pair takes the same difference (the general loop below
    // without its per-weight branches, the same arithmetic).
    float* plus0 = m.target_uS.data();
    float* minus0 = plus0 + ps;
    float* plus1 = m.pairs == 2 ? plus0 + 2 * ps : nullptr;
    float* minus1 = m.pairs == 2 ? plus0 + 3 * ps : nullptr;
    const double g_range = m.g_range_uS;
#if KIRCHHOFF_SIMD_AVX2
    const bool avx2 = simd_avx2::available();
#endif
    for (int r = 0; r < rows; ++r) {
      const std::size_t row = static_cast<std::size_t>(r) * cols;
      int c = 0;
#if KIRCHHOFF_SIMD_AVX2
      if (avx2) {
        c = map_row_avx2(w + row, m.w_max.data(), cols, g_min_uS, g_range, plus0 + row,
                         minus0 + row);
      }
#endif
      for (; c < cols; ++c) {
        const double wn = std::clamp(static_cast<double>(w[row + c]) / m.w_max[c], -1.0, 1.0);
        const double d = wn * g_range;
        plus0[row + c] = static_cast<float>(g_min_uS + std::max(d, 0.0));
        minus0[row + c] = static_cast<float>(g_min_uS + std::max(-d, 0.0));
      }
      if (plus1 != nullptr) {
        std::copy_n(plus0 + row, cols, plus1 + row);
        std::copy_n(minus0 + row, cols, minus1 + row);
      }
    }
    return;
  }
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * cols + c;
      const double wn = std::clamp(static_cast<double>(w[i]) / m.w_max[c], -1.0, 1.0);
      double d[2] = {0.0, 0.0};  // signed conductance difference per pair, uS
      if (m.pairs == 1) {
        d[0] = quantise_step(wn * m.g_range_uS, step);
      } else if (step == 0.0) {
        d[0] = d[1] = wn * m.g_range_uS;
      } else {
        const double total = wn * m.g_range_uS * s_sum;  // in units of s * uS
        d[hi] = std::clamp(quantise_step(total / m.significance[hi], step), -m.g_range_uS,
                           m.g_range_uS);
        const double residual = total - m.significance[hi] * d[hi];
        d[lo] = std::clamp(quantise_step(residual / m.significance[lo], step), -m.g_range_uS,
                           m.g_range_uS);
      }
      for (int k = 0; k < m.pairs; ++k) {
        const std::size_t plus = (2 * k) * ps + i, minus = (2 * k + 1) * ps + i;
        m.target_uS[plus] = static_cast<float>(g_min_uS + std::max(d[k], 0.0));
        m.target_uS[minus] = static_cast<float>(g_min_uS + std::max(-d[k], 0.0));
      }
    }
  }
}

void normalised_weights(const MappedWeights& m, const float* g_uS_planes, float* w_n) {
  const std::size_t ps = m.plane_size();
  const double inv = 1.0 / (m.g_range_uS * m.significance_sum());
  std::fill(w_n, w_n + ps, 0.0f);
  for (int k = 0; k < m.pairs; ++k) {
    const float s = static_cast<float>(m.significance[k] * inv);
    const float* gp = g_uS_planes + (2 * k) * ps;
    const float* gm = g_uS_planes + (2 * k + 1) * ps;
    for (std::size_t i = 0; i < ps; ++i) w_n[i] += s * (gp[i] - gm[i]);
  }
}

}  // namespace kirchhoff
