// How one weight layer of a MappingPlan executes on the chip, sample by sample: its tiles (one
// crossbar block each, grouped by replica and row block), the DPU where the row blocks'
// partial sums meet and the layer's bias and post-ops run, and the post-ops as DPU commands.
//
// Each replica reduces in the DPU the plan chose (mapper.h, "Reduction sites"): the site of its
// kGather reduction when it has one, otherwise that of its first column block's kSum reduction
// (a global DPU when the chip has them, otherwise the local DPU of a member tile), and, for a
// layer with a single block and no reduction, its tile's own local DPU. When the plan leaves
// several column blocks to be post-processed separately, the executor runs the whole vector in
// the first column block's DPU (a simplification: the other blocks' results travel there).
// Every tile's result reaches that DPU as data, written into its INBOX window (over the
// network, or within the node for the tile's own local DPU); the accumulate reads it there
// (host/workload_host.h).
//
// Post-ops run in that DPU in graph order; each reads values of the stage's chain by graph
// layer (the weight layer's output or an earlier post-op's), so a chain may branch:
//  - Relu (no DPU command when the mapper fused it into the layer's duration readout:
//    compiler/readout_activation.h), Sigmoid, Tanh, BatchNorm (affine), MaxPool / AveragePool
//    (symmetric padding, padding not counted), GlobalAveragePool;
//  - Add / Mul by a constant (numpy broadcasting onto the activation, e.g. per channel
//    [1, C, 1, 1]): kAdd / kMultiply with the constant expanded to the CHW tensor;
//  - Add / Mul of two activations: both from this stage's chain (the DPU kept the earlier
//    value), or the second from an earlier stage's chain (a residual connection): that stage's
//    DPU sends the value over the network to this stage's DPU (Destination::Kind::kOperand);
//  - Flatten / Reshape (no op: CHW order is the flattened order), Slice (no op either: the next
//    command reads the kept values' addresses in the DPU's buffer), a final Softmax (the host).
// Every weight layer must be fed by the previous one, or by the host: the host writes it the
// sample's input through the layers before it (pre-ops: Flatten, Reshape, Slice), so several
// branches may start from one input vector (e.g. RNN-T's encoder and prediction network, each a
// Slice of it). A host-fed stage after the first starts once the previous stage's output is
// ready: the branches run one after the other, and a later branch meets an earlier one through
// an Add/Mul operand sent between DPUs. Pure C++.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/mapper.h"
#include "models/dpu_ops.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct DataflowTile {
  int tile = 0;
  int node = 0;
  // Input rows of the layer matrix it holds and the outputs it produces; a packed convolution:
  // rows and columns of the block-diagonal matrix of its copies ([0, packing * K) and
  // [0, packing * cout)).
  int row_begin = 0, row_end = 0;
  int col_begin = 0, col_end = 0;
};

struct DataflowReplica {
  // [row block][column block]; row block rb's results land in the DPU's inbox at floats
  // [rb * patches * cols, (rb + 1) * patches * cols), patch-major.
  std::vector<std::vector<DataflowTile>> row_blocks;
  DpuSite site = DpuSite::kGlobalDpu;  // a global DPU or a tile's local DPU
  int dpu = 0;                         // global DPU index (kGlobalDpu) or tile index (kTileDpu)
  int dpu_node = 0;                    // its mesh node
  std::uint64_t dpu_base = 0;  // its chip-level window (chip_map::dpu_base / local_dpu_base)
};

// A DPU command applied to values of the stage's chain (C x H x W tensors, CHW order).
struct DataflowPostOp {
  int layer = -1;      // graph layer it computes
  int input = -1;      // graph layer of its (first) operand: the weight layer or an earlier post-op
  bool alias = false;  // no DPU command: the value is the input's (Flatten, Reshape, Softmax,
                       // Slice: the kept part of it)
  bool slice = false;  // Slice: `slice` of the input, whose shape is `slice_input`
  SliceOp slice_op;
  Shape slice_input;
  DpuOp op = DpuOp::kRelu;
  int channels = 1, height = 1, width = 1;  // input tensor of the op
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;  // pooling
  std::vector<float> scale, shift;   // affine (BatchNorm), per channel
  std::vector<float> constant;       // Add/Mul by a constant: expanded to the input tensor
  int operand = -1;                  // Add/Mul of two activations: the second operand's layer
  int operand_stage = -1;            // the stage whose chain computes `operand` (-1: this one,
                                     // kInputOperand: a view of the graph input, see below)
  std::vector<int> operand_pre_ops;  // kInputOperand: the views from the graph input, in order
  static constexpr int kInputOperand = -2;
};

