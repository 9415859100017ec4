#include "models/random_stream.h"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "models/simd_avx2.h"
#include "models/simd_math.h"

namespace kirchhoff {
namespace {

// 2^-32: turns a 32-bit counter output into a uniform.
constexpr double kInv2Pow32 = 1.0 / 4294967296.0;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

using Philox = r123::Philox4x32;

// Uniform in (0, 1) from 32 random bits: centre of one of 2^32 bins, never 0 or 1.
inline double to_unit(std::uint32_t u) {
  return (static_cast<double>(u) + 0.5) * kInv2Pow32;
}

// Four uniforms for elements [4*block, 4*block+4) of an event.
inline Philox::ctr_type block_bits(const std::uint32_t key[2], std::uint64_t event,
                                   std::uint64_t block) {
  Philox::ctr_type ctr = {
      {static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32),
       static_cast<std::uint32_t>(event), static_cast<std::uint32_t>(event >> 32)}};
  Philox::key_type k = {{key[0], key[1]}};
  return Philox()(ctr, k);
}

#if defined(__SSE2__)
// Philox4x32-10 of the four blocks b0 .. b0 + 3 at once, one block per SSE2 lane: the same bits
// as Random123's (RandomStream.BulkNormalsEqualSingleDraws compares them); words[4 * j + k] is
// word k of block b0 + j.
inline void mulhilo4(__m128i m, __m128i a, __m128i* hi, __m128i* lo) {
  const __m128i p02 = _mm_mul_epu32(a, m);                      // lanes 0, 2: 64-bit products
  const __m128i p13 = _mm_mul_epu32(_mm_srli_epi64(a, 32), m);  // lanes 1, 3
  *lo = _mm_unpacklo_epi32(_mm_shuffle_epi32(p02, _MM_SHUFFLE(2, 0, 2, 0)),
                           _mm_shuffle_epi32(p13, _MM_SHUFFLE(2, 0, 2, 0)));
  *hi = _mm_unpacklo_epi32(_mm_shuffle_epi32(p02, _MM_SHUFFLE(3, 1, 3, 1)),
                           _mm_shuffle_epi32(p13, _MM_SHUFFLE(3, 1, 3, 1)));
}

inline void four_blocks_bits(const std::uint32_t key[2], std::uint64_t event, std::uint64_t b0,
                             std::uint32_t* words) {
  const auto lo = [](std::uint64_t v) { return static_cast<int>(static_cast<std::uint32_t>(v)); };
  const auto hi = [](std::uint64_t v) { return static_cast<int>(v >> 32); };
  __m128i c0 = _mm_set_epi32(lo(b0 + 3), lo(b0 + 2), lo(b0 + 1), lo(b0));
  __m128i c1 = _mm_set_epi32(hi(b0 + 3), hi(b0 + 2), hi(b0 + 1), hi(b0));
  __m128i c2 = _mm_set1_epi32(lo(event));
  __m128i c3 = _mm_set1_epi32(hi(event));
  const __m128i m0 = _mm_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m128i m1 = _mm_set1_epi32(static_cast<int>(0xCD9E8D57u));
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    __m128i hi0, lo0, hi1, lo1;
    mulhilo4(m0, c0, &hi0, &lo0);
    mulhilo4(m1, c2, &hi1, &lo1);
    c0 = _mm_xor_si128(_mm_xor_si128(hi1, c1), _mm_set1_epi32(static_cast<int>(k0)));
    c1 = lo1;
    c2 = _mm_xor_si128(_mm_xor_si128(hi0, c3), _mm_set1_epi32(static_cast<int>(k1)));
    c3 = lo0;
  }
  const __m128i t0 = _mm_unpacklo_epi32(c0, c1), t1 = _mm_unpacklo_epi32(c2, c3);
  const __m128i t2 = _mm_unpackhi_epi32(c0, c1), t3 = _mm_unpackhi_epi32(c2, c3);
  auto* out = reinterpret_cast<__m128i*>(words);
  _mm_storeu_si128(out + 0, _mm_unpacklo_epi64(t0, t1));
  _mm_storeu_si128(out + 1, _mm_unpackhi_epi64(t0, t1));
  _mm_storeu_si128(out + 2, _mm_unpacklo_epi64(t2, t3));
  _mm_storeu_si128(out + 3, _mm_unpackhi_epi64(t2, t3));
}
#else
inline void four_blocks_bits(const std::uint32_t key[2], std::uint64_t event, std::uint64_t b0,
                             std::uint32_t* words) {
  for (std::uint64_t j = 0; j < 4; ++j) {
    const auto bits = block_bits(key, event, b0 + j);
    for (int k = 0; k < 4; ++k) words[4 * j + k] = bits[k];
  }
}
#endif

