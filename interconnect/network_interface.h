// The network interface of one node: the node writes a payload into `from_node` (TLM target);
// the network delivers it to the destination nodes through their `to_node` (TLM initiator).
// Loosely timed: b_transport returns at once with the delay annotated, never waits.
#pragma once

#include <cstdint>

#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

namespace kirchhoff::noc {

class NocModule;

class NetworkInterface : public sc_core::sc_module {
 public:
  // Payloads from the node into the network: several initiators of the node may bind (what a
  // tile sends on, the node's controller). May stay unbound for a node that only receives.
  tlm_utils::multi_passthrough_target_socket_optional<NetworkInterface> from_node;
  // Payloads delivered by the network to the node. May stay unbound for a node that only sends;
  // a payload addressed to an unbound node ends with TLM_ADDRESS_ERROR_RESPONSE.
  tlm_utils::simple_initiator_socket_optional<NetworkInterface> to_node;

  NetworkInterface(sc_core::sc_module_name name, int node, NocModule& noc);

  int node() const { return node_; }
  bool node_bound() const { return to_node.size() > 0; }

 private:
  friend class NocModule;
  // Called by the NocModule: hands `trans` to the node (to_node) with the annotated `delay`.
  void deliver(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  int node_;
  NocModule& noc_;
};

}  // namespace kirchhoff::noc
