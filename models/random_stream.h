// Counter-based random streams (Random123 Philox4x32-10). A normal is the inverse normal CDF
// of one 32-bit word (models/simd_math.h: four lanes per Philox call).
//
// Every random number in Kirchhoff is a pure function of (root seed, component, event, element):
// a component owns one stream keyed by (root seed, component id), and draws number `element`
// of event `event` (a programming step, an MVM, a packet ...). The same seed therefore gives the
// same bits whatever the event order, the simulation quantum or the number of worker processes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kirchhoff {

// Stable 64-bit id of a hierarchical component name ("chip.tile3.crossbar"): FNV-1a.
std::uint64_t component_id(std::string_view name);

class RandomStream {
 public:
  RandomStream() = default;
  RandomStream(std::uint64_t root_seed, std::uint64_t component);
  RandomStream(std::uint64_t root_seed, std::string_view component_name)
      : RandomStream(root_seed, component_id(component_name)) {}

  // Uniform in the open interval (0, 1).
  double uniform(std::uint64_t event, std::uint64_t element) const;
  // Standard normal N(0, 1).
  double normal(std::uint64_t event, std::uint64_t element) const;

  // Fills out[i] with the standard normal of (event, first_element + i), i < n. Same values as
  // normal(event, first_element + i); four numbers per Philox call.
  void normals(std::uint64_t event, std::uint64_t first_element, float* out, std::size_t n) const;
  void normals(std::uint64_t event, std::uint64_t first_element, double* out, std::size_t n) const;
  void uniforms(std::uint64_t event, std::uint64_t first_element, double* out, std::size_t n) const;

  std::uint32_t key_lo() const { return key_[0]; }
  std::uint32_t key_hi() const { return key_[1]; }

 private:
  std::uint32_t key_[2] = {0, 0};
};

}  // namespace kirchhoff
