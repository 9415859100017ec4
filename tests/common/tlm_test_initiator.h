// A loosely-timed TLM initiator for tests: blocking reads and writes with a local time offset
// (`delay`), remembering whether any transaction answered with an error. Tests derive from it
// and add their SC_THREAD.
#pragma once

#include <cstddef>
#include <cstdint>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "tiles/tlm_payload.h"

namespace kirchhoff::testing_support {

struct TlmTestInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<TlmTestInitiator> socket{"socket"};
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  bool error = false;

  explicit TlmTestInitiator(sc_core::sc_module_name n) : sc_module(n) {}

  void access(tlm::tlm_command cmd, std::uint64_t a, void* data, std::size_t len) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, a, data, len);
    socket->b_transport(t, delay);
    error = error || t.is_response_error();
  }
  void put32(std::uint64_t a, std::uint32_t v) { access(tlm::TLM_WRITE_COMMAND, a, &v, 4); }
  void put64(std::uint64_t a, std::uint64_t v) { access(tlm::TLM_WRITE_COMMAND, a, &v, 8); }
  std::uint32_t get32(std::uint64_t a) {
    std::uint32_t v = 0;
    access(tlm::TLM_READ_COMMAND, a, &v, 4);
    return v;
  }
  // Lets simulated time catch up with the local offset.
  void sync() {
    wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
};

}  // namespace kirchhoff::testing_support
