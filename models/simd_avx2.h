// Eight-lane float math on AVX2 for the per-device loops (GCC on x86-64 only, where
// KIRCHHOFF_SIMD_AVX2 is defined; callers check simd_avx2::available() at run time):
// the operations of models/simd_math.h's four-lane functions in the same order and without
// fused multiply-adds (target "no-fma"), so every lane gets the bits the four-lane path gives
// (tests: RandomStream.BulkNormalsEqualSingleDraws*, ParallelProgramming.*, the golden
// summaries). Include it only from .cpp files that use it, after the standard headers.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define KIRCHHOFF_SIMD_AVX2 1
#include <immintrin.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace kirchhoff::simd_avx2 {
// True when the processor runs AVX2 (asked once; safe from static initialisers too) and the
// environment does not set KIRCHHOFF_SIMD=sse2, which forces the four-lane code: the tests run
// both paths and compare their bits (tests/app/simd_fallback_cli_test.cpp).
inline bool available() {
  static const bool yes = [] {
    const char* force = std::getenv("KIRCHHOFF_SIMD");
    if (force != nullptr && std::strcmp(force, "sse2") == 0) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return yes;
}
}  // namespace kirchhoff::simd_avx2

#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
namespace kirchhoff::simd_avx2 {

typedef float Float8 __attribute__((vector_size(32)));
typedef std::int32_t Int8 __attribute__((vector_size(32)));
typedef std::uint32_t Uint8 __attribute__((vector_size(32)));

__attribute__((always_inline)) inline Float8 splat8(float a) {
  return Float8{a, a, a, a, a, a, a, a};
}
__attribute__((always_inline)) inline Float8 select8(Int8 mask, Float8 a, Float8 b) {
  return reinterpret_cast<Float8>((mask & reinterpret_cast<Int8>(a)) |
                                  (~mask & reinterpret_cast<Int8>(b)));
}

// simd::log2_4 on eight lanes.
__attribute__((always_inline)) inline Float8 log2_8(Float8 x) {
  const Int8 bits = reinterpret_cast<Int8>(x);
  Int8 e = ((bits >> 23) & 0xff) - 127;
  Float8 m = reinterpret_cast<Float8>((bits & 0x007fffff) | 0x3f800000);
  const Int8 big = m > splat8(1.41421356f);
  m = select8(big, m * 0.5f, m);
  e -= big;
  const Float8 s = (m - 1.0f) / (m + 1.0f);
  const Float8 s2 = s * s;
  const Float8 p =
      1.0f + s2 * (1.0f / 3.0f + s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f))));
  const Float8 ln_m = 2.0f * s * p;
  return __builtin_convertvector(e, Float8) + ln_m * 1.44269504088896341f;
}

// simd::normal_4 on eight lanes.
__attribute__((always_inline)) inline Float8 normal_8(Uint8 b) {
  const Int8 upper = reinterpret_cast<Int8>(b >> 31) != 0;
  const Int8 low = reinterpret_cast<Int8>(b ^ reinterpret_cast<Uint8>(upper));
  const Float8 v = (__builtin_convertvector(low, Float8) + 0.5f) * 2.3283064365386963e-10f;
  const Float8 w = -log2_8(4.0f * v * (1.0f - v)) * 0.693147180559945309f;
  const Float8 wc = w - 2.5f;
  Float8 pc = splat8(2.81022636e-08f);
  pc = 3.43273939e-07f + pc * wc;
  pc = -3.5233877e-06f + pc * wc;
  pc = -4.39150654e-06f + pc * wc;
  pc = 0.00021858087f + pc * wc;
  pc = -0.00125372503f + pc * wc;
  pc = -0.00417768164f + pc * wc;
  pc = 0.246640727f + pc * wc;
  pc = 1.50140941f + pc * wc;
  const Int8 tail = w >= 5.0f;
  Float8 p = pc;
  if (_mm256_movemask_ps(reinterpret_cast<__m256>(tail)) != 0) {
    Float8 wt = w;
    for (int i = 0; i < 8; ++i) wt[i] = __builtin_sqrtf(w[i] > 0.0f ? w[i] : 0.0f) - 3.0f;
    Float8 pt = splat8(-0.000200214257f);
    pt = 0.000100950558f + pt * wt;
    pt = 0.00134934322f + pt * wt;
    pt = -0.00367342844f + pt * wt;
    pt = 0.00573950773f + pt * wt;
    pt = -0.0076224613f + pt * wt;
    pt = 0.00943887047f + pt * wt;
    pt = 1.00167406f + pt * wt;
    pt = 2.83297682f + pt * wt;
    p = select8(tail, pt, pc);
  }
  const Float8 x = 1.0f - 2.0f * v;
  const Float8 z = p * x * 1.41421356237309505f;
  return select8(upper, z, -z);
}

__attribute__((always_inline)) inline Float8 max8(Float8 a, Float8 b) {
  return select8(a > b, a, b);
}
__attribute__((always_inline)) inline Float8 min8(Float8 a, Float8 b) {
  return select8(a < b, a, b);
}
__attribute__((always_inline)) inline Float8 abs8(Float8 a) {
  return reinterpret_cast<Float8>(reinterpret_cast<Int8>(a) & 0x7fffffff);
}
__attribute__((always_inline)) inline Float8 load8(const float* p) {
  return reinterpret_cast<Float8>(_mm256_loadu_ps(p));
}
__attribute__((always_inline)) inline void store8(float* p, Float8 v) {
  _mm256_storeu_ps(p, reinterpret_cast<__m256>(v));
}

// simd::exp2_4 on eight lanes.
__attribute__((always_inline)) inline Float8 exp2_8(Float8 x) {
  x = min8(max8(x, splat8(-126.0f)), splat8(127.0f));
  const Float8 shifted = x + 0.5f;
  Int8 n = __builtin_convertvector(shifted, Int8);
  n += shifted < __builtin_convertvector(n, Float8);
  const Float8 y = (x - __builtin_convertvector(n, Float8)) * 0.693147180559945309f;
  const Float8 p =
      1.0f +
      y * (1.0f + y * (0.5f + y * (1.0f / 6 +
                                   y * (1.0f / 24 +
                                        y * (1.0f / 120 + y * (1.0f / 720 + y * (1.0f / 5040)))))));
  const Float8 scale = reinterpret_cast<Float8>((n + 127) << 23);
  return p * scale;
}

}  // namespace kirchhoff::simd_avx2
#pragma GCC pop_options
#endif
