// The compiler/mapper: cuts every weight matrix of a WorkloadGraph into crossbar-sized blocks,
// places one block per tile and writes each tile's routing program.
//
// Blocks. A weight layer's matrix (Dense in x out, Conv (C*kh*kw) x out_channels, LSTM
// (I+H) x 4H) is cut into row blocks of tile.rows and column blocks of tile.cols. The row blocks
// of one column block produce partial sums that are added in one DPU (a kSum Reduction); column
// blocks are concatenated (each covers its own output range [col_begin, col_end)).
//
// Reduction sites. With chip.global_dpus > 0 (and MapperOptions::use_global_dpus) partial sums
// meet in the global DPU with the fewest total hops from the member tiles; otherwise in the
// local DPU of a designated member tile (the one with the fewest total hops to the others,
// lowest index on ties).
//
// Placement. Tiles are taken in index order: layer by layer, replica by replica, column block
// by column block, row block by row block. The floorplan lays tiles along a snake, so
// consecutive tile indices are mesh neighbours: the row blocks of one column block sit side by
// side, and the last tile of a layer is one hop from the first tile of the next. Any tile of
// layer L is at most (tiles of L + tiles of L+1 - 1) hops from any tile of layer L+1 (and never
// more than the mesh diameter cols + rows - 2).
//
// Packing. A convolution whose kernel matrix fits several times in one crossbar holds
// MappedLayer::packing copies of it block-diagonally, so one MVM computes that many output
// pixels (compiler/conv_packing.h, MapperOptions::conv_packing).
//
// Non-weight layers (activations, BatchNorm, pooling, Flatten, ...) become post_ops of the
// weight layer whose output they process; they run in the DPU where that output is complete:
// the tile's local DPU (one row block), the kSum reduction DPU, or the kGather DPU when an op
// needs the whole vector (Softmax, an Add/Mul of two activations, LSTM gates). Layers before
// the first weight layer (pre_ops) run on the host.
//
// Replication. A layer replicated R times holds R copies of its blocks; sample s is computed by
// replica s % R. A tile's route lists one Destination per replica of each next layer; sample s
// goes to the destination whose replica is s % (that layer's replicas).
//
// Recurrence. An LSTM layer always has a kGather site that applies the gates to the 4H
// pre-activations, keeps the cell state and multicasts h back to the layer's own tiles that
// hold the R rows (recurrent destination) every step, and to the next layers after the last.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/conv_packing.h"
#include "config/chip_config.h"
#include "config/floorplan.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct MapperOptions {
  int replication = 1;                           // copies of every weight layer
  std::map<std::string, int> layer_replication;  // per layer name; overrides `replication`
  bool use_global_dpus = true;                   // reduce in global DPUs when the chip has them
  ConvPacking conv_packing;                      // kernel copies per crossbar (conv_packing.h)
  // Layers to map to digital tiles (CLI --digital-layers); non-empty, replaces the config's
  // mapper.placement / mapper.digital_layers (compiler/layer_placement.h).
  std::vector<std::string> digital_layers;
};

enum class DpuSite { kTileDpu, kGlobalDpu };
const char* to_string(DpuSite s);

// Where a vector goes: tiles of a mapped layer (a multicast list), the recurrent input of the
// same layer, a host port, or the output DPU of another layer where it is the second operand
// of an Add/Mul (a residual connection).
struct Destination {
  enum class Kind { kTiles, kHost, kOperand };
  Kind kind = Kind::kTiles;
  int mapped_layer = -1;  // index into MappingPlan::layers (kTiles)
  int replica = 0;        // which replica of it
  int row_begin = 0;      // rows of the destination matrix this vector feeds
  int row_end = 0;
  std::vector<int> tiles;  // multicast list: tile indices whose rows overlap [row_begin, row_end)
  std::vector<int> nodes;  // their mesh nodes
  bool recurrent = false;  // LSTM h fed back into the same layer's R rows
  int host_port = -1;      // kHost
  int host_node = -1;
  int operand_layer = -1;  // kOperand: the graph layer (Add/Mul) this vector is an operand of
  int node = -1;           // kOperand: mesh node of the consuming layer's output DPU
};

// A DPU where several tiles' outputs meet.
struct Reduction {
  enum class Kind { kSum, kGather };
  int id = 0;
  Kind kind = Kind::kSum;  // kSum: add the row blocks' partial sums; kGather: concatenate columns
  int mapped_layer = 0;
  int replica = 0;
  int col_block = -1;              // kSum: the column block summed; kGather: -1 (all)
  int col_begin = 0, col_end = 0;  // output range assembled here (packed columns)
  DpuSite site = DpuSite::kTileDpu;
  int site_index = 0;                // tile index (kTileDpu) or global DPU index (kGlobalDpu)
  int node = 0;                      // mesh node
  std::vector<int> tiles;            // tiles whose outputs meet here (row-block order for kSum)
  std::vector<int> inputs;           // kGather fed by kSum reductions: their ids
  int gather = -1;                   // kSum whose result goes on to a kGather: its id
  std::vector<Destination> outputs;  // where the assembled vector goes (empty if `gather`)
};

