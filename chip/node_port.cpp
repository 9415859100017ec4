#include "chip/node_port.h"

namespace kirchhoff {

NodePort::NodePort(sc_core::sc_module_name name, std::uint64_t base, std::uint64_t size)
    : sc_core::sc_module(name), target("target"), initiator("initiator"), base_(base), size_(size) {
  target.register_b_transport(this, &NodePort::b_transport);
}

void NodePort::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  const bool global = a >= base_ && a - base_ < size_;
  if (global) trans.set_address(a - base_);
  initiator->b_transport(trans, delay);
  if (global) trans.set_address(a);
}

}  // namespace kirchhoff
