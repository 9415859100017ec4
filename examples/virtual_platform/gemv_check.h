// The float GEMV a result is compared with, and how far a tile's converters may move it.
//
// With an ideal device (no programming or read noise, no drift, no IR drop, continuous
// conductances), a noise-free ADC and no clipping, a tile computes
//   y_c = w_max * R * ADC( sum_r DAC(x_r / R) * W_rc / w_max )
// (R: dac.range, w_max: max |W| of the block, or of the column with per-column scaling), so
// the only errors are the converters' roundings: the DAC rounds x_r / R to 1 / S_dac steps
// (S_dac = 2^(dac.bits-1) - 1, signed), the ADC rounds to lsb = adc.bound / (2^(adc.bits-1) - 1)
// (divided by adc.gain). Hence, per column,
//   |y_c - y_float_c| <= w_max R (sum_r |W_rc| / w_max / (2 S_dac) + lsb / (2 gain))
// plus float32 rounding of the sums, bounded here by 1e-5 relative to w_max R sum_r |W_rc|.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "models/tile_params.h"

namespace vp {

inline std::vector<double> float_gemv(const std::vector<float>& w, int rows, int cols,
                                      const std::vector<float>& x) {
  std::vector<double> y(cols, 0.0);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) y[c] += static_cast<double>(w[r * cols + c]) * x[r];
  return y;
}

// Why the bound above does not hold for these parameters; empty when it does.
inline std::string bound_does_not_apply(const kirchhoff::TileParams& p) {
  if (p.device.type != kirchhoff::DeviceType::kIdeal) return "the device is not ideal";
  if (p.adc.noise_sigma != 0.0) return "the ADC is noisy";
  if (p.read.ir_drop) return "IR drop is on";
  if (p.mapping.programmable_levels != 0 || p.mapping.clip_weights_sigma != 0.0)
    return "weights are quantised or clipped";
  if (p.device.stuck_at_min_fraction != 0.0 || p.device.stuck_at_max_fraction != 0.0)
    return "devices are stuck";
  if (p.dac.noise_management || p.dac.range_mode == kirchhoff::DacRangeMode::kAbsMax ||
      !p.dac.is_signed)
    return "the DAC is not a signed fixed range";
  return {};
}

// The per-column bound of the header comment for the block `w` (rows x cols).
inline std::vector<double> converter_error_bound(const kirchhoff::TileParams& p,
                                                 const std::vector<float>& w, int rows, int cols) {
  std::vector<double> col_max(cols, 0.0), col_abs_sum(cols, 0.0);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const double a = std::fabs(w[r * cols + c]);
      col_max[c] = std::max(col_max[c], a);
      col_abs_sum[c] += a;
    }
  }
  const double tile_max = *std::max_element(col_max.begin(), col_max.end());
  const double s_dac = std::ldexp(1.0, p.dac.bits - 1) - 1.0;
  const double adc_lsb = p.adc.bound / (std::ldexp(1.0, p.adc.bits - 1) - 1.0);
  std::vector<double> bound(cols);
  for (int c = 0; c < cols; ++c) {
    const double w_max =
        p.mapping.scaling == kirchhoff::WeightScaling::kPerColumn ? col_max[c] : tile_max;
    const double scale = w_max * p.dac.range;
    bound[c] = scale * (col_abs_sum[c] / w_max / (2.0 * s_dac) + adc_lsb / (2.0 * p.adc.gain)) +
               1e-5 * p.dac.range * col_abs_sum[c];
  }
  return bound;
}

// True when some column's analog sum exceeds the ADC's full scale (the ADC clips it, and the
// bound above does not hold for that column).
inline bool adc_clips(const kirchhoff::TileParams& p, const std::vector<float>& w, int rows,
                      int cols, const std::vector<float>& x) {
  const std::vector<double> y = float_gemv(w, rows, cols, x);
  double w_max = 0.0;
  for (float v : w) w_max = std::max(w_max, static_cast<double>(std::fabs(v)));
  for (int c = 0; c < cols; ++c) {
    double col_max = 0.0;
    for (int r = 0; r < rows; ++r)
      col_max = std::max(col_max, static_cast<double>(std::fabs(w[r * cols + c])));
    const double scale =
        (p.mapping.scaling == kirchhoff::WeightScaling::kPerColumn ? col_max : w_max) * p.dac.range;
    if (std::fabs(y[c]) / scale * p.adc.gain > p.adc.bound) return true;
  }
  return false;
}

}  // namespace vp
