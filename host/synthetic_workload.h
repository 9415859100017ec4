// The built-in workload: one fully connected layer with random weights and inputs drawn from
// the run's counter-based streams, and its float reference (y = W^T x, double accumulation).
#pragma once

#include <cstdint>
#include <vector>

#include "config/chip_config.h"

namespace kirchhoff {

struct DenseLayer {
  int in = 0;                  // inputs (rows)
  int out = 0;                 // outputs (columns)
  std::vector<float> weights;  // row-major [in][out]
};

struct SyntheticData {
  DenseLayer layer;
  std::vector<std::vector<float>> inputs;  // samples x in
};

SyntheticData make_synthetic_workload(const config::SyntheticWorkload& w, std::uint64_t seed);

// y[c] = sum_r W[r][c] x[r], accumulated in double.
std::vector<float> reference_gemv(const DenseLayer& layer, const std::vector<float>& x);

}  // namespace kirchhoff
