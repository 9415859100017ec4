#include "interconnect/network_interface.h"

#include "interconnect/noc_module.h"

namespace kirchhoff::noc {

NetworkInterface::NetworkInterface(sc_core::sc_module_name name, int node, NocModule& noc)
    : sc_core::sc_module(name), from_node("from_node"), to_node("to_node"), node_(node), noc_(noc) {
  from_node.register_b_transport(this, &NetworkInterface::b_transport);
}

void NetworkInterface::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  noc_.transport(node_, trans, delay);
}

void NetworkInterface::deliver(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  to_node->b_transport(trans, delay);
}

}  // namespace kirchhoff::noc
