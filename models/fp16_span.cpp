#include "models/fp16_span.h"

#include <cstdlib>
#include <cstring>

#include "models/numeric_format.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>
#define KIRCHHOFF_F16C_SPAN 1
#endif

namespace kirchhoff {
namespace {

#if KIRCHHOFF_F16C_SPAN
bool has_f16c_avx() {
  static const bool yes = [] {
    const char* force = std::getenv("KIRCHHOFF_SIMD");  // sse2: the portable code everywhere
    if (force != nullptr && std::strcmp(force, "sse2") == 0) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("f16c") != 0 && __builtin_cpu_supports("avx") != 0;
  }();
  return yes;
}

#pragma GCC push_options
#pragma GCC target("avx,f16c")
// The first n - n % 8 elements; returns how many it did.
std::size_t round_blocks_f16c(const float* in, float* out, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(in + i);
    if (_mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) != 0) {
      for (std::size_t j = i; j < i + 8; ++j) out[j] = round_to_fp16(in[j]);  // a NaN
      continue;
    }
    const __m128i h = _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
  }
  return i;
}

std::size_t accumulate_blocks_f16c(float* acc, const float* x, std::size_t n) {
  constexpr int kRound = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 a = _mm256_loadu_ps(acc + i);
    const __m256 xv = _mm256_loadu_ps(x + i);
    const __m256 b = _mm256_cvtph_ps(_mm256_cvtps_ph(xv, kRound));
    // Two-sum: s + e == a + b exactly; e == 0 means s is the exact sum.
    const __m256 s = _mm256_add_ps(a, b);
    const __m256 bb = _mm256_sub_ps(s, a);
    const __m256 e = _mm256_add_ps(_mm256_sub_ps(a, _mm256_sub_ps(s, bb)), _mm256_sub_ps(b, bb));
    const __m256 bad = _mm256_or_ps(
        _mm256_cmp_ps(e, _mm256_setzero_ps(), _CMP_NEQ_UQ),
        _mm256_or_ps(_mm256_cmp_ps(xv, xv, _CMP_UNORD_Q), _mm256_cmp_ps(s, s, _CMP_UNORD_Q)));
    if (_mm256_movemask_ps(bad) != 0) {
      for (std::size_t j = i; j < i + 8; ++j)
        acc[j] = round_to_fp16(static_cast<double>(acc[j]) + round_to_fp16(x[j]));
      continue;
    }
    _mm256_storeu_ps(acc + i, _mm256_cvtph_ps(_mm256_cvtps_ph(s, kRound)));
  }
  return i;
}
#pragma GCC pop_options
#endif

}  // namespace

void round_floats_to_fp16(const float* in, float* out, std::size_t n) {
  std::size_t i = 0;
#if KIRCHHOFF_F16C_SPAN
  if (has_f16c_avx()) i = round_blocks_f16c(in, out, n);
#endif
  for (; i < n; ++i) out[i] = round_to_fp16(in[i]);
}

void accumulate_fp16(float* acc, const float* x, std::size_t n) {
  std::size_t i = 0;
#if KIRCHHOFF_F16C_SPAN
  if (has_f16c_avx()) i = accumulate_blocks_f16c(acc, x, n);
#endif
  for (; i < n; ++i) acc[i] = round_to_fp16(static_cast<double>(acc[i]) + round_to_fp16(x[i]));
}

}  // namespace kirchhoff
