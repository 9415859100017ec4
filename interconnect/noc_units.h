// Unit conversions used by the network model (exact by definition, no physics).
#pragma once

#include <cstdint>

namespace kirchhoff::noc::units {

inline constexpr double kPsPerNs = 1000.0;
inline constexpr double kPjPerFj = 1e-3;
// mW x ps = 1e-3 W x 1e-12 s = 1e-15 J = 1e-3 pJ.
inline constexpr double kPjPerMwPs = 1e-3;
inline constexpr std::uint64_t kBitsPerByte = 8;

}  // namespace kirchhoff::noc::units