// One tile's routing program.
struct TileRoute {
  int tile = 0;
  int node = 0;
  int mapped_layer = 0;
  int layer = 0;  // graph layer index
  std::string layer_name;
  int replica = 0;
  int row_block = 0, col_block = 0;
  int row_begin = 0, row_end = 0;    // rows of the (packed) layer matrix held (crossbar rows 0..n)
  int col_begin = 0, col_end = 0;    // (packed) columns held = output range produced
  bool partial_sum = false;          // the layer has several row blocks
  int reduction = -1;                // id of the Reduction this tile's output goes to (or -1)
  int reduction_node = -1;           // its mesh node
  std::vector<Destination> outputs;  // direct destinations when reduction == -1
};

struct MappedLayer {
  int layer = 0;  // graph layer index
  std::string name;
  // Analog or digital tiles (compiler/layer_placement.h); a layer's tiles are all of its kind,
  // taken in index order from the chip's tiles of that kind (chip.tile_groups).
  TileKind kind = TileKind::kAnalog;
  OpKind op = OpKind::kDense;
  int rows = 0, cols = 0;  // matrix
  // Sparsity-aware mapping (compiler/sparsity.h): the matrix rows and columns the tiles hold,
  // ascending; both empty when every row and column is held (dense). Blocks, the utilisations
  // and the row / column ranges of routes and reductions refer to this packed matrix.
  std::vector<int> kept_rows, kept_cols;
  int packed_rows() const { return kept_rows.empty() ? rows : static_cast<int>(kept_rows.size()); }
  int packed_cols() const { return kept_cols.empty() ? cols : static_cast<int>(kept_cols.size()); }
  int dense_blocks = 0;           // blocks per replica of a dense mapping (mapper.sparsity = off)
  long long nonzero_weights = 0;  // entries of the matrix that are not zero
  int row_blocks = 0, col_blocks = 0;
  int replicas = 1;
  int blocks() const { return row_blocks * col_blocks; }  // per replica
  std::vector<int> tiles;   // all tiles, replica-major then column block, then row block
  int mvms_per_sample = 1;  // a packed convolution: ceil(patches / packing)
  // Convolution: copies of the kernel matrix, block-diagonal in its one tile, so one MVM computes
  // `packing` output pixels (compiler/conv_packing.h); 1 otherwise.
  int packing = 1;
  // DAC full scale (input units) the host programs into this layer's tiles; 0: tile.dac.range
  // (range_mode fixed). Set by calibrate_input_ranges (compiler/input_ranges.h).
  float dac_range = 0;
  // ADC full scale (normalised column value at the largest code) the host programs into this
  // layer's tiles; 0: tile.adc.bound / gain (range_mode fixed). Set by calibrate_output_ranges
  // (compiler/output_ranges.h).
  float adc_range = 0;
  // Duration readout: the activation the layer's tiles apply by enable timing, and the graph
  // layer (a Relu post-op) it replaces in the DPU; kNone / -1 when none is fused
  // (compiler/readout_activation.h).
  DurationActivation readout_activation = DurationActivation::kNone;
  int readout_activation_layer = -1;
  // packing * packed rows / (row_blocks * tile.rows) (packed: the kept rows, compiler/sparsity.h)
  double row_utilisation = 0;
  double col_utilisation = 0;     // packing * packed cols / (col_blocks * tile.cols)
  double cell_utilisation = 0;    // packing * packed rows * cols / (blocks * tile.rows * tile.cols)
  std::vector<int> post_ops;      // graph layers computed in the DPU on this layer's output
  std::vector<int> sources;       // mapped layers feeding this one (-1: the host input)
  std::vector<int> gathers;       // kGather reduction id per replica (empty when none needed)
  std::vector<int> output_nodes;  // per replica: the node where post_ops run on the whole vector
                                  // (-1 when column blocks are post-processed separately)
  // Tile (row block, col block) of replica r: tiles[(r * col_blocks + cb) * row_blocks + rb].
  int tile_of(int replica, int row_block, int col_block) const {
    return tiles[(static_cast<std::size_t>(replica) * col_blocks + col_block) * row_blocks +
                 row_block];
  }
};

struct MappingPlan {
  std::string workload;
  int tile_rows = 0, tile_cols = 0;
  int chip_tiles = 0;
  int tiles_used = 0;
  int global_dpus = 0;
  Floorplan floorplan;
  std::vector<MappedLayer> layers;    // weight layers in graph order
  std::vector<TileRoute> routes;      // one per used tile, by tile index
  std::vector<Reduction> reductions;  // by id
  std::vector<int> pre_ops;           // graph layers run on the host before the first tile
  std::vector<Destination> input;     // where the host sends a sample (host port 0)
  int host_port = 0;
  int host_node = 0;
  int output_mapped_layer = -1;  // mapped layer whose (post-processed) output is returned

  const TileRoute& route(int tile) const;  // throws std::out_of_range for unused tiles
};

// Throws WorkloadError "<workload>: needs N tiles, the chip has M" when it does not fit, and
// for a graph without weight layers or a bad replication factor.
MappingPlan map_workload(const WorkloadGraph& g, const config::ChipConfig& cfg,
                         const MapperOptions& options = {});

}  // namespace kirchhoff
