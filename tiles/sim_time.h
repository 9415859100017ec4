// Simulated time as the trace recorder counts it: integer picoseconds, rounded to nearest.
#pragma once

#include <cstdint>

#include <systemc>

namespace kirchhoff {

inline std::int64_t to_ps(const sc_core::sc_time& t) {
  return static_cast<std::int64_t>(t.to_seconds() * 1e12 + 0.5);
}

inline sc_core::sc_time from_ps(std::int64_t ps) {
  return sc_core::sc_time(static_cast<double>(ps), sc_core::SC_PS);
}

}  // namespace kirchhoff
