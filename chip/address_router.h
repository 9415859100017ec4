// Address decoder of the chip: forwards each transaction to the target whose window holds its
// address, with the address made relative to that window. Several initiators (host ports,
// tiles sending results on) may bind to its target socket.
#pragma once

#include <cstdint>
#include <vector>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <systemc>
#include <tlm>

namespace kirchhoff {

class AddressRouter : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<AddressRouter> target;
  tlm_utils::multi_passthrough_initiator_socket<AddressRouter> initiator;

  explicit AddressRouter(sc_core::sc_module_name name);

  // Maps [base, base + size) to the initiator binding with index `port` (binding order).
  void map(std::uint64_t base, std::uint64_t size, int port);
  // Forwards addresses that no window holds, unchanged, to `port` (default: answer with
  // TLM_ADDRESS_ERROR_RESPONSE).
  void set_default_port(int port) { default_port_ = port; }

 private:
  struct Window {
    std::uint64_t base;
    std::uint64_t size;
    int port;
  };
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  std::vector<Window> windows_;
  int default_port_ = -1;
};

}  // namespace kirchhoff
