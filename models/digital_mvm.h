// Exact arithmetic and cost of a digital tile's MVM (parameters: models/digital_tile_params.h).
//
// Storage and requantisation (what tests reproduce bit for bit):
//  int8 / int4 weights: one symmetric scale per programmed block, s_w = max|W| / Q in float32
//    (Q = 127 for int8, 7 for int4; s_w = 1 for an all-zero block), q_w = clamp(rint(w / s_w),
//    -Q, Q) with w / s_w in float32 and rint ties to even.
//  int8 inputs: s_x = R / 127 in float32, R the input full scale (the DAC_RANGE register, the
//    layer's calibrated input range; R <= 0: the vector's own max|x|, per-vector scaling),
//    q_x = clamp(rint(x / s_x), -127, 127).
//  integer accumulate: acc_c = sum_r q_x[r] q_w[r][c] in int32 (|acc| <= 256 x 127 x 127 fits);
//    output y_c = (float)((double)acc_c x (double)s_x x (double)s_w), one rounding to float32.
//  fp16: w and x rounded to IEEE binary16 (models/numeric_format.h), each product exact in
//    float32 (11 x 11 significant bits), accumulated in float32 in row order r = 0, 1, ...
//  A MAC whose input or weight is zero adds nothing; with zero_skipping it costs nothing.
//
// Cost of one MVM of rows_used x cols_used with N MACs charged (N = rows x cols, or the non-zero
// pairs with zero_skipping):
//   cycles   = ceil(M / macs_per_cycle) + pipeline_cycles, M = rows x cols (or N with
//              zero_skipping_time); latency = interval = cycles / clock_ghz
//   array    = N x mac_energy_pj (the MACs, category "array")
//   buffer   = rows_used x activation bits x activation_access_energy_pj_per_bit (inputs in)
//            + cols_used x 32 x activation_access_energy_pj_per_bit (accumulations out)
//            + N x weight bits x weight_access_energy_pj_per_bit (weights to the MACs)
// Programming: rows x cols x weight bits x write_energy_pj_per_bit, rows x write_ns_per_row.
#pragma once

#include <cstdint>
#include <vector>

#include "models/digital_tile_params.h"
#include "models/tile_cost.h"

namespace kirchhoff {

struct DigitalBlock {
  DigitalFormat format = DigitalFormat::kInt8;
  int rows = 0, cols = 0;
  float scale = 1.0f;           // s_w (integer formats); 1 for fp16
  std::vector<std::int32_t> q;  // integer formats: q_w, row-major by input row
  std::vector<float> h;         // fp16: the binary16 weights, row-major
  bool is_zero(std::size_t i) const {
    return format == DigitalFormat::kFp16 ? h[i] == 0.0f : q[i] == 0;
  }
};

// The stored block of a row-major rows x cols float matrix.
DigitalBlock store_weights(const float* w, int rows, int cols, DigitalFormat f);

// y[0..cols) from x[0..rows) (rules above); `range` is R. Returns the MACs whose input and
// weight are both non-zero.
std::uint64_t digital_mvm(const DigitalBlock& b, const float* x, float range, float* y);

TileCost digital_mvm_cost(const DigitalTileParams& p, int rows_used, int cols_used,
                          std::uint64_t nonzero_macs);
TileCost digital_program_cost(const DigitalTileParams& p, int rows_used, int cols_used);

// Peak figures of one tile at full rows x cols (no zero skipping): TOPS (a MAC = 2 ops) and
// the area (area_mm2, or [M]'s area efficiency by the bits rule).
double digital_peak_tops(const DigitalTileParams& p, int rows, int cols);
double digital_tile_area_mm2(const DigitalTileParams& p, int rows, int cols);

}  // namespace kirchhoff
