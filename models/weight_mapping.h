// Weight -> conductance mapping with differential pairs.
//
// A weight is stored as W ∝ sum_k s_k (G_k+ - G_k-) over one pair (devices_per_weight 2, s_0 = 1)
// or two pairs (devices_per_weight 4, s_0 = 1, s_1 = F, the significance factor). The full
// conductance range G_range = G_max - G_min of every pair together represents w_max, which is
// max|W| (or clip_weights_sigma * std(W)) of the tile or of each column; larger weights clip.
// The off device of a pair sits at G_min. Normalised weight (what the array computes with):
//   w_n = sum_k s_k (G_k+ - G_k-) / (G_range sum_k s_k)  in [-1, 1],   W = w_n * w_max.
// Continuous programming gives every pair the same normalised value (noise averages over pairs);
// with N programmable levels (step G_range / (N - 1)) the more significant pair takes the
// quantised value and the other pair the quantised residual, so two pairs resolve finer steps.
#pragma once

#include <vector>

#include "models/tile_params.h"

namespace kirchhoff {

struct MappedWeights {
  int rows = 0;
  int cols = 0;
  int pairs = 1;                     // 1 or 2
  std::vector<double> significance;  // s_k per pair
  double g_min_uS = 0.0;
  double g_range_uS = 0.0;  // G_max - G_min
  // Target conductances, plane-major: plane 2k is G_k+, plane 2k+1 is G_k-; within a plane
  // row-major [r * cols + c].
  std::vector<float> target_uS;
  std::vector<float> w_max;  // per column: the weight that maps to full scale (per tile: equal)

  int planes() const { return 2 * pairs; }
  std::size_t plane_size() const { return static_cast<std::size_t>(rows) * cols; }
  double significance_sum() const;
};

// Maps a row-major rows x cols block (w[r * cols + c]). Throws std::invalid_argument on
// devices_per_weight other than 2 or 4, a non-positive significance factor or levels == 1.
MappedWeights map_weights(const float* w, int rows, int cols, const MappingParams& mapping,
                          double g_min_uS, double g_max_uS);
// The same into *out, reusing the capacity of its vectors (programming many tiles).
void map_weights_into(const float* w, int rows, int cols, const MappingParams& mapping,
                      double g_min_uS, double g_max_uS, MappedWeights* out);

// Normalised weights w_n (row-major) that a set of per-plane conductances represents.
void normalised_weights(const MappedWeights& m, const float* g_uS_planes, float* w_n);

}  // namespace kirchhoff
