#include "host/dataflow_stage.h"

#include <map>
#include <stdexcept>

#include "chip/chip_address_map.h"
#include "compiler/sparsity.h"

namespace kirchhoff {
namespace {

[[noreturn]] void unsupported(const Layer& l, const std::string& what) {
  throw std::invalid_argument("layer '" + l.name + "' (" + to_string(l.op) + "): " + what);
}

struct Dims {
  int c = 1, h = 1, w = 1;
};

// `constant` (row-major in `cshape`) broadcast onto `shape` (numpy rules, right-aligned).
std::vector<float> broadcast_constant(const std::vector<float>& constant, const Shape& cshape,
                                      const Shape& shape) {
  const std::size_t rank = shape.size();
  std::vector<std::int64_t> stride(rank, 0);
  std::int64_t s = 1;
  for (std::size_t k = 0; k < cshape.size() && k < rank; ++k) {
    const std::size_t ci = cshape.size() - 1 - k, oi = rank - 1 - k;
    stride[oi] = cshape[ci] == 1 ? 0 : s;
    s *= cshape[ci];
  }
  std::vector<float> out(static_cast<std::size_t>(numel(shape)));
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::int64_t rest = static_cast<std::int64_t>(i), at = 0;
    for (std::size_t d = rank; d-- > 0;) {
      at += (rest % shape[d]) * stride[d];
      rest /= shape[d];
    }
    out[i] = constant.at(static_cast<std::size_t>(at));
  }
  return out;
}

// The DPU of replica r: the plan's gather site, else the first column block's sum site, else
// (one block, no reduction) the tile's own local DPU.
void place_dpu(const MappingPlan& plan, const MappedLayer& ml, int r, DataflowReplica& rep) {
  const Reduction* red = nullptr;
  if (!ml.gathers.empty()) {
    red = &plan.reductions.at(static_cast<std::size_t>(ml.gathers.at(r)));
  } else {
    const TileRoute& first = plan.route(ml.tile_of(r, 0, 0));
    if (first.reduction >= 0) red = &plan.reductions.at(static_cast<std::size_t>(first.reduction));
  }
  if (red != nullptr) {
    rep.site = red->site;
    rep.dpu = red->site_index;
  } else {
    rep.site = DpuSite::kTileDpu;
    rep.dpu = ml.tile_of(r, 0, 0);
  }
  if (rep.site == DpuSite::kGlobalDpu) {
    rep.dpu_node = plan.floorplan.dpu_nodes.at(static_cast<std::size_t>(rep.dpu));
    rep.dpu_base = chip_map::dpu_base(rep.dpu);
  } else {
    rep.dpu_node = plan.floorplan.tile_nodes.at(static_cast<std::size_t>(rep.dpu));
    rep.dpu_base = chip_map::local_dpu_base(rep.dpu);
  }
}

}  // namespace

