// What a tile or DPU sends on: a write to a chip-level address (chip/chip_address_map.h) leaves
// the node through its network interface as a packet to the node that owns the address
// (tag: noc::NocExtension). A write to the node's own window loops back through its own
// network interface. Answers: TLM_COMMAND_ERROR_RESPONSE for anything but a write (a node sends,
// it does not answer reads), TLM_ADDRESS_ERROR_RESPONSE for an address no node owns, otherwise
// the network's answer.
#pragma once

#include <cstdint>
#include <functional>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace kirchhoff {

class NodeSender : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<NodeSender> target;        // from the node's `out`
  tlm_utils::simple_initiator_socket<NodeSender> initiator;  // into the network interface

  // `node_of` maps a chip-level address to the node id that owns it (-1: none).
  NodeSender(sc_core::sc_module_name name, int node, std::function<int(std::uint64_t)> node_of);

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  int node_;
  std::function<int(std::uint64_t)> node_of_;
};

}  // namespace kirchhoff
