#include "chip/address_router.h"

namespace kirchhoff {

AddressRouter::AddressRouter(sc_core::sc_module_name name)
    : sc_core::sc_module(name), target("target"), initiator("initiator") {
  target.register_b_transport(this, &AddressRouter::b_transport);
}

void AddressRouter::map(std::uint64_t base, std::uint64_t size, int port) {
  windows_.push_back({base, size, port});
}

void AddressRouter::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  for (const auto& w : windows_) {
    if (a >= w.base && a - w.base < w.size) {
      trans.set_address(a - w.base);
      initiator[w.port]->b_transport(trans, delay);
      trans.set_address(a);
      return;
    }
  }
  if (default_port_ >= 0) {
    initiator[default_port_]->b_transport(trans, delay);
    return;
  }
  trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace kirchhoff
