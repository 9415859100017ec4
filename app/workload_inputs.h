// Inputs and labels of a workload run, read from NumPy files and checked against the model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "workloads/npy.h"
#include "workloads/workload_graph.h"

namespace kirchhoff::app {

// Samples from X.npy: the first axis counts samples, the rest must hold numel(graph input)
// values per sample. float32, float64, float16, int16 and int32 values are converted to float;
// uint8 and int8 values are multiplied by `uint8_scale` (--uint8-scale, default 1/255). Every
// value must be finite and representable as float32. Throws WorkloadError naming the file, its
// shape or dtype and what the model expects, or the sample, element and byte offset of a bad
// value.
std::vector<std::vector<float>> read_inputs(const std::string& path, const WorkloadGraph& g,
                                            double uint8_scale);
// The same from an array already read; `path` names it in messages.
std::vector<std::vector<float>> read_inputs(const NpyArray& a, const std::string& path,
                                            const WorkloadGraph& g, double uint8_scale);

// One class per sample from Y.npy: any integer dtype, or a float dtype holding integral values;
// the count must equal `samples` and every label must lie in [0, classes) (the model's output
// size). Throws WorkloadError naming the file and the first bad label.
std::vector<int> read_labels(const std::string& path, std::size_t samples, std::int64_t classes);
std::vector<int> read_labels(const NpyArray& a, const std::string& path, std::size_t samples,
                             std::int64_t classes);

// The samples a run streams: the first `requested` of the file (all when requested < 0). More
// than the file holds is an error naming `inputs_path` unless `repeat`, which cycles through the
// file (labels with it).
void select_samples(std::vector<std::vector<float>>& inputs, std::vector<int>& labels,
                    long long requested, bool repeat, const std::string& inputs_path);

// Throws WorkloadError naming the workload file (plan.workload) when the plan cannot execute
// (host/dataflow_stage.h: an unsupported post-op, asymmetric pooling padding, ...), so `run`
// fails before it creates --out.
void check_executable(const WorkloadGraph& g, const MappingPlan& plan,
                      bool input_operands = false);  // host/dataflow_stage.h

}  // namespace kirchhoff::app
