// A dense layer whose weights fit no chip of a system, split by input rows into blocks that each
// fit one (docs/multichip.md, "A layer spanning chips"). Applied to the graph before the
// partition (compiler/system_partition.h), which then places the blocks as ordinary layers.
//
// Layer D = Dense(x) with K x N weights and bias b becomes, for blocks i = 0..B-1 of rows
// [r_i, r_i+1):
//   D/in<i>    = Slice(x, axis 1, [r_i, r_i+1))          (a view: goes with D/block<i>)
//   D/block<i> = Dense(D/in<i>), weights rows [r_i, r_i+1) of D's, no bias: a partial sum
//   D/sum<i>   = Add(D/block<i>, D/sum<i-1>)  (i >= 1; D/sum0 is D/block0)
// and the last sum, then the bias (an Add of the constant b, once), is named D, so every layer
// that read D reads the complete sum; an activation after D is applied once, after the sum.
// The sum is a running one: the chip holding block i adds its partial sum to the sum of the
// blocks before it, which arrived over the link in the DPU output format of the chip before,
// and sends N values on; the chip holding the last block holds the complete sum. Each link
// between block chips carries N values per inference, however many blocks there are.
//
// Blocks are sized for the chip of the system that holds the most rows of D: as many whole row
// blocks of tile.rows rows (each ceil(N / tile.cols) tiles, times options.replication copies) as
// its tiles take, so a block fills a chip and no two share one. A layer that fits some chip whole
// is not split; nor one whose single row block exceeds every chip (N too wide: a split by output
// columns would be needed, which is not done) or whose input is not [1, K]: the partition refuses
// those with the number of chips they would need. Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/system_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct DenseBlock {
  std::string name;  // D/block<i>
  int row_begin = 0, row_end = 0;
  int tiles = 0;  // row blocks x column blocks on the chip it was sized for
};

struct DenseSplit {
  std::string layer;  // D
  int rows = 0, cols = 0;
  std::vector<DenseBlock> blocks;
  std::vector<std::string> sums;  // D/sum1 .. and D (the complete sum with the bias)
};

struct SplitGraph {
  WorkloadGraph graph;
  std::vector<DenseSplit> splits;  // in graph order; empty when no layer needed splitting
};

// The tiles weight layer `l` takes at least on a chip of configuration `cfg`, as the mapper
// counts them (its blocks after sparsity packing, times its replicas; a convolution, which may
// pack, at least one per copy).
std::int64_t min_layer_tiles(const Layer& l, const config::ChipConfig& cfg, const MapperOptions& o);

// `g` with every dense layer that fits no chip of `sys` split by rows (above); `g` itself,
// moved, when none needs it.
SplitGraph split_dense_layers(WorkloadGraph g, const config::SystemConfig& sys,
                              const MapperOptions& options = {});

}  // namespace kirchhoff
