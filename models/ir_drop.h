// First-order IR drop along word lines and bit lines (off by default: ReadParams::ir_drop).
//
// Assumptions: every row is driven at full read voltage from column 0 (worst case, independent
// of the data), each bit line is held at virtual ground by its sense circuit after the last row,
// every wire segment between neighbouring cells has resistance R, and R * G_cell * n^2 << 1 so
// that only first-order terms in R are kept (no redistribution of currents). The devices of one
// weight are lumped into one cell of conductance G_cell = sum of its devices. A cell at (r, c)
// then sees the voltage V (1 - a[r, c]) with
//   a[r, c] = R * ( sum_{k<=c} sum_{c'>=k} G[r, c']      (word line: current through segment k)
//                 + sum_{k>=r} sum_{r'<=k} G[r', c] )    (bit line: current on its way down)
// and its contribution is attenuated by (1 - a), clamped at 0. Units: R in ohm, G in uS.
#pragma once

#include <vector>

namespace kirchhoff {

// Attenuation factors (1 - a[r, c], row-major) for the lumped cell conductances g_cell_uS.
std::vector<float> ir_drop_attenuation(const std::vector<float>& g_cell_uS, int rows, int cols,
                                       double wire_resistance_ohm);

}  // namespace kirchhoff
