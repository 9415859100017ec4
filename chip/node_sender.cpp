#include "chip/node_sender.h"

#include "interconnect/noc_extension.h"

namespace kirchhoff {

NodeSender::NodeSender(sc_core::sc_module_name name, int node,
                       std::function<int(std::uint64_t)> node_of)
    : sc_core::sc_module(name),
      target("target"),
      initiator("initiator"),
      node_(node),
      node_of_(std::move(node_of)) {
  target.register_b_transport(this, &NodeSender::b_transport);
}

void NodeSender::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const int dst = node_of_(trans.get_address());
  if (dst < 0 || !trans.is_write()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  noc::NocExtension ext;
  ext.src = node_;
  ext.dsts = {dst};
  ext.kind = noc::PacketKind::kActivation;
  noc::NocExtension* previous = nullptr;
  trans.get_extension(previous);
  trans.set_extension(&ext);
  initiator->b_transport(trans, delay);
  trans.set_extension(previous);  // restore (nullptr clears); `ext` is ours, on the stack
}

}  // namespace kirchhoff
