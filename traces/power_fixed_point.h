// Instantaneous power as a whole number of picowatts, for the waveform and timeline power
// tracks. Summing integers makes the running sum exact and independent of the order in which
// events at the same time are applied (a double sum of +p and -p leaves rounding residue that
// depends on the order), so the same run gives the same file whatever the arrival order.
// 1 pW resolution is 1e-9 mW; the range is +-9.2e6 W.
#pragma once

#include <cstdint>

namespace kirchhoff::traces {

// energy_pj spread evenly over duration_ps (> 0), in pW, rounded to the nearest pW.
std::int64_t event_power_pw(double energy_pj, std::int64_t duration_ps);

inline double pw_to_mw(std::int64_t pw) {
  return static_cast<double>(pw) / 1e9;
}

}  // namespace kirchhoff::traces
