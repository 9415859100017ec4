#include "chip/node_sender.h"

#include "interconnect/noc_extension.h"
#include "interconnect/scoped_extension.h"

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
  if (!trans.is_write()) {  // a node sends on, it answers no reads
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  const int dst = node_of_(trans.get_address());
  if (dst < 0) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  ScopedExtension<noc::NocExtension> ext(trans);
  ext->src = node_;
  ext->dsts = {dst};
  ext->kind = noc::PacketKind::kActivation;
  initiator->b_transport(trans, delay);
}

}  // namespace kirchhoff