#if KIRCHHOFF_SIMD_AVX2
// Eight blocks at once on AVX2 lanes (checked at run time), with the normal quantile of
// models/simd_avx2.h: the same bits as the four-lane path.
#pragma GCC push_options
#pragma GCC target("avx2,no-fma")
namespace avx2_lanes {

using simd_avx2::Float8;
using simd_avx2::normal_8;
using simd_avx2::Uint8;

// The 32-bit halves of the products a * m, lane by lane.
inline void mulhilo8(__m256i m, __m256i a, __m256i* hi, __m256i* lo) {
  const __m256i p02 = _mm256_mul_epu32(a, m);                         // even lanes, 64-bit
  const __m256i p13 = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);  // odd lanes
  *lo = _mm256_blend_epi32(p02, _mm256_slli_epi64(p13, 32), 0xAA);
  *hi = _mm256_blend_epi32(_mm256_srli_epi64(p02, 32), p13, 0xAA);
}

// Normals of elements [4 b0, 4 (b0 + 8 groups)) of an event: Philox4x32-10 of eight blocks per
// group, one block per lane, then the quantile of each output word.
template <typename T>
void fill_normals_avx2(const std::uint32_t key[2], std::uint64_t event, std::uint64_t b0,
                       std::uint64_t groups, T* out) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(0xCD9E8D57u));
  const __m256i e_lo = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(event)));
  const __m256i e_hi = _mm256_set1_epi32(static_cast<int>(event >> 32));
  for (std::uint64_t g = 0; g < groups; ++g) {
    const std::uint64_t b = b0 + 8 * g;
    alignas(32) std::uint32_t lo_words[8], hi_words[8];
    for (int j = 0; j < 8; ++j) {
      lo_words[j] = static_cast<std::uint32_t>(b + j);
      hi_words[j] = static_cast<std::uint32_t>((b + j) >> 32);
    }
    __m256i c0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lo_words));
    __m256i c1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(hi_words));
    __m256i c2 = e_lo, c3 = e_hi;
    std::uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; ++r) {
      if (r > 0) {
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
      }
      __m256i hi0, lo0, hi1, lo1;
      mulhilo8(m0, c0, &hi0, &lo0);
      mulhilo8(m1, c2, &hi1, &lo1);
      c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(static_cast<int>(k0)));
      c1 = lo1;
      c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32(static_cast<int>(k1)));
      c3 = lo0;
    }
    const Float8 z[4] = {
        normal_8(reinterpret_cast<Uint8>(c0)), normal_8(reinterpret_cast<Uint8>(c1)),
        normal_8(reinterpret_cast<Uint8>(c2)), normal_8(reinterpret_cast<Uint8>(c3))};
    T* o = out + 32 * g;
    for (int j = 0; j < 8; ++j) {
      for (int k = 0; k < 4; ++k) o[4 * j + k] = static_cast<T>(z[k][j]);
    }
  }
}

}  // namespace avx2_lanes
#pragma GCC pop_options
#endif

