// A packet handed to the network and what the network hands back: the delivery at each
// destination (time, latency, queueing) and the links the packet held (hop records).
// Times are integer picoseconds (SystemC's default resolution), energies picojoules.
#pragma once

#include <cstdint>
#include <vector>

namespace kirchhoff::noc {

struct Packet {
  std::uint64_t id = 0;        // caller's packet id, returned with every delivery
  int src = 0;                 // source node id
  std::vector<int> dsts;       // destination node ids; more than one = multicast (tree)
  std::uint64_t bits = 0;      // payload size; header flits are added by the network
  std::int64_t inject_ps = 0;  // time the packet is offered to the source network interface
  std::uint64_t payload = 0;   // opaque tag (e.g. a checksum of the data), returned untouched
  std::int32_t sample = -1;    // for traces only: -1 = not tied to a sample
  std::int32_t layer = -1;     // for traces only: -1 = not tied to a layer
};

struct Delivery {
  int dst = 0;
  std::uint64_t packet_id = 0;
  std::uint64_t payload = 0;
  int hops = 0;                   // links crossed from the source to this destination
  std::int64_t head_ps = 0;       // the head flit starts ejecting at the destination
  std::int64_t delivered_ps = 0;  // the tail flit has arrived: the packet is complete
  std::int64_t latency_ps = 0;    // delivered_ps - Packet::inject_ps
  std::int64_t zero_load_ps = 0;  // analytic latency with an empty network
  std::int64_t queueing_ps = 0;   // latency_ps - zero_load_ps (waiting for busy resources)
};

// One link held by the packet: from `start_ps` (head enters) to `end_ps` (link free again).
struct HopRecord {
  int link = 0;  // link id (see NocTopology::link_name)
  int from = 0;  // upstream node
  int to = 0;    // downstream node
  std::int64_t start_ps = 0;
  std::int64_t end_ps = 0;
};

struct PacketResult {
  std::uint64_t packet_id = 0;
  int flits = 0;                     // header + payload flits
  std::int64_t inject_start_ps = 0;  // the source interface started injecting the head flit
  std::int64_t inject_end_ps = 0;    // the source interface is free again
  int tree_links = 0;                // distinct links used (a multicast shares its prefix links)
  double energy_pj = 0.0;            // dynamic energy: flits x flit_bits x (router + wire) per link
  std::vector<Delivery> deliveries;  // one per destination, in Packet::dsts order
  std::vector<HopRecord> hops;       // filled when Network::set_record_hops(true); tree order
};

}  // namespace kirchhoff::noc
