#include "models/ir_drop.h"

#include <algorithm>

namespace kirchhoff {
namespace {
constexpr double kSiemensPerMicroSiemens = 1e-6;
}

std::vector<float> ir_drop_attenuation(const std::vector<float>& g_cell_uS, int rows, int cols,
                                       double wire_resistance_ohm) {
  const double r_s = wire_resistance_ohm * kSiemensPerMicroSiemens;  // ohm * uS -> dimensionless
  std::vector<double> drop(static_cast<std::size_t>(rows) * cols, 0.0);
  std::vector<double> suffix(cols + 1);
  // Word lines: segment k (feeding column k) carries the current of columns >= k.
  for (int r = 0; r < rows; ++r) {
    const float* g = g_cell_uS.data() + static_cast<std::size_t>(r) * cols;
    suffix[cols] = 0.0;
    for (int c = cols - 1; c >= 0; --c) suffix[c] = suffix[c + 1] + g[c];
    double acc = 0.0;
    for (int c = 0; c < cols; ++c) {
      acc += suffix[c];
      drop[static_cast<std::size_t>(r) * cols + c] += r_s * acc;
    }
  }
  // Bit lines: the segment below row k carries the current of rows <= k; the cell at row r sees
  // the drop over the segments k = r .. rows - 1.
  std::vector<double> prefix(rows);
  for (int c = 0; c < cols; ++c) {
    double p = 0.0;
    for (int r = 0; r < rows; ++r) {
      p += g_cell_uS[static_cast<std::size_t>(r) * cols + c];
      prefix[r] = p;
    }
    double acc = 0.0;
    for (int r = rows - 1; r >= 0; --r) {
      acc += prefix[r];
      drop[static_cast<std::size_t>(r) * cols + c] += r_s * acc;
    }
  }
  std::vector<float> att(drop.size());
  for (std::size_t i = 0; i < drop.size(); ++i) {
    att[i] = static_cast<float>(std::max(0.0, 1.0 - drop[i]));
  }
  return att;
}

}  // namespace kirchhoff