// Element 4 * block + lane of an event is the inverse normal CDF of word `lane` of that block.
template <typename T>
void fill_normals_sse2(const std::uint32_t key[2], std::uint64_t event, std::uint64_t first, T* out,
                       std::size_t n) {
  // Blocks in batches: the counter words of a batch first, then their transforms, so the
  // long dependency chains of independent blocks overlap.
  constexpr std::size_t kBatch = 16;
  std::uint32_t words[4 * kBatch];
  const std::uint64_t first_block = first / 4;
  const std::uint64_t end_block = (first + n + 3) / 4;
  for (std::uint64_t b0 = first_block; b0 < end_block; b0 += kBatch) {
    const std::size_t blocks =
        static_cast<std::size_t>(std::min<std::uint64_t>(kBatch, end_block - b0));
    if (blocks == 1) {  // a single draw: the scalar Philox
      const auto bits = block_bits(key, event, b0);
      for (int k = 0; k < 4; ++k) words[k] = bits[k];
    } else {
      for (std::size_t b = 0; b < blocks; b += 4)
        four_blocks_bits(key, event, b0 + b, words + 4 * b);
    }
    for (std::size_t b = 0; b < blocks; ++b) {
      const simd::Float4 z = simd::normal_4(
          simd::Uint4{words[4 * b], words[4 * b + 1], words[4 * b + 2], words[4 * b + 3]});
      const std::uint64_t e0 = 4 * (b0 + b);  // element of lane 0
      if (e0 >= first && e0 + 4 <= first + n) {
        T* o = out + (e0 - first);
        for (int k = 0; k < 4; ++k) o[k] = static_cast<T>(z[k]);
      } else {
        for (int k = 0; k < 4; ++k) {
          if (e0 + k >= first && e0 + k < first + n) out[e0 + k - first] = static_cast<T>(z[k]);
        }
      }
    }
  }
}

// The widest lanes the processor has (checked once): the same bits either way. Below this
// many elements the four-lane path is at least as fast (one group of eight blocks would draw
// more than twice the numbers needed).
#if KIRCHHOFF_SIMD_AVX2
constexpr std::size_t kMinAvx2Normals = 16;
#endif

template <typename T>
void fill_normals(const std::uint32_t key[2], std::uint64_t event, std::uint64_t first, T* out,
                  std::size_t n) {
#if KIRCHHOFF_SIMD_AVX2
  const bool avx2 = simd_avx2::available();
  if (avx2 && n >= kMinAvx2Normals) {
    // Groups of eight whole blocks through the AVX2 lanes, the ragged head (at most three
    // elements) as before; a tail of two blocks or more is one more group drawn into a local
    // buffer, so short arrays (a CNN tile's few dozen columns) get the eight lanes too.
    const std::uint64_t head = (4 - first % 4) % 4;
    const std::uint64_t body = (n - head) / 32 * 32;
    if (head > 0) fill_normals_sse2(key, event, first, out, static_cast<std::size_t>(head));
    const std::uint64_t b0 = (first + head) / 4;
    avx2_lanes::fill_normals_avx2(key, event, b0, body / 32, out + head);
    const std::uint64_t done = head + body;
    const std::uint64_t rest = n - done;
    if (rest >= 8) {
      T group[32];
      avx2_lanes::fill_normals_avx2(key, event, b0 + body / 4, 1, group);
      std::copy_n(group, rest, out + done);
    } else if (rest > 0) {
      fill_normals_sse2(key, event, first + done, out + done, static_cast<std::size_t>(rest));
    }
    return;
  }
#endif
  fill_normals_sse2(key, event, first, out, n);
}

}  // namespace

std::uint64_t component_id(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t root_seed, std::uint64_t component) {
  const std::uint64_t k = splitmix64(splitmix64(root_seed) ^ component);
  key_[0] = static_cast<std::uint32_t>(k);
  key_[1] = static_cast<std::uint32_t>(k >> 32);
}

double RandomStream::uniform(std::uint64_t event, std::uint64_t element) const {
  const auto bits = block_bits(key_, event, element / 4);
  return to_unit(bits[element % 4]);
}

double RandomStream::normal(std::uint64_t event, std::uint64_t element) const {
  double z;
  fill_normals(key_, event, element, &z, 1);
  return z;
}

void RandomStream::normals(std::uint64_t event, std::uint64_t first_element, float* out,
                           std::size_t n) const {
  fill_normals(key_, event, first_element, out, n);
}

void RandomStream::normals(std::uint64_t event, std::uint64_t first_element, double* out,
                           std::size_t n) const {
  fill_normals(key_, event, first_element, out, n);
}

void RandomStream::uniforms(std::uint64_t event, std::uint64_t first_element, double* out,
                            std::size_t n) const {
  std::size_t i = 0;
  while (i < n) {
    const std::uint64_t element = first_element + i;
    const auto bits = block_bits(key_, event, element / 4);
    for (std::uint64_t lane = element % 4; lane < 4 && i < n; ++lane, ++i) {
      out[i] = to_unit(bits[lane]);
    }
  }
}

}  // namespace kirchhoff
