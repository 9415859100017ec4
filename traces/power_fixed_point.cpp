#include "traces/power_fixed_point.h"

#include <algorithm>
#include <cmath>

namespace kirchhoff::traces {

std::int64_t event_power_pw(double energy_pj, std::int64_t duration_ps) {
  constexpr double kPwPerPjPerPs = 1e12;  // 1 pJ/ps = 1 W
  constexpr double kLimitPw = 4e18;       // keeps sums of a few such events in range
  if (duration_ps <= 0 || !std::isfinite(energy_pj)) return 0;
  const double pw = energy_pj / static_cast<double>(duration_ps) * kPwPerPjPerPs;
  return std::llround(std::clamp(pw, -kLimitPw, kLimitPw));
}

}  // namespace kirchhoff::traces
