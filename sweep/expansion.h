// The points of a sweep: grid product x each zip group x random points x seeds, in that nesting
// order (the last axis varies fastest), each with its id, axis values, replicate and seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_spec.h"

namespace kirchhoff::sweep {

struct SweepPoint {
  std::size_t index = 0;
  std::string id;                   // "p0000"
  std::vector<std::string> values;  // one per SweepSpec::axis_keys, as YAML flow text
  int replicate = 0;
  std::uint64_t seed = 0;
};

// "p" + index zero-padded to the digits of (total - 1), at least 4.
std::string point_id(std::size_t index, std::size_t total);

// The number of points, or a ConfigError if it exceeds kMaxPoints.
std::size_t point_count(const SweepSpec& spec);

std::vector<SweepPoint> expand_points(const SweepSpec& spec);

// A random axis's value for random point `index` (a float as %.17g, an integer, a choice).
std::string random_value(const RandomAxis& axis, std::uint64_t random_seed, int index);

}  // namespace kirchhoff::sweep
