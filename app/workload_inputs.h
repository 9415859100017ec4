// Inputs and labels of a workload run, read from NumPy files and checked against the model.
#pragma once

#include <string>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff::app {

// Samples from X.npy (float32 or uint8; uint8 values are multiplied by `uint8_scale`): the
// first axis counts samples, the rest must hold numel(graph input) values per sample.
// Throws WorkloadError naming the file, its shape and what the model expects.
std::vector<std::vector<float>> read_inputs(const std::string& path, const WorkloadGraph& g,
                                            double uint8_scale);

// One integer class per sample from Y.npy (uint8, or float32 holding integers); the count must
// equal `samples`. Throws WorkloadError naming the file.
std::vector<int> read_labels(const std::string& path, std::size_t samples);

}  // namespace kirchhoff::app
