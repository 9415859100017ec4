// WorkloadHost: a stage's post-op chain in its DPU and the residual operands it sends on to
// later stages' DPUs (see host/dataflow_stage.h and host/workload_host.h).
#include <algorithm>

#include "host/workload_host.h"

namespace kirchhoff {

using sc_core::sc_time;

sc_time WorkloadHost::run_post_ops(int s, int k, const DataflowReplica& rep, Chain& chain,
                                   std::vector<float>& y) {
  const DataflowStage& st = stages_[static_cast<std::size_t>(k)];
  for (const DataflowPostOp& op : st.post_ops) {
    if (op.alias) {
      chain.value[op.layer] =
          op.slice ? slice_values(op.slice_op, op.slice_input, chain.value.at(op.input))
                   : chain.value.at(op.input);
      chain.ready[op.layer] = chain.ready.at(op.input);
      continue;
    }
    DpuCommandHeader ph = make_dpu_command(op.op);
    ph.length = static_cast<std::uint32_t>(op.channels * op.height * op.width);
    ph.channels = static_cast<std::uint32_t>(op.channels);
    ph.height = static_cast<std::uint32_t>(op.height);
    ph.width = static_cast<std::uint32_t>(op.width);
    ph.kernel_h = static_cast<std::uint32_t>(op.kernel_h);
    ph.kernel_w = static_cast<std::uint32_t>(op.kernel_w);
    ph.stride_h = static_cast<std::uint32_t>(op.stride_h);
    ph.stride_w = static_cast<std::uint32_t>(op.stride_w);
    ph.pad_h = static_cast<std::uint32_t>(op.pad_h);
    ph.pad_w = static_cast<std::uint32_t>(op.pad_w);
    ph.sample = s;
    ph.layer = st.layer;  // DPU events are traced by weight layer, as its MVMs
    std::vector<float> in = chain.value.at(op.input);
    sc_time at = chain.ready.at(op.input);
    if (op.operand >= 0 && op.operand_stage == -1) {
      // Both operands come from this DPU's chain: it kept the earlier value.
      const std::vector<float>& b = chain.value.at(op.operand);
      in.insert(in.end(), b.begin(), b.end());
      at = std::max(at, chain.ready.at(op.operand));
    } else if (op.operand >= 0) {
      // A residual operand, sent here by an earlier stage's DPU (or from the input).
      const auto it = operands_.find({s, k, op.operand});
      if (it == operands_.end()) {
        log_->error("sample {} layer {}: operand {} never arrived", s, op.layer, op.operand);
        failed_ = true;
        return sc_core::sc_time_stamp();
      }
      in.insert(in.end(), it->second.value.begin(), it->second.value.end());
      at = std::max(at, it->second.arrival);
    }
    in.insert(in.end(), op.constant.begin(), op.constant.end());
    in.insert(in.end(), op.scale.begin(), op.scale.end());
    in.insert(in.end(), op.shift.begin(), op.shift.end());
    chain.ready[op.layer] = dpu_command(rep, ph, in, at);
    chain.value[op.layer] = dpu_of(rep).last_result();
  }
  // Residual operands go on to the later stages' DPUs as soon as each is computed.
  for (const DataflowOperandSend& send : st.sends) {
    const DataflowStage& to = stages_[static_cast<std::size_t>(send.to_stage)];
    const DataflowReplica& dst = to.replicas[static_cast<std::size_t>(s) % to.replicas.size()];
    Operand o;
    o.value = chain.value.at(send.layer);
    o.arrival = send_packet(rep.dpu_node, dst.dpu_node, o.value.size(), chain.ready.at(send.layer),
                            s, send.consumer);
    operands_[{s, send.to_stage, send.layer}] = std::move(o);
  }
  for (auto it = operands_.lower_bound({s, k, -1}); it != operands_.end();) {
    if (std::get<0>(it->first) != s || std::get<1>(it->first) != k) break;
    it = operands_.erase(it);  // consumed
  }
  y = chain.value.at(st.observed_layer);
  return chain.ready.at(st.observed_layer);
}

}  // namespace kirchhoff
