// Partition of a network across the chips of a system (docs/multichip.md): a layer-wise
// pipeline. The graph's layers are cut into contiguous ranges, one per chip in the system's
// pipeline order (a chip may get none), each range a workload of its own mapped with the
// single-chip mapper (compiler/mapper.h) on that chip's configuration.
//
// Cuts. Where a cut may sit and which tensors cross it: compiler/system_cuts.h (several may:
// a residual connection, or RNN-T's prediction network read by the joint network past the
// encoder; the graph input goes from the host straight to every chip that reads it).
//
// Fit. A range fits a chip when the mapper places its workload (share_graph) on it and it sends
// at most one tensor on, its output (the executor forwards one value per sample from a chip:
// host/workload_host.h); that tensor goes to every later chip that reads it.
//
// Cost. Among the assignments in which every range fits its chip, the one with the fewest
// bytes crossing cuts per inference: the sum over cuts of every layer output crossing it (the
// graph input crosses no link) times the bytes per value of the DPU format (dpu.format, rounded
// up to whole bytes) of the chip that produces and sends it (the run sends a share's output in
// its own chip's format: system/system_simulation.cpp); a tensor that spans several cuts counts
// at each, as if forwarded chip to chip along the pipeline (the run sends it along the
// topology's shortest route, which on a ring or the snake of a mesh is never longer). Ties go
// to the assignment that uses fewer chips, then to the one whose cuts come earlier. A dynamic
// programme over (chip, cut), the fit of each range checked once by mapping it; exact for this
// cost when the chips share one DPU format, and when they do not, a tensor produced before the
// last range is charged in the format of its producer in the best assignment of the layers
// before (the programme does not weigh alternatives that differ only in where an earlier
// tensor was produced). Dense layers too big for any chip are split before (compiler/
// dense_split.h). Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/system_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// A tensor entering a chip's share or crossing a cut.
struct CrossingTensor {
  int layer = Layer::kGraphInput;  // graph layer whose output it is (kGraphInput: the input)
  std::string name;
  std::int64_t values = 0;
  int from_share = -1;     // index into SystemPartition::shares of its producer (-1: the host)
  std::int64_t bytes = 0;  // per inference: values x the producer's value bytes (0: the host)
};

struct ChipShare {
  int chip = 0;         // index into SystemConfig::chips
  int first_layer = 0;  // graph layers [first_layer, end_layer)
  int end_layer = 0;
  WorkloadGraph graph;          // those layers as a workload (input: the crossing tensors)
  MappingPlan plan;             // mapped on the chip's configuration
  std::int64_t in_values = 0;   // values entering the share per inference
  std::int64_t out_values = 0;  // values leaving it (to the next share or the host)
  std::int64_t out_bytes = 0;   // crossing the cut after it (crossing_after); 0 for the last
  int value_bytes = 4;          // bytes per value it sends (its dpu.format)
  // What enters: the graph input (from the host) and the other shares' outputs, in the order
  // they are concatenated into `graph`'s input (compiler/system_cuts.h).
  std::vector<CrossingTensor> inputs;
  std::int64_t host_values = 0;  // the leading values of the input its own host writes
  std::vector<int> layer_of;     // per layer of `graph`: its graph layer (-1: an input view)
  int out_layer = 0;             // graph layer it sends on (or the network output)
  std::vector<int> to_shares;    // the shares that read it (empty: the host reads it)
  std::vector<CrossingTensor> crossing_after;  // every tensor crossing the cut after it
};

struct SystemPartition {
  std::vector<ChipShare> shares;  // in pipeline order; chips without layers are left out
  std::int64_t cut_bytes = 0;     // bytes crossing cuts per inference (sum of out_bytes)
};

// Throws WorkloadError "<workload>: does not fit the system: ... needs N chips like <chip>, the
// system has M" when no assignment fits, naming the layer that fits no chip when there is one.
SystemPartition partition_workload(const WorkloadGraph& g, const config::SystemConfig& sys,
                                   const MapperOptions& options = {});

// Each share's converter ranges (compiler/input_ranges.h, output_ranges.h) from the samples that
// enter it: `inputs` for the first, the float reference's tensors crossing into it (share_input)
// for the others (at most the first 1024 samples are used).
void calibrate_partition(const WorkloadGraph& g, const config::SystemConfig& sys,
                         const std::vector<std::vector<float>>& inputs, SystemPartition& p);

// One sample's values entering share `sh`: its inputs concatenated, from the graph input `x`
// and the float reference `ref` of every graph layer (workloads/reference_model.h).
std::vector<float> share_input(const ChipShare& sh, const std::vector<float>& x,
                               const std::vector<std::vector<float>>& ref);

// Layers [first, end) of g as a workload of its own: the input is layer first - 1's output (the
// graph's input when first == 0), inputs renumbered. The range must start at a cut point.
WorkloadGraph slice_graph(const WorkloadGraph& g, int first, int end);

}  // namespace kirchhoff
