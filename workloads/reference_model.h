// The float reference: runs a WorkloadGraph on one input sample and returns every layer's
// output, so the chip's per-layer results can be compared (relative L2 error per layer).
// Weights and activations are float32; Dense and Conv dot products accumulate in float32 (the
// SIMD GEMV of models/mvm_kernel.h, rows in order), the other reductions (LSTM gates, pooling,
// softmax) in double.
#pragma once

#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {

// outputs[i] is layer i's output, row-major in layer.shape. `input` has numel(input_shape)
// values. Throws WorkloadError when the input size is wrong.
std::vector<std::vector<float>> run_reference(const WorkloadGraph& g,
                                              const std::vector<float>& input);

// ||a - b||_2 / ||b||_2 (0 when both are zero); sizes must agree.
double relative_l2_error(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace kirchhoff
