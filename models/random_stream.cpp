#include "models/random_stream.h"

#include <Random123/philox.h>

#include <cmath>

namespace kirchhoff {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;
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

// Box-Muller on the pair (2j, 2j+1) of a block: element 2j takes the cosine branch, 2j+1 the sine.
inline void box_muller(std::uint32_t a, std::uint32_t b, double* z0, double* z1) {
  const double r = std::sqrt(-2.0 * std::log(to_unit(a)));
  const double phi = kTwoPi * to_unit(b);
  *z0 = r * std::cos(phi);
  *z1 = r * std::sin(phi);
}

template <typename T>
void fill_normals(const std::uint32_t key[2], std::uint64_t event, std::uint64_t first, T* out,
                  std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    const std::uint64_t element = first + i;
    const std::uint64_t block = element / 4;
    const auto bits = block_bits(key, event, block);
    double z[4];
    box_muller(bits[0], bits[1], &z[0], &z[1]);
    box_muller(bits[2], bits[3], &z[2], &z[3]);
    for (std::uint64_t lane = element % 4; lane < 4 && i < n; ++lane, ++i) {
      out[i] = static_cast<T>(z[lane]);
    }
  }
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
  for (std::size_t i = 0; i < n; ++i) out[i] = uniform(event, first_element + i);
}

}  // namespace kirchhoff
