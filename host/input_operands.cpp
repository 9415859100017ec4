// WorkloadHost: the Add/Mul operands that are views of a sample's input (host/dataflow_stage.h
// kInputOperand), e.g. RNN-T's prediction projection arriving from another chip for the joint
// network's Add: where the input's values come from, and their trip to the consuming DPU.
#include "host/workload_host.h"

namespace kirchhoff {

using sc_core::sc_time;

const std::vector<float>& WorkloadHost::sample_input(int s) const {
  if (upstream_ == nullptr) return inputs_.at(static_cast<std::size_t>(s));
  return sample_input_.at(s);
}

int WorkloadHost::input_source(const std::vector<int>& views) const {
  if (upstream_ == nullptr) return -1;
  return input_view_range(graph_, views).second <= host_values_ ? -1 : upstream_node_;
}

void WorkloadHost::send_input_operands(int s, sc_time at) {
  for (std::size_t k = 0; k < stages_.size(); ++k) {
    const DataflowStage& st = stages_[k];
    for (const DataflowPostOp& op : st.post_ops) {
      if (op.operand_stage != DataflowPostOp::kInputOperand) continue;
      const int src = input_source(op.operand_pre_ops);
      if (src < 0) {
        // The host would write it into the DPU; only an off-chip arrival is executed.
        log_->error(
            "sample {} layer '{}': a second operand from the host input ('{}') is not "
            "executed; allowed: one that arrives from another chip",
            s, graph_.layers.at(static_cast<std::size_t>(op.layer)).name,
            graph_.layers.at(static_cast<std::size_t>(op.operand)).name);
        failed_ = true;
        continue;
      }
      const DataflowReplica& dst = st.replicas[static_cast<std::size_t>(s) % st.replicas.size()];
      Operand o;
      o.value = input_view(graph_, op.operand_pre_ops, sample_input(s));
      o.arrival = send_packet(src, dst.dpu_node, o.value.size(), at, s, op.layer);
      operands_[{s, static_cast<int>(k), op.operand}] = std::move(o);
    }
  }
}

}  // namespace kirchhoff
