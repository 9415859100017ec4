// A host port: the chip's I/O link to the host. Every transaction through it costs the port
// latency plus its bytes over the port bandwidth, waits while the port is busy with earlier
// transfers, and records its I/O energy (bits x pJ/bit) as a host-I/O event. Writes are posted
// when host.port_posted_writes >= 2 (config/host_params.h): the returned delay ends when the
// bytes have left (the port is free for the next transfer), not when the write completed,
// unless that many writes are already in flight (the next one then waits for the oldest).
#pragma once

#include <cstdint>
#include <set>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "config/host_params.h"
#include "traces/recorder.h"

namespace kirchhoff {

// What a host transfer belongs to (set by the host on the payload, e.g. with ScopedExtension):
// the port's host-I/O event carries its sample and layer, so a layer's figures include the
// host I/O of its inputs and outputs. Without it the event has neither (-1).
class HostIoTag : public tlm::tlm_extension<HostIoTag> {
 public:
  std::int32_t sample = -1;
  std::int32_t layer = -1;
  // The payload is a sample's activations (floats): they travel in host.io_format, so the
  // link carries length / 4 x its bytes per value. false: the payload's length (weights,
  // registers).
  bool activations = false;
  // Set by the port: when the transfer completed at the chip (absolute simulated time). With
  // posted writes the host regains control earlier (the returned delay).
  sc_core::sc_time completed = sc_core::SC_ZERO_TIME;
  tlm::tlm_extension_base* clone() const override { return new HostIoTag(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const HostIoTag&>(other);
  }
};

class HostPort : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<HostPort> target;        // from the host
  tlm_utils::simple_initiator_socket<HostPort> initiator;  // into the chip

  HostPort(sc_core::sc_module_name name, const HostParams& params, traces::Recorder* recorder);

  std::uint64_t bytes() const { return bytes_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  HostParams params_;
  traces::Recorder* recorder_;
  std::uint32_t component_ = 0;
  sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
  std::multiset<sc_core::sc_time> in_flight_;  // completion times of posted writes
  std::uint64_t bytes_ = 0;
};

}  // namespace kirchhoff
