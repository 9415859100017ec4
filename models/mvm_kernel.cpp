#include "models/mvm_kernel.h"

#include <cmath>
#include <cstring>

#include "models/simd_avx2.h"

namespace kirchhoff {
namespace {

// Four floats in one SSE/NEON register (GCC/Clang vector extensions, no -march needed).
typedef float Float4 __attribute__((vector_size(16)));
typedef std::uint16_t U16x8 __attribute__((vector_size(16)));
constexpr int kLanes = 4;
constexpr int kRowBlock = 4;  // rows accumulated per pass over y

inline Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, Float4 v) {
  std::memcpy(p, &v, sizeof v);
}
inline Float4 splat(float a) {
  return Float4{a, a, a, a};
}

// Eight bfloat16 -> two Float4 (lanes 0-3, 4-7): each value moves to the upper half of a float.
inline void load_bf16x8(const std::uint16_t* p, Float4* lo, Float4* hi) {
  U16x8 v;
  std::memcpy(&v, p, sizeof v);
  const U16x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
  const U16x8 l = __builtin_shufflevector(zero, v, 0, 8, 1, 9, 2, 10, 3, 11);
  const U16x8 h = __builtin_shufflevector(zero, v, 4, 12, 5, 13, 6, 14, 7, 15);
  std::memcpy(lo, &l, sizeof l);
  std::memcpy(hi, &h, sizeof h);
}

// Columns [c, cols) of rows [r, r + 4) of the weight GEMV (portable code; a[0..3] are the
// rows' inputs): four at a time as ((((y + a0 m0) + a1 m1) + a2 m2) + a3 m3), the last
// cols % 4 one by one as y + (a0 m0 + a1 m1 + a2 m2 + a3 m3).
void gemv_rows4_from(const float* m0, std::size_t stride, const float* a, int c, int cols,
                     float* y) {
  const float* m1 = m0 + stride;
  const float* m2 = m1 + stride;
  const float* m3 = m2 + stride;
  const Float4 a0 = splat(a[0]), a1 = splat(a[1]), a2 = splat(a[2]), a3 = splat(a[3]);
  for (; c + kLanes <= cols; c += kLanes) {
    store4(y + c, load4(y + c) + a0 * load4(m0 + c) + a1 * load4(m1 + c) + a2 * load4(m2 + c) +
                      a3 * load4(m3 + c));
  }
  for (; c < cols; ++c) y[c] += a[0] * m0[c] + a[1] * m1[c] + a[2] * m2[c] + a[3] * m3[c];
}

// The same for the bfloat16 variances with the squared inputs q[0..3]: eight at a time, the
// last cols % 8 one by one.
void variance_rows4_from(const std::uint16_t* v0, std::size_t stride, const float q[4], int c,
                         int cols, float* s) {
  constexpr int kBf16Lanes = 2 * kLanes;
  const std::uint16_t* v1 = v0 + stride;
  const std::uint16_t* v2 = v1 + stride;
  const std::uint16_t* v3 = v2 + stride;
  const Float4 b0 = splat(q[0]), b1 = splat(q[1]), b2 = splat(q[2]), b3 = splat(q[3]);
  // Four rows written out by hand: at -O2 GCC does not unroll an inner loop over rows, and
  // arrays of vectors would then live in memory.
  for (; c + kBf16Lanes <= cols; c += kBf16Lanes) {
    Float4 l0, h0, l1, h1, l2, h2, l3, h3;
    load_bf16x8(v0 + c, &l0, &h0);
    load_bf16x8(v1 + c, &l1, &h1);
    load_bf16x8(v2 + c, &l2, &h2);
    load_bf16x8(v3 + c, &l3, &h3);
    store4(s + c, load4(s + c) + b0 * l0 + b1 * l1 + b2 * l2 + b3 * l3);
    store4(s + c + kLanes, load4(s + c + kLanes) + b0 * h0 + b1 * h1 + b2 * h2 + b3 * h3);
  }
  for (; c < cols; ++c) {
    s[c] += q[0] * from_bfloat16(v0[c]) + q[1] * from_bfloat16(v1[c]) +
            q[2] * from_bfloat16(v2[c]) + q[3] * from_bfloat16(v3[c]);
  }
}

void gemv_row(const float* mr, float ar, int cols, float* y) {
  const Float4 a = splat(ar);
  int c = 0;
  for (; c + kLanes <= cols; c += kLanes) store4(y + c, load4(y + c) + a * load4(mr + c));
  for (; c < cols; ++c) y[c] += ar * mr[c];
}

void variance_row(const std::uint16_t* vr, float q, int cols, float* s) {
  for (int c = 0; c < cols; ++c) s[c] += q * from_bfloat16(vr[c]);
}

inline void squares4(const float* a, float q[4]) {
  for (int k = 0; k < 4; ++k) q[k] = a[k] * a[k];
}

#if KIRCHHOFF_SIMD_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
// The four-row passes above on eight AVX2 lanes over the first cols - cols % 8 columns of rows
// [r, r + 4): per column the same products and sums in the same order, so the same bits.
int gemv_rows4_avx2(const float* m0, std::size_t stride, const float* a, int cols, float* y) {
  const float* m1 = m0 + stride;
  const float* m2 = m1 + stride;
  const float* m3 = m2 + stride;
  const __m256 a0 = _mm256_set1_ps(a[0]), a1 = _mm256_set1_ps(a[1]), a2 = _mm256_set1_ps(a[2]),
               a3 = _mm256_set1_ps(a[3]);
  int c = 0;
  for (; c + 8 <= cols; c += 8) {
    __m256 acc = _mm256_add_ps(_mm256_loadu_ps(y + c), _mm256_mul_ps(a0, _mm256_loadu_ps(m0 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(a1, _mm256_loadu_ps(m1 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(a2, _mm256_loadu_ps(m2 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(a3, _mm256_loadu_ps(m3 + c)));
    _mm256_storeu_ps(y + c, acc);
  }
  return c;
}

inline __m256 bf16x8(const std::uint16_t* p) {
  const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
}

int variance_rows4_avx2(const std::uint16_t* v0, std::size_t stride, const float q[4], int cols,
                        float* s) {
  const std::uint16_t* v1 = v0 + stride;
  const std::uint16_t* v2 = v1 + stride;
  const std::uint16_t* v3 = v2 + stride;
  const __m256 b0 = _mm256_set1_ps(q[0]), b1 = _mm256_set1_ps(q[1]), b2 = _mm256_set1_ps(q[2]),
               b3 = _mm256_set1_ps(q[3]);
  int c = 0;
  for (; c + 8 <= cols; c += 8) {
    __m256 acc = _mm256_add_ps(_mm256_loadu_ps(s + c), _mm256_mul_ps(b0, bf16x8(v0 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(b1, bf16x8(v1 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(b2, bf16x8(v2 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(b3, bf16x8(v3 + c)));
    _mm256_storeu_ps(s + c, acc);
  }
  return c;
}

// Rows [r, r + 4) of both GEMVs over the first cols - cols % 8 columns: the two four-row
// passes above in one loop, the weights and the variances of a column in the same iteration
// (one walk over the rows, one loop's overhead, the inputs' broadcasts shared).
int fused_rows4_avx2(const float* m0, const std::uint16_t* v0, std::size_t stride, const float* a,
                     const float q[4], int cols, float* y, float* s) {
  const float* m1 = m0 + stride;
  const float* m2 = m1 + stride;
  const float* m3 = m2 + stride;
  const std::uint16_t* v1 = v0 + stride;
  const std::uint16_t* v2 = v1 + stride;
  const std::uint16_t* v3 = v2 + stride;
  const __m256 a0 = _mm256_set1_ps(a[0]), a1 = _mm256_set1_ps(a[1]), a2 = _mm256_set1_ps(a[2]),
               a3 = _mm256_set1_ps(a[3]);
  const __m256 b0 = _mm256_set1_ps(q[0]), b1 = _mm256_set1_ps(q[1]), b2 = _mm256_set1_ps(q[2]),
               b3 = _mm256_set1_ps(q[3]);
  int c = 0;
  for (; c + 8 <= cols; c += 8) {
    __m256 acc = _mm256_add_ps(_mm256_loadu_ps(y + c), _mm256_mul_ps(a0, _mm256_loadu_ps(m0 + c)));
    __m256 var = _mm256_add_ps(_mm256_loadu_ps(s + c), _mm256_mul_ps(b0, bf16x8(v0 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(a1, _mm256_loadu_ps(m1 + c)));
    var = _mm256_add_ps(var, _mm256_mul_ps(b1, bf16x8(v1 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(a2, _mm256_loadu_ps(m2 + c)));
    var = _mm256_add_ps(var, _mm256_mul_ps(b2, bf16x8(v2 + c)));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(a3, _mm256_loadu_ps(m3 + c)));
    var = _mm256_add_ps(var, _mm256_mul_ps(b3, bf16x8(v3 + c)));
    _mm256_storeu_ps(y + c, acc);
    _mm256_storeu_ps(s + c, var);
  }
  return c;
}
int output_noise_avx2(const float* var, const float* normal, float tf2, float out_var, int n,
                      float* z) {
  const __m256 t = _mm256_set1_ps(tf2), o = _mm256_set1_ps(out_var);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    const __m256 sd = _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(t, _mm256_loadu_ps(var + c)), o));
    _mm256_storeu_ps(z + c, _mm256_add_ps(_mm256_loadu_ps(z + c),
                                          _mm256_mul_ps(sd, _mm256_loadu_ps(normal + c))));
  }
  return c;
}
#pragma GCC pop_options
#endif

}  // namespace

std::uint16_t to_bfloat16(float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits += 0x7fffu + ((bits >> 16) & 1u);  // round to nearest even (finite inputs)
  return static_cast<std::uint16_t>(bits >> 16);
}

float from_bfloat16(std::uint16_t v) {
  const std::uint32_t bits = static_cast<std::uint32_t>(v) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

void gemv_accumulate(const float* m, int rows, int cols, const float* a, float* y) {
  const std::size_t stride = static_cast<std::size_t>(cols);
  int r = 0;
  for (; r + kRowBlock <= rows; r += kRowBlock) {
    const float* m0 = m + r * stride;
    int c = 0;
#if KIRCHHOFF_SIMD_AVX2
    if (simd_avx2::available()) c = gemv_rows4_avx2(m0, stride, a + r, cols, y);
#endif
    gemv_rows4_from(m0, stride, a + r, c, cols, y);
  }
  for (; r < rows; ++r) gemv_row(m + r * stride, a[r], cols, y);
}

void variance_gemv_accumulate(const std::uint16_t* var, int rows, int cols, const float* a,
                              float* s) {
  const std::size_t stride = static_cast<std::size_t>(cols);
  int r = 0;
  for (; r + kRowBlock <= rows; r += kRowBlock) {
    const std::uint16_t* v0 = var + r * stride;
    float q[4];
    squares4(a + r, q);
    int c = 0;
#if KIRCHHOFF_SIMD_AVX2
    if (simd_avx2::available()) c = variance_rows4_avx2(v0, stride, q, cols, s);
#endif
    variance_rows4_from(v0, stride, q, c, cols, s);
  }
  for (; r < rows; ++r) variance_row(var + r * stride, a[r] * a[r], cols, s);
}

void gemv_and_variance_accumulate(const float* m, const std::uint16_t* var, int rows, int cols,
                                  const float* a, float* y, float* s) {
  const std::size_t stride = static_cast<std::size_t>(cols);
  int r = 0;
  for (; r + kRowBlock <= rows; r += kRowBlock) {
    const std::size_t off = r * stride;
    float q[4];
    squares4(a + r, q);
    int c = 0;
#if KIRCHHOFF_SIMD_AVX2
    if (simd_avx2::available()) {
      c = fused_rows4_avx2(m + off, var + off, stride, a + r, q, cols, y, s);
    }
#endif
    gemv_rows4_from(m + off, stride, a + r, c, cols, y);
    variance_rows4_from(var + off, stride, q, c, cols, s);
  }
  for (; r < rows; ++r) {
    gemv_row(m + r * stride, a[r], cols, y);
    variance_row(var + r * stride, a[r] * a[r], cols, s);
  }
}

void add_output_noise(const float* var, const float* normal, float tf2, float out_var, int n,
                      float* z) {
  int c = 0;
#if KIRCHHOFF_SIMD_AVX2
  if (simd_avx2::available()) c = output_noise_avx2(var, normal, tf2, out_var, n, z);
#endif
  for (; c < n; ++c) z[c] += std::sqrt(tf2 * var[c] + out_var) * normal[c];
}

}  // namespace kirchhoff