std::vector<DataflowStage> make_dataflow_stages(const WorkloadGraph& g, const MappingPlan& plan,
                                                bool input_operands) {
  for (int pre : plan.pre_ops) {
    const Layer& l = g.layers.at(pre);
    if (l.op != OpKind::kFlatten && l.op != OpKind::kReshape && l.op != OpKind::kSlice)
      unsupported(l, "only Flatten, Reshape and Slice may run before a weight layer (on the host)");
  }
  if (plan.output_mapped_layer != static_cast<int>(plan.layers.size()) - 1) {
    throw std::invalid_argument("the network output must come from the last weight layer");
  }
  std::map<int, int> owner;  // graph layer -> stage whose chain computes it
  std::map<int, Dims> dims;  // graph layer -> its tensor in the DPU
  std::vector<DataflowStage> stages;
  const int last = static_cast<int>(plan.layers.size()) - 1;
  for (int m = 0; m < static_cast<int>(plan.layers.size()); ++m) {
    const MappedLayer& ml = plan.layers[m];
    const Layer& l = g.layers.at(ml.layer);
    if (!has_crossbar_weights(l.op)) unsupported(l, "not a weight layer");
    const bool host_fed = ml.sources == std::vector<int>{-1};
    if (!host_fed && ml.sources != std::vector<int>{m - 1}) {
      unsupported(l,
                  "only a chain of weight layers (each fed by the previous one or by the host) "
                  "is executed");
    }
    if (!host_fed) {
      const int in = l.inputs.at(0);
      if (owner.count(in) == 0 || owner[in] != m - 1)
        unsupported(l, "its input is not computed by the previous weight layer's DPU");
      stages.back().observed_layer = in;
    }
    DataflowStage st;
    st.mapped_layer = m;
    st.layer = ml.layer;
    st.name = ml.name;
    st.rows = ml.packed_rows();
    st.cols = ml.packed_cols();
    st.kept_rows = ml.kept_rows;
    st.kept_cols = ml.kept_cols;
    st.matrix_cols = ml.cols;
    st.observed_layer = ml.layer;
    st.host_fed = host_fed;
    if (host_fed) {  // the pre-ops from the graph input to the layer's input, in order
      for (int in = l.inputs.at(0); in != Layer::kGraphInput; in = g.layers.at(in).inputs.at(0))
        st.host_pre_ops.insert(st.host_pre_ops.begin(), in);
    }
    Dims d{ml.cols, 1, 1};  // the weight layer's output tensor, CHW
    if (l.op == OpKind::kConv2d) {
      st.conv = true;
      st.geometry = l.conv();
      st.geometry.weights.clear();
      st.bias = l.conv().bias;
      st.patches = l.conv().patches();
      st.packing = ml.packing;
      d.h = l.conv().out_h;
      d.w = l.conv().out_w;
    } else if (l.op == OpKind::kLstm) {
      st.lstm = true;
      st.recurrence = l.lstm();
      st.recurrence.w.clear();
      st.recurrence.r.clear();
      st.bias = l.lstm().bias;
      st.patches = l.lstm().seq_len;
      d.c = l.lstm().output == LstmOp::Output::kSequence ? l.lstm().seq_len * l.lstm().hidden_size
                                                         : l.lstm().hidden_size;
    } else {
      st.bias = l.dense().bias;
    }
    st.matrix_bias = st.bias;
    if (!st.bias.empty()) st.bias = gather_rows(st.kept_cols, st.bias);  // the kept outputs' bias
    owner[ml.layer] = m;
    dims[ml.layer] = d;
    for (std::size_t i = 0; i < ml.post_ops.size(); ++i) {
      const int pi = ml.post_ops[i];
      const Layer& p = g.layers.at(pi);
      DataflowPostOp op;
      op.layer = pi;
      op.input = p.inputs.at(0);
      if (owner.count(op.input) == 0 || owner[op.input] != m)
        unsupported(p, "its input is not computed in this layer's DPU");
      Dims in = dims[op.input];
      op.channels = in.c;
      op.height = in.h;
      op.width = in.w;
      switch (p.op) {
        case OpKind::kRelu:
          op.op = DpuOp::kRelu;
          // Fused into the layer's duration readout (compiler/readout_activation.h): the tiles'
          // values are already the Relu's.
          op.alias = pi == ml.readout_activation_layer;
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
          if (static_cast<int>(op.scale.size()) != in.c) unsupported(p, "channel count mismatch");
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
          in.h = (in.h + 2 * q.pad_top - q.kernel_h) / q.stride_h + 1;
          in.w = (in.w + 2 * q.pad_left - q.kernel_w) / q.stride_w + 1;
          break;
        }
        case OpKind::kGlobalAveragePool:
          op.op = DpuOp::kGlobalAvgPool;
          in.h = in.w = 1;
          break;
        case OpKind::kAdd:
        case OpKind::kMul: {
          op.op = p.op == OpKind::kAdd ? DpuOp::kAdd : DpuOp::kMultiply;
          const Shape& a = g.shape_of(op.input);
          if (static_cast<std::int64_t>(in.c) * in.h * in.w != numel(a))
            unsupported(p, "its input " + shape_str(a) + " is not the DPU's tensor of " +
                               std::to_string(in.c * in.h * in.w) + " values");
          if (p.inputs.size() == 1) {
            const ElementwiseOp& e = p.elementwise();
            if (numel(p.shape) != numel(a))
              unsupported(p, "the constant " + shape_str(e.constant_shape) + " would broadcast " +
                                 "the activation " + shape_str(a) + " to " + shape_str(p.shape));
            op.constant = broadcast_constant(e.constant, e.constant_shape, p.shape);
            break;
          }
          if (p.inputs.size() != 2) unsupported(p, "needs two operands");
          op.operand = p.inputs[1];
          const Shape& b = g.shape_of(op.operand);
          if (numel(a) != numel(b) || numel(p.shape) != numel(a)) {
            unsupported(p, "broadcasting one activation onto another (" + shape_str(a) + " and " +
                               shape_str(b) + ") is not executed");
          }
          const auto o = owner.find(op.operand);
          if (o == owner.end() && input_operands && op.operand >= 0 && op.operand < ml.layer) {
            bool view = true;  // Slice / Reshape / Flatten down to the graph input
            for (int v = op.operand; view && v != Layer::kGraphInput;
                 v = g.layers.at(v).inputs.at(0)) {
              const OpKind k = g.layers.at(v).op;
              view = k == OpKind::kSlice || k == OpKind::kReshape || k == OpKind::kFlatten;
              op.operand_pre_ops.insert(op.operand_pre_ops.begin(), v);
            }
            if (view) {
              op.operand_stage = DataflowPostOp::kInputOperand;
              break;
            }
            op.operand_pre_ops.clear();
          }
          if (o == owner.end() && op.operand < ml.layer) {
            unsupported(p, "a second operand from the host input ('" +
                               (op.operand < 0 ? g.input_name : g.layers.at(op.operand).name) +
                               "') is not executed");
          }
          if (o == owner.end()) {
            unsupported(p, "its second operand '" + g.layers.at(op.operand).name +
                               "' comes from a later weight layer; only an earlier layer's "
                               "output can be sent to this DPU (put the later input first)");
          }
          if (o->second != m) {
            op.operand_stage = o->second;
            auto& sends = stages.at(static_cast<std::size_t>(o->second)).sends;
            bool sent = false;  // one transfer per value and consuming stage
            for (const DataflowOperandSend& x : sends)
              sent |= x.layer == op.operand && x.to_stage == m;
            if (!sent) sends.push_back({op.operand, m, pi});
          }
          break;
        }
        case OpKind::kFlatten:
        case OpKind::kReshape:
          op.alias = true;  // CHW order is already the flattened order
          break;
        case OpKind::kSlice:
          op.alias = true;  // the kept values, read where they are in the DPU's buffer
          op.slice = true;
          op.slice_op = p.slice();
          op.slice_input = g.shape_of(op.input);
          if (p.shape.size() == 4) {
            in = {static_cast<int>(p.shape[1]), static_cast<int>(p.shape[2]),
                  static_cast<int>(p.shape[3])};
          } else {
            in = {static_cast<int>(numel(p.shape)), 1, 1};
          }
          break;
        case OpKind::kSoftmax:
          if (m != last || i + 1 != ml.post_ops.size() || pi != g.output_layer())
            unsupported(p, "Softmax is applied by the host, only as the network's last op");
          st.host_softmax = true;
          op.alias = true;
          break;
        default:
          unsupported(p, "post-op not executed yet");
      }
      owner[pi] = m;
      dims[pi] = in;
      st.post_ops.push_back(std::move(op));
    }
    if (m == last) {
      const int out = g.output_layer();
      if (owner.count(out) == 0 || owner[out] != m)
        throw std::invalid_argument("the network output must come from the last weight layer");
      st.observed_layer = out;
    }
    for (int r = 0; r < ml.replicas; ++r) {
      DataflowReplica rep;
      rep.row_blocks.resize(static_cast<std::size_t>(ml.row_blocks));
      for (int rb = 0; rb < ml.row_blocks; ++rb) {
        for (int cb = 0; cb < ml.col_blocks; ++cb) {
          const TileRoute& route = plan.route(ml.tile_of(r, rb, cb));
          const int p = ml.packing;  // one block when packed: its rows and columns times p
          rep.row_blocks[rb].push_back({route.tile, route.node, route.row_begin,
                                        route.row_begin + p * (route.row_end - route.row_begin),
                                        route.col_begin,
                                        route.col_begin + p * (route.col_end - route.col_begin)});
        }
      }
      place_dpu(plan, ml, r, rep);
      st.replicas.push_back(std::move(rep));
    }
    stages.push_back(std::move(st));
  }
  return stages;
}

std::vector<float> host_stage_input(const WorkloadGraph& g, const DataflowStage& st,
                                    const std::vector<float>& sample) {
  return input_view(g, st.host_pre_ops, sample);
}

std::pair<std::int64_t, std::int64_t> input_view_range(const WorkloadGraph& g,
                                                       const std::vector<int>& views) {
  const std::int64_t n = numel(g.input_shape);
  if (views.empty()) return {0, n};
  const Layer& l = g.layers.at(static_cast<std::size_t>(views.front()));
  if (l.op != OpKind::kSlice || g.input_shape.size() != 2 || g.input_shape[0] != 1 ||
      l.slice().axis != 1)
    return {0, n};
  return {l.slice().start, l.slice().end};
}

std::vector<float> input_view(const WorkloadGraph& g, const std::vector<int>& views,
                              const std::vector<float>& sample) {
  std::vector<float> x = sample;
  for (int pre : views) {
    const Layer& l = g.layers.at(static_cast<std::size_t>(pre));
    if (l.op == OpKind::kSlice) x = slice_values(l.slice(), g.shape_of(l.inputs.at(0)), x);
  }
  return x;
}

}  // namespace kirchhoff
