#include "models/device_storage.h"

#include <algorithm>
#include <cmath>

#include "models/simd_avx2.h"
#include "models/simd_math.h"

namespace kirchhoff {
namespace {

using simd::Float4;
using simd::Int4;
using simd::Uint4;

// F. Giesen's float -> half with round to nearest even (public domain "float_to_half_fast3_rtne"),
// for x >= 0, as four lanes: subnormal halves by adding a magic number whose exponent aligns the
// ten fraction bits at the bottom, normal ones by re-biasing the exponent and rounding the
// thirteen dropped bits.
inline Uint4 fp16_bits4(Float4 x) {
  x = simd::min4(simd::max4(x, simd::splat(0.0f)), simd::splat(65504.0f));
  const Uint4 f = reinterpret_cast<Uint4>(x);
  const Float4 magic = simd::splat(0.5f);  // exponent (127 - 15) + (23 - 10) + 1 = 126
  const Uint4 sub = reinterpret_cast<Uint4>(x + magic) - reinterpret_cast<Uint4>(magic);
  const Uint4 odd = (f >> 13) & 1u;
  const Uint4 norm = (f + (static_cast<std::uint32_t>(15 - 127) << 23) + 0xfffu + odd) >> 13;
  const Int4 is_sub = reinterpret_cast<Int4>(f < (113u << 23));
  return reinterpret_cast<Uint4>(
      simd::select(is_sub, reinterpret_cast<Float4>(sub), reinterpret_cast<Float4>(norm)));
}

// half -> float for finite non-negative halves: the bits moved into place, then the exponent
// re-biased by one multiply (exact for normals and subnormals alike).
inline Float4 from_fp16_bits4(Uint4 h) {
  return reinterpret_cast<Float4>(h << 13) * 5.192296858534828e33f;  // 2^112
}

#if KIRCHHOFF_SIMD_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
// DeviceStorage::drifted's lanes on eight AVX2 lanes (the same bits) over the first n - n % 8.
std::size_t drift_lanes_avx2(const std::uint16_t* c, float k, std::size_t n, float* g_uS) {
  using namespace simd_avx2;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i codes =
        _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c + i)));
    const Float8 code = reinterpret_cast<Float8>(_mm256_cvtepi32_ps(codes));
    store8(g_uS + i, load8(g_uS + i) * exp2_8(code * k));
  }
  return i;
}

// DeviceStorage::store's exponent codes on eight AVX2 lanes (the same multiply, add, min and
// truncation) over the first n - n % 8; raises *top to the largest code.
std::size_t nu_codes_avx2(const float* nu, float inv, std::size_t n, std::uint16_t* code,
                          std::uint32_t* top) {
  using namespace simd_avx2;
  const Float8 largest = splat8(static_cast<float>(DeviceStorage::kNuCodes));
  __m256i top8 = _mm256_setzero_si256();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const Float8 x = load8(nu + i) * inv + 0.5f;
    const Float8 c = select8(largest < x, largest, x);  // std::min(x, largest)
    const __m256i ci = _mm256_cvttps_epi32(reinterpret_cast<__m256>(c));
    top8 = _mm256_max_epu32(top8, ci);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(code + i),
                     _mm_packus_epi32(_mm256_castsi256_si128(ci), _mm256_extracti128_si256(ci, 1)));
  }
  alignas(32) std::uint32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), top8);
  for (std::uint32_t v : lanes) *top = std::max(*top, v);
  return i;
}
#pragma GCC pop_options
#endif

}  // namespace

void encode_fp16(const float* x, std::uint16_t* h, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const Uint4 b = fp16_bits4(simd::load4(x + i));
    for (int k = 0; k < 4; ++k) h[i + k] = static_cast<std::uint16_t>(b[k]);
  }
  for (; i < n; ++i) h[i] = static_cast<std::uint16_t>(fp16_bits4(simd::splat(x[i]))[0]);
}

