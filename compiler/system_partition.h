// Partition of a network across the chips of a system (docs/multichip.md): a layer-wise
// pipeline. The graph's layers are cut into contiguous ranges, one per chip in the system's
// pipeline order (a chip may get none), each range a workload of its own mapped with the
// single-chip mapper (compiler/mapper.h) on that chip's configuration.
//
// Cut points. A cut sits just before a weight layer L (Dense, Conv2d, LSTM) when exactly one
// tensor crosses it: every layer from L on reads only layers from L - 1 on, and the only earlier
// layer read is L - 1 (a residual connection across the cut forbids it). The layers between two
// weight layers stay with the earlier one (they are its DPU post-ops).
//
// Cost. Among the assignments in which every range fits its chip (the mapper places it), the
// one with the fewest bytes crossing links per inference: the sum over cuts of the values of the
// crossing tensor times the bytes per value of the sending chip's DPU format (dpu.format,
// rounded up to whole bytes); ties go to the assignment that uses fewer chips, then to the one
// whose cuts come earlier. A dynamic programme over (chip, cut), the fit of each range checked
// once by mapping it. Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/system_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct ChipShare {
  int chip = 0;         // index into SystemConfig::chips
  int first_layer = 0;  // graph layers [first_layer, end_layer)
  int end_layer = 0;
  WorkloadGraph graph;          // those layers as a workload (input: the crossing tensor)
  MappingPlan plan;             // mapped on the chip's configuration
  std::int64_t in_values = 0;   // values entering the share per inference
  std::int64_t out_values = 0;  // values leaving it (to the next share or the host)
  std::int64_t out_bytes = 0;   // to the next share: out_values x value bytes; 0 for the last
  int value_bytes = 4;          // bytes per value it sends (its dpu.format)
};

struct SystemPartition {
  std::vector<ChipShare> shares;  // in pipeline order; chips without layers are left out
  std::int64_t cut_bytes = 0;     // bytes crossing links per inference (sum of out_bytes)
};

// Throws WorkloadError "<workload>: does not fit the system: ... needs N chips like <chip>, the
// system has M" when no assignment fits, naming the layer that fits no chip when there is one.
SystemPartition partition_workload(const WorkloadGraph& g, const config::SystemConfig& sys,
                                   const MapperOptions& options = {});

// Each share's converter ranges (compiler/input_ranges.h, output_ranges.h) from the samples that
// enter it: `inputs` for the first, the float reference's activation at its cut for the others
// (at most the first 1024 samples are used).
void calibrate_partition(const WorkloadGraph& g, const config::SystemConfig& sys,
                         const std::vector<std::vector<float>>& inputs, SystemPartition& p);

// Layers [first, end) of g as a workload of its own: the input is layer first - 1's output (the
// graph's input when first == 0), inputs renumbered. The range must start at a cut point.
WorkloadGraph slice_graph(const WorkloadGraph& g, int first, int end);

// The graph layers before which a cut may sit (ascending; never 0).
std::vector<int> cut_points(const WorkloadGraph& g);

}  // namespace kirchhoff
