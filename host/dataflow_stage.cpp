#include "host/dataflow_stage.h"

#include <limits>
#include <stdexcept>

namespace kirchhoff {
namespace {

[[noreturn]] void unsupported(const Layer& l, const std::string& what) {
  throw std::invalid_argument("layer '" + l.name + "' (" + to_string(l.op) + "): " + what);
}

int nearest_global_dpu(const MappingPlan& plan, const std::vector<int>& nodes) {
  int best = -1;
  long best_hops = std::numeric_limits<long>::max();
  for (int j = 0; j < static_cast<int>(plan.floorplan.dpu_nodes.size()); ++j) {
    long hops = 0;
    for (int n : nodes) hops += plan.floorplan.hops(n, plan.floorplan.dpu_nodes[j]);
    if (hops < best_hops) {
      best_hops = hops;
      best = j;
    }
  }
  return best;
}

}  // namespace

std::vector<DataflowStage> make_dataflow_stages(const WorkloadGraph& g, const MappingPlan& plan) {
  if (plan.floorplan.dpu_nodes.empty()) {
    throw std::invalid_argument(
        "executing a workload needs global DPUs for the reductions and post-ops; allowed: "
        "chip.global_dpus > 0");
  }
  for (int pre : plan.pre_ops) {
    const Layer& l = g.layers.at(pre);
    if (l.op != OpKind::kFlatten && l.op != OpKind::kReshape)
      unsupported(l, "only Flatten/Reshape may run before the first weight layer");
  }
  std::vector<DataflowStage> stages;
  for (int m = 0; m < static_cast<int>(plan.layers.size()); ++m) {
    const MappedLayer& ml = plan.layers[m];
    const Layer& l = g.layers.at(ml.layer);
    if (!has_crossbar_weights(l.op)) unsupported(l, "not a weight layer");
    if (ml.sources != std::vector<int>{m - 1})
      unsupported(l, "only a chain of weight layers (each fed by the previous one) is executed");
    DataflowStage st;
    st.mapped_layer = m;
    st.layer = ml.layer;
    st.name = ml.name;
    st.rows = ml.rows;
    st.cols = ml.cols;
    st.observed_layer = ml.layer;
    int c = st.cols, h = 1, w = 1;  // the output tensor, CHW
    if (l.op == OpKind::kConv2d) {
      st.conv = true;
      st.geometry = l.conv();
      st.geometry.weights.clear();
      st.bias = l.conv().bias;
      st.patches = l.conv().patches();
      h = l.conv().out_h;
      w = l.conv().out_w;
    } else if (l.op == OpKind::kLstm) {
      st.lstm = true;
      st.recurrence = l.lstm();
      st.recurrence.w.clear();
      st.recurrence.r.clear();
      st.bias = l.lstm().bias;
      st.patches = l.lstm().seq_len;
      c = l.lstm().output == LstmOp::Output::kSequence ? l.lstm().seq_len * l.lstm().hidden_size
                                                       : l.lstm().hidden_size;
    } else {
      st.bias = l.dense().bias;
    }
    const bool last = m == plan.output_mapped_layer;
    for (std::size_t i = 0; i < ml.post_ops.size(); ++i) {
      const Layer& p = g.layers.at(ml.post_ops[i]);
      st.observed_layer = ml.post_ops[i];
      DataflowPostOp op;
      op.channels = c;
      op.height = h;
      op.width = w;
      switch (p.op) {
        case OpKind::kRelu:
          op.op = DpuOp::kRelu;
          break;
        case OpKind::kSigmoid:
          op.op = DpuOp::kSigmoid;
          break;
        case OpKind::kTanh:
          op.op = DpuOp::kTanh;
          break;
        case OpKind::kBatchNorm:
          op.op = DpuOp::kAffine;
          op.scale = p.affine().scale;
          op.shift = p.affine().shift;
          if (static_cast<int>(op.scale.size()) != c) unsupported(p, "channel count mismatch");
          break;
        case OpKind::kMaxPool:
        case OpKind::kAveragePool: {
          const PoolOp& q = p.pool();
          if (q.pad_top != q.pad_bottom || q.pad_left != q.pad_right)
            unsupported(p, "only symmetric padding runs in the DPU");
          if (p.op == OpKind::kAveragePool && q.count_include_pad && (q.pad_top || q.pad_left))
            unsupported(p, "the DPU's average pooling does not count padding");
          op.op = p.op == OpKind::kMaxPool ? DpuOp::kMaxPool : DpuOp::kAvgPool;
          op.kernel_h = q.kernel_h;
          op.kernel_w = q.kernel_w;
          op.stride_h = q.stride_h;
          op.stride_w = q.stride_w;
          op.pad_h = q.pad_top;
          op.pad_w = q.pad_left;
          h = (h + 2 * q.pad_top - q.kernel_h) / q.stride_h + 1;
          w = (w + 2 * q.pad_left - q.kernel_w) / q.stride_w + 1;
          break;
        }
        case OpKind::kGlobalAveragePool:
          op.op = DpuOp::kGlobalAvgPool;
          h = w = 1;
          break;
        case OpKind::kFlatten:
        case OpKind::kReshape:
          continue;  // CHW order is already the flattened order
        case OpKind::kSoftmax:
          if (!last || i + 1 != ml.post_ops.size())
            unsupported(p, "Softmax is applied by the host, only as the network's last op");
          st.host_softmax = true;
          continue;
        default:
          unsupported(p, "post-op not executed yet");
      }
      st.post_ops.push_back(std::move(op));
    }
    for (int r = 0; r < ml.replicas; ++r) {
      DataflowReplica rep;
      std::vector<int> nodes;
      int dpu = -1;
      rep.row_blocks.resize(static_cast<std::size_t>(ml.row_blocks));
      for (int rb = 0; rb < ml.row_blocks; ++rb) {
        for (int cb = 0; cb < ml.col_blocks; ++cb) {
          const TileRoute& route = plan.route(ml.tile_of(r, rb, cb));
          rep.row_blocks[rb].push_back({route.tile, route.node, route.row_begin, route.row_end,
                                        route.col_begin, route.col_end});
          nodes.push_back(route.node);
          if (dpu < 0 && route.reduction >= 0) {
            const Reduction& red = plan.reductions.at(route.reduction);
            if (red.site == DpuSite::kGlobalDpu) dpu = red.site_index;
          }
        }
      }
      if (dpu < 0) dpu = nearest_global_dpu(plan, nodes);
      rep.dpu = dpu;
      rep.dpu_node = plan.floorplan.dpu_nodes.at(dpu);
      st.replicas.push_back(std::move(rep));
    }
    stages.push_back(std::move(st));
  }
  if (plan.output_mapped_layer != static_cast<int>(plan.layers.size()) - 1) {
    throw std::invalid_argument("the network output must come from the last weight layer");
  }
  return stages;
}

}  // namespace kirchhoff