// A value of a stage's chain that a later stage's DPU needs as an Add/Mul operand.
struct DataflowOperandSend {
  int layer = -1;     // graph layer of the value
  int to_stage = -1;  // the consuming stage (its replica s % replicas takes sample s)
  int consumer = -1;  // graph layer of the Add/Mul that uses it
};

struct DataflowStage {
  int mapped_layer = 0;
  int layer = 0;  // graph layer index of the weight layer
  std::string name;
  int rows = 0, cols = 0;   // the tiles' (packed) matrix, one kernel copy
  std::vector<float> bias;  // [cols] (kept outputs only) or empty
  // Sparsity-aware mapping (compiler/sparsity.h): the matrix rows the host gathers from each
  // input vector and the matrix columns the accumulated outputs scatter to; empty: dense.
  std::vector<int> kept_rows, kept_cols;
  int matrix_cols = 0;             // the layer's outputs (channels)
  std::vector<float> matrix_bias;  // the layer's whole bias: a dropped output is its bias
  bool conv = false;               // Conv2d: one MVM per output pixel (im2col patch)
  Conv2dOp geometry;               // conv only: the geometry (weights left empty)
  int patches = 1;                 // output pixels per sample (conv), else MVMs
  int packing = 1;    // conv: kernel copies per crossbar; one MVM computes `packing` pixels (dense)
  bool lstm = false;  // LSTM: one MVM of [x_t, h_t-1] per time step
  LstmOp recurrence;  // lstm only: sizes and output kind (weights left empty)
  std::vector<DataflowPostOp> post_ops;    // run in the DPU after the reduction, in order
  std::vector<DataflowOperandSend> sends;  // residual operands sent on from this stage's DPU
  bool host_softmax = false;               // a final Softmax, applied by the host on the output
  // Fed by the host (the first stage, or a later branch of the graph input): the pre-ops from
  // the graph input to the weight layer's input, in order (host_stage_input applies them).
  bool host_fed = false;
  std::vector<int> host_pre_ops;
  int observed_layer = 0;  // graph layer whose value is the stage's output (the next stage's
                           // input, or the network output)
  std::vector<DataflowReplica> replicas;
};

// Throws std::invalid_argument naming the layer, the op and why when something cannot run yet
// (an unsupported post-op or pre-op, padding the DPU cannot pool, a broadcast of two
// activations, a weight layer not fed by the previous one, an operand from a later layer).
// `input_operands`: an Add/Mul's second operand may be a view of the graph input (Slice,
// Reshape, Flatten of it; operand_stage kInputOperand): in a multi-chip system a tensor that
// arrived from another chip (compiler/system_cuts.h), which the host sends from the off-chip
// port to the consuming DPU when the sample starts (WorkloadHost::set_upstream).
std::vector<DataflowStage> make_dataflow_stages(const WorkloadGraph& g, const MappingPlan& plan,
                                                bool input_operands = false);

// The input a host-fed stage gets from one sample's graph input: `sample` through the stage's
// pre-ops (a Slice keeps its part; Flatten and Reshape keep the order).
std::vector<float> host_stage_input(const WorkloadGraph& g, const DataflowStage& st,
                                    const std::vector<float>& sample);
// `sample` through `views` (layers from the graph input: a Slice keeps its part).
std::vector<float> input_view(const WorkloadGraph& g, const std::vector<int>& views,
                              const std::vector<float>& sample);
// The values [begin, end) of the graph input that `views` read: a first Slice on axis 1 of a
// [1, N] input reads its range, anything else the whole input.
std::pair<std::int64_t, std::int64_t> input_view_range(const WorkloadGraph& g,
                                                       const std::vector<int>& views);

}  // namespace kirchhoff
