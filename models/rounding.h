// Round half away from zero without a libm call (a plain -O2 x86-64 build has no SSE4.1
// round instruction, so std::round is a function call in the converters' inner loops).
// Valid for |v| < 2^62; same result as std::round there.
#pragma once

#include <cmath>
#include <cstdint>

namespace kirchhoff {

inline double round_half_away(double v) {
  return static_cast<double>(static_cast<std::int64_t>(v + std::copysign(0.5, v)));
}

}  // namespace kirchhoff
