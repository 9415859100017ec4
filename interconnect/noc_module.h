// SystemC wrapper of the network: one NetworkInterface per node around one Network (the pure
// C++ timing core). A payload written into ni[src].from_node (b_transport) is costed by the
// Network at time sc_time_stamp() + delay and delivered through ni[dst].to_node->b_transport
// for every destination, with the delay annotated so the receiver sees
// sc_time_stamp() + delay = the tail's arrival. The sender's delay is advanced to the time its
// interface has injected the whole packet (tail flit left the source).
//
// Destinations come from a NocExtension on the payload (dsts, multicast if several); without
// one, the payload's address is the destination node id. The payload's data length sets the
// packet size (8 bits per byte). A unicast payload is passed through to its destination, whose
// target sets the response. A multicast is split: each destination gets a transaction of its
// own (same command, address, data pointer, lengths; no extensions) that its target answers, and
// the network answers the sender with TLM_OK_RESPONSE when all of them succeeded, else the first
// destination's error. A payload that also carries a ConcatExtension (circuit switching only) is
// one vector joined from several sources' parts (Network::send_concatenated); the part counts
// must add up to the payload's values. The network itself answers TLM_ADDRESS_ERROR_RESPONSE for a
// destination that is not a node with a receiver, TLM_GENERIC_ERROR_RESPONSE when the network core
// refuses the packet. Receivers must not keep pointers into the payload after returning.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>

#include "interconnect/network.h"
#include "interconnect/network_interface.h"
#include "interconnect/noc_params.h"
#include "interconnect/payload_pool.h"

namespace kirchhoff::traces {
class Recorder;
}

namespace kirchhoff::noc {

class NocModule : public sc_core::sc_module {
 public:
  sc_core::sc_vector<NetworkInterface> ni;  // one per node id

  NocModule(sc_core::sc_module_name name, const NocParams& params,
            traces::Recorder* recorder = nullptr);

  Network& network() { return network_; }
  const Network& network() const { return network_; }
  // Result of the last packet sent (for inspection and tests).
  const PacketResult& last_result() const { return last_result_; }

 private:
  friend class NetworkInterface;
  // Called by ni[src] (its from_node socket): sends `trans` from node `src`. Everything enters
  // the network through a NetworkInterface's socket.
  void transport(int src, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  Network network_;
  PacketResult last_result_;
  std::uint64_t next_packet_id_ = 0;
  // The packet and result of each nesting depth of transport() (a receiver may send again from
  // inside its b_transport), kept so their vectors are not allocated per transaction; and the
  // multicast's per-destination transactions (payload_pool.h).
  struct Scratch {
    Packet packet;
    PacketResult result;
  };
  std::vector<std::unique_ptr<Scratch>> scratch_;
  std::size_t depth_ = 0;
  PayloadPool copies_;
};

}  // namespace kirchhoff::noc
