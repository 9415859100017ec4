// A test initiator for one 32-bit register of a TLM target (a tile's DAC_RANGE, ADC_RANGE,
// READOUT_ACTIVATION): optionally reads it first, then writes each value in turn and reads it
// back, keeping every write's response status and every value read (a read that leaves the
// buffer untouched shows `unread`). run_checked binds it to a target through the TLM-2.0
// protocol checker and runs the simulation (one sc_start per process).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "protocol/tlm_protocol_checker.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff::test {

template <class T>
struct RegisterProbe : sc_core::sc_module {
  static_assert(sizeof(T) == 4, "a 32-bit register");
  tlm_utils::simple_initiator_socket<RegisterProbe> socket{"socket"};
  std::vector<tlm::tlm_response_status> got;  // one per write
  std::vector<T> read_back;                   // the first read (when asked), then one per write

  SC_HAS_PROCESS(RegisterProbe);
  RegisterProbe(sc_core::sc_module_name n, std::uint64_t address, std::vector<T> values,
                bool read_first, T unread = T{})
      : sc_module(n),
        address_(address),
        values_(std::move(values)),
        read_first_(read_first),
        unread_(unread) {
    SC_THREAD(run);
  }

 private:
  tlm::tlm_response_status send(tlm::tlm_command cmd, T* value) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, address_, value, sizeof(T));
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    return t.get_response_status();
  }
  void read() {
    T r = unread_;
    send(tlm::TLM_READ_COMMAND, &r);
    read_back.push_back(r);
  }
  void run() {
    if (read_first_) read();
    for (T v : values_) {
      got.push_back(send(tlm::TLM_WRITE_COMMAND, &v));
      read();
    }
  }

  std::uint64_t address_;
  std::vector<T> values_;
  bool read_first_;
  T unread_;
};

// Binds `probe` to `target` through a protocol checker, runs the simulation and returns the
// checker's violation count.
template <class Probe, class Target>
std::size_t run_checked(Probe& probe, Target& target) {
  protocol::TlmProtocolChecker checker("checker");
  probe.socket.bind(checker.target);
  checker.initiator.bind(target);
  sc_core::sc_start();
  return checker.violation_count();
}

}  // namespace kirchhoff::test
