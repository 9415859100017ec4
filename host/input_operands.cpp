// WorkloadHost: the Add/Mul operands that are views of a sample's input (host/dataflow_stage.h
// kInputOperand), e.g. RNN-T's prediction projection arriving from another chip for the joint
// network's Add, or the graph input itself on the chip whose host writes it (a residual
// connection from the input): where the input's values come from, and their trip to the
// consuming DPU.
#include "host/workload_host.h"

#include <algorithm>

#include "tiles/digital_processing_unit.h"

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
      const DataflowReplica& dst = st.replicas[static_cast<std::size_t>(s) % st.replicas.size()];
      Operand o;
      o.value = input_view(graph_, op.operand_pre_ops, sample_input(s));
      if (src < 0) {
        // In the host's part of the input (the graph input, e.g. a residual connection from
        // it): the host writes it through its host port into the consuming DPU's inbox, as it
        // writes a convolution's image; the Add/Mul waits until it is there. (Every other
        // reader of the inbox writes its region and reads it within one stage's step, so
        // nothing it holds is overwritten before it is read.)
        std::vector<float> data = o.value;
        sc_time d =
            at > sc_core::sc_time_stamp() ? at - sc_core::sc_time_stamp() : sc_core::SC_ZERO_TIME;
        sc_time in_inbox = sc_core::sc_time_stamp() + d;
        host_access(tlm::TLM_WRITE_COMMAND, dst.dpu_base + DpuAddressMap::kInbox, data.data(),
                    data.size() * sizeof(float), d, s, op.layer, &in_inbox);
        o.arrival = std::max(sc_core::sc_time_stamp() + d, in_inbox);
        // The values as the DPU holds them (in host.io_format).
        const std::vector<float>& inbox = dpu_of(dst).inbox();
        if (inbox.size() >= o.value.size())
          o.value.assign(inbox.begin(),
                         inbox.begin() + static_cast<std::ptrdiff_t>(o.value.size()));
      } else {
        o.arrival = send_packet(src, dst.dpu_node, o.value.size(), at, s, op.layer);
      }
      operands_[{s, static_cast<int>(k), op.operand}] = std::move(o);
    }
  }
}

}  // namespace kirchhoff
