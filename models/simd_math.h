// Four-lane float math for the per-device loops (programming, drift, read-noise coefficients):
// GCC/Clang vector extensions, so a plain -O2 build (no -march) runs them on SSE2/NEON lanes
// instead of one libm call per device. Accuracy (tests/models/simd_math_test.cpp):
//   log2_4   positive normal floats, absolute error <= 2e-7 (|log2 x| < 1) / relative <= 2e-7
//   exp2_4   x in [-126, 127], relative error <= 3e-7 (clamped outside)
//   normal_4 standard normal quantile of 32 random bits (inverse CDF, M. Giles, "Approximating
//            the erfinv function", GPU Computing Gems 2010, single precision): error
//            <= 1e-6 max(1, |z|) against the exact quantile of the same uniform for |z| <= 5.54
//            (all but the 64 outermost words on each side), <= 4e-4 out to |z| = 6.34
#pragma once

#include <cstdint>
#include <cstring>

namespace kirchhoff::simd {

typedef float Float4 __attribute__((vector_size(16)));
typedef std::int32_t Int4 __attribute__((vector_size(16)));
typedef std::uint32_t Uint4 __attribute__((vector_size(16)));

inline Float4 splat(float a) {
  return Float4{a, a, a, a};
}
inline Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, Float4 v) {
  std::memcpy(p, &v, sizeof v);
}
inline Float4 select(Int4 mask, Float4 a, Float4 b) {
  return reinterpret_cast<Float4>((mask & reinterpret_cast<Int4>(a)) |
                                  (~mask & reinterpret_cast<Int4>(b)));
}
inline Float4 max4(Float4 a, Float4 b) {
  return select(a > b, a, b);
}
inline Float4 min4(Float4 a, Float4 b) {
  return select(a < b, a, b);
}
inline Float4 abs4(Float4 a) {
  return reinterpret_cast<Float4>(reinterpret_cast<Int4>(a) &
                                  Int4{0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff});
}

// log2 of positive normal floats: exponent plus ln(m) of the mantissa m in [sqrt(1/2), sqrt(2))
// from the atanh series 2 (s + s^3/3 + ... + s^9/9), s = (m - 1) / (m + 1), |s| <= 0.172.
inline Float4 log2_4(Float4 x) {
  const Int4 bits = reinterpret_cast<Int4>(x);
  Int4 e = ((bits >> 23) & 0xff) - 127;
  Float4 m = reinterpret_cast<Float4>((bits & 0x007fffff) | 0x3f800000);  // [1, 2)
  const Int4 big = m > splat(1.41421356f);
  m = select(big, m * 0.5f, m);
  e -= big;  // big is -1 where true
  const Float4 s = (m - 1.0f) / (m + 1.0f);
  const Float4 s2 = s * s;
  const Float4 p =
      1.0f + s2 * (1.0f / 3.0f + s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f))));
  const Float4 ln_m = 2.0f * s * p;
  return __builtin_convertvector(e, Float4) + ln_m * 1.44269504088896341f;
}

// 2^x: 2^n * 2^f with n = round(x), f in [-1/2, 1/2], 2^f = e^(f ln 2) by its Taylor series to
// degree 7 (remainder < 5e-9).
inline Float4 exp2_4(Float4 x) {
  x = min4(max4(x, splat(-126.0f)), splat(127.0f));
  const Float4 shifted = x + 0.5f;
  Int4 n = __builtin_convertvector(shifted, Int4);    // truncates toward zero
  n += shifted < __builtin_convertvector(n, Float4);  // floor (a true lane is -1)
  const Float4 y = (x - __builtin_convertvector(n, Float4)) * 0.693147180559945309f;
  const Float4 p =
      1.0f +
      y * (1.0f + y * (0.5f + y * (1.0f / 6 +
                                   y * (1.0f / 24 +
                                        y * (1.0f / 120 + y * (1.0f / 720 + y * (1.0f / 5040)))))));
  const Float4 scale = reinterpret_cast<Float4>((n + 127) << 23);
  return p * scale;
}

// Standard normal quantile of the uniforms u = (b + 1/2) 2^-32 of four 32-bit words b:
// z = sqrt(2) erfinv(2u - 1), with 4u(1 - u) formed from u and 1 - u separately so neither tail
// loses precision; |z| <= 6.3.
inline Float4 normal_4(Uint4 b) {
  const Int4 upper = reinterpret_cast<Int4>(b >> 31) != 0;  // u > 1/2
  // The distance from the nearer end, min(u, 1 - u), in (0, 1/2].
  const Int4 low = reinterpret_cast<Int4>(b ^ reinterpret_cast<Uint4>(upper));  // < 2^31
  const Float4 v = (__builtin_convertvector(low, Float4) + 0.5f) * 2.3283064365386963e-10f;
  const Float4 w = -log2_4(4.0f * v * (1.0f - v)) * 0.693147180559945309f;  // -ln(1 - x^2)
  // Central branch (w < 5).
  const Float4 wc = w - 2.5f;
  Float4 pc = splat(2.81022636e-08f);
  pc = 3.43273939e-07f + pc * wc;
  pc = -3.5233877e-06f + pc * wc;
  pc = -4.39150654e-06f + pc * wc;
  pc = 0.00021858087f + pc * wc;
  pc = -0.00125372503f + pc * wc;
  pc = -0.00417768164f + pc * wc;
  pc = 0.246640727f + pc * wc;
  pc = 1.50140941f + pc * wc;
  const Int4 tail = w >= 5.0f;
  Float4 p = pc;
  if (tail[0] | tail[1] | tail[2] | tail[3]) {  // rare: |z| > 2.9 in one lane
    Float4 wt = w;
    for (int i = 0; i < 4; ++i) wt[i] = __builtin_sqrtf(w[i] > 0.0f ? w[i] : 0.0f) - 3.0f;
    Float4 pt = splat(-0.000200214257f);
    pt = 0.000100950558f + pt * wt;
    pt = 0.00134934322f + pt * wt;
    pt = -0.00367342844f + pt * wt;
    pt = 0.00573950773f + pt * wt;
    pt = -0.0076224613f + pt * wt;
    pt = 0.00943887047f + pt * wt;
    pt = 1.00167406f + pt * wt;
    pt = 2.83297682f + pt * wt;
    p = select(tail, pt, pc);
  }
  const Float4 x = 1.0f - 2.0f * v;  // |2u - 1|
  const Float4 z = p * x * 1.41421356237309505f;
  return select(upper, z, -z);
}

}  // namespace kirchhoff::simd
