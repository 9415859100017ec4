// How one weight layer of a MappingPlan executes on the chip, sample by sample: its tiles (one
// crossbar block each, grouped by replica and row block), the global DPU where the row blocks'
// partial sums meet and the layer's bias and post-ops run, and the post-ops as DPU commands.
//
// Every layer reduces in one global DPU: the plan's global reduction site of the layer when it
// has one, otherwise the global DPU with the fewest total hops from the layer's tiles. Pure C++.
#pragma once

#include <string>
#include <vector>

#include "host/mapper.h"
#include "host/workload_graph.h"
#include "models/dpu_ops.h"

namespace kirchhoff {

struct DataflowTile {
  int tile = 0;
  int node = 0;
  int row_begin = 0, row_end = 0;  // input rows of the layer matrix it holds
  int col_begin = 0, col_end = 0;  // outputs it produces
};

struct DataflowReplica {
  std::vector<std::vector<DataflowTile>> row_blocks;  // [row block][column block]
  int dpu = 0;                                        // global DPU index
  int dpu_node = 0;                                   // its mesh node
};

// A DPU command applied to the stage's output tensor (C x H x W, CHW order).
struct DataflowPostOp {
  DpuOp op = DpuOp::kRelu;
  int channels = 1, height = 1, width = 1;  // input tensor of the op
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;  // pooling
  std::vector<float> scale, shift;  // affine (BatchNorm), per channel
};

struct DataflowStage {
  int mapped_layer = 0;
  int layer = 0;  // graph layer index of the weight layer
  std::string name;
  int rows = 0, cols = 0;                // layer matrix
  std::vector<float> bias;               // [cols] or empty
  bool conv = false;                     // Conv2d: one MVM per output pixel (im2col patch)
  Conv2dOp geometry;                     // conv only: the geometry (weights left empty)
  int patches = 1;                       // MVMs per sample
  bool lstm = false;                     // LSTM: one MVM of [x_t, h_t-1] per time step
  LstmOp recurrence;                     // lstm only: sizes and output kind (weights left empty)
  std::vector<DataflowPostOp> post_ops;  // run in the DPU after the reduction, in order
  bool host_softmax = false;             // a final Softmax, applied by the host on the output
  int observed_layer = 0;                // graph layer whose output the stage produces
  std::vector<DataflowReplica> replicas;
};

// Throws std::invalid_argument naming the layer when something cannot run yet (a non-Dense
// weight layer, an unsupported post-op or pre-op, no global DPU on the chip).
std::vector<DataflowStage> make_dataflow_stages(const WorkloadGraph& g, const MappingPlan& plan);

}  // namespace kirchhoff
