// The port of one network node (a tile or a global DPU): several initiators (the host's address
// router, the network interface delivering packets) reach the node's single TLM target through
// it. Addresses inside the node's chip-level window are made local; local addresses (from the
// router, which already strips the base) pass unchanged.
#pragma once

#include <cstdint>

#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

namespace kirchhoff {

class NodePort : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<NodePort> target;
  tlm_utils::simple_initiator_socket<NodePort> initiator;

  NodePort(sc_core::sc_module_name name, std::uint64_t base, std::uint64_t size);

 private:
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  std::uint64_t base_;
  std::uint64_t size_;
};

}  // namespace kirchhoff