void decode_fp16(const std::uint16_t* h, float* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    simd::store4(x + i, from_fp16_bits4(Uint4{h[i], h[i + 1], h[i + 2], h[i + 3]}));
  }
  for (; i < n; ++i) x[i] = from_fp16_bits4(Uint4{h[i], 0, 0, 0})[0];
}

void DeviceStorage::store(const ProgrammedDevices& d, bool exact) {
  const std::size_t n = d.size();
  size_ = n;
  if (exact) {
    g_fp16_ = {};
    g_f32_ = d.g_prog_uS;
  } else {
    g_f32_ = {};
    g_fp16_.resize(n);
    encode_fp16(d.g_prog_uS.data(), g_fp16_.data(), n);
  }
  float nu_max = 0.0f;
  for (float v : d.nu) nu_max = std::max(nu_max, v);
  if (nu_max == 0.0f) {
    nu_code_ = {};
    nu_step_ = 0.0f;
    nu_max_ = 0.0;
    return;
  }
  nu_code_.resize(n);
  nu_step_ = nu_max / static_cast<float>(kNuCodes);
  const float inv = 1.0f / nu_step_;
  std::uint32_t top = 0;
  std::size_t i = 0;
#if KIRCHHOFF_SIMD_AVX2
  const bool avx2 = simd_avx2::available();
  if (avx2) i = nu_codes_avx2(d.nu.data(), inv, n, nu_code_.data(), &top);
#endif
  for (; i < n; ++i) {
    const float c = std::min(d.nu[i] * inv + 0.5f, static_cast<float>(kNuCodes));
    nu_code_[i] = static_cast<std::uint16_t>(c);
    top = std::max<std::uint32_t>(top, nu_code_[i]);
  }
  nu_max_ = static_cast<float>(top) * nu_step_;
}

void DeviceStorage::g_prog(std::size_t first, std::size_t n, float* g_uS) const {
  if (g_fp16_.empty()) {
    std::copy_n(g_f32_.data() + first, n, g_uS);
  } else {
    decode_fp16(g_fp16_.data() + first, g_uS, n);
  }
}

void DeviceStorage::nu(std::size_t first, std::size_t n, float* nu) const {
  if (nu_code_.empty()) {
    std::fill_n(nu, n, 0.0f);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) nu[i] = static_cast<float>(nu_code_[first + i]) * nu_step_;
}

void DeviceStorage::drifted(double log_t, std::size_t first, std::size_t n, float* g_uS) const {
  g_prog(first, n, g_uS);
  if (log_t == 0.0 || nu_max_ == 0.0) return;
  // 2^(-nu log_t log2 e) with nu = code * step: one multiply per device before exp2.
  const float k = static_cast<float>(-log_t * 1.4426950408889634) * nu_step_;
  const std::uint16_t* c = nu_code_.data() + first;
  std::size_t i = 0;
#if KIRCHHOFF_SIMD_AVX2
  const bool avx2 = simd_avx2::available();
  if (avx2) i = drift_lanes_avx2(c, k, n, g_uS);
#endif
  for (; i + 4 <= n; i += 4) {
    const Float4 code = {static_cast<float>(c[i]), static_cast<float>(c[i + 1]),
                         static_cast<float>(c[i + 2]), static_cast<float>(c[i + 3])};
    simd::store4(g_uS + i, simd::load4(g_uS + i) * simd::exp2_4(code * k));
  }
  for (; i < n; ++i) g_uS[i] *= simd::exp2_4(simd::splat(static_cast<float>(c[i]) * k))[0];
}

ProgrammedDevices DeviceStorage::decode() const {
  ProgrammedDevices d;
  d.resize(size());
  g_prog(0, size(), d.g_prog_uS.data());
  nu(0, size(), d.nu.data());
  d.nu_max = nu_max_;
  return d;
}

}  // namespace kirchhoff
