// Where a layer-wise partition (compiler/system_partition.h) may cut a network, what crosses
// each cut, and the workload of one chip's range of layers. Plain C++.
//
// Cut positions. A cut sits just before a weight layer L (Dense, Conv2d, LSTM), or, when L reads
// the graph input through views (Slice, Reshape, Flatten of the graph input: the host's pre-ops),
// before the first of those views, so that they go with L; at least one weight layer comes
// before it; a Slice read only by L goes with L too (is_block_input). The layers between two weight
// layers stay with the earlier one (its DPU post-ops).
//
// Crossing tensors. A cut at position p carries every layer output produced before p and read
// from p on (a residual connection across the cut, or the joint network of RNN-T reading the
// prediction network's projection over the encoder), and the graph input when a layer from p
// on reads it. The graph input does not travel over chip-to-chip links: the host sends it
// straight to every chip that needs it, through that chip's own host port (each chip of a
// system has its host, host/workload_host.h); forwarding it chip to chip would load every link
// and chip in between with values none of them uses.
//
// A range's workload (share_graph): its input is the crossing tensors it reads, concatenated in
// the order of `range_inputs` (the graph input first, then by producing layer) into one vector
// [1, N]; each is recovered by a Slice of that vector and a Reshape to its shape, named after
// the tensor, before the range's layers (host pre-ops). When the range reads exactly one tensor,
// the previous layer's output or the graph input, it is the input itself (no views).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {

// A Slice, Reshape or Flatten whose chain of first inputs reaches the graph input.
bool is_input_view(const WorkloadGraph& g, int layer);

// A Slice whose only reader is `weight_layer` (a block's input rows of a dense layer split
// across chips: compiler/dense_split.h): a cut before the weight layer sits before it, so the
// chip of the block slices the tensor it receives whole (a host pre-op) and the chip before
// sends one tensor, its own output.
bool is_block_input(const WorkloadGraph& g, int layer, int weight_layer);

// The positions before which a cut may sit (ascending; never 0).
std::vector<int> cut_positions(const WorkloadGraph& g);

// The layer outputs produced in [0, p) that a layer in [p, end) reads (ascending), and
// Layer::kGraphInput first when one of them reads the graph input.
std::vector<int> tensors_read_across(const WorkloadGraph& g, int p, int end);
// The layer outputs produced in [first, p) that a layer in [p, g.output_layer()] reads.
std::vector<int> tensors_leaving(const WorkloadGraph& g, int first, int p);

struct ShareGraph {
  WorkloadGraph graph;
  std::vector<int> inputs;    // tensors_read_across(g, first, end), in the input's order
  std::vector<int> layer_of;  // per layer of `graph`: its graph layer (-1: a view of the input)
};
// Layers [first, end) as a workload of its own whose output is graph layer `out` (in range).
ShareGraph share_graph(const WorkloadGraph& g, int first, int end, int out);

}  // namespace kirchhoff
