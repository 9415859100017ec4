// The on-chip network at transaction level: the cost of a packet is computed once, when it is
// sent, never per clock cycle. Pure C++ (no SystemC).
//
// Timing model (per packet of F flits, H hops; tr = router pipeline, tl = link traversal, t_NI
// = network-interface latency, t_flit = cycles per flit of the slowest link class on the path):
//  - The packet takes the source's injection channel (NI -> router) when it is free; the head
//    passes H + 1 routers (tr each, source and destination included) and H links (tl each), takes
//    the destination's ejection channel, and the tail follows (F - 1) x t_flit later; t_NI is
//    added once. Zero-load latency T0 = (H + 1) tr + H tl + t_NI + (F - 1) t_flit (Dally &
//    Towles), exactly, for every H and F (a packet to its own node has H = 0: one router).
//  - Contention: every directed link, every injection channel and every ejection channel is a
//    resource with a booking calendar (resource_calendar.h). A packet takes a resource at the
//    earliest time >= its head's arrival at which it is free for F x t_flit and holds it that
//    long, so packets that want the same link are serialised and packets on disjoint paths are
//    not. The wait is reported per destination as queueing delay.
//  - Link bandwidth per class (NocParams::link_flits_per_cycle, ni_flits_per_cycle): the flit
//    train moves at the rate of the slowest class on the path.
//  - Finite buffers (NocParams::buffer_flits = B > 0): credit-based wormhole with one FIFO input
//    buffer of B flits per router input (input_buffer.h). A head leaves an input buffer only
//    after the previous packet's tail (head-of-line blocking) and enters the next buffer only
//    when the flit B places ahead of it has left; the tail leaves a resource only when the flit
//    B places ahead of it has left the next buffer. A blocked packet so keeps holding its
//    upstream links and, through the injection channel, its source. The same rule holds for
//    every B (no special case at B = packet length), so latency-load curves change smoothly
//    with B. Finite buffers grant resources in send order (backfill is rejected by validate()).
//  - Multicast: the routes to all destinations form a tree (dimension-order routes from one
//    source share their prefix); each tree link is booked and charged once. Branches proceed
//    independently (a blocked branch does not slow its siblings; upstream hold under
//    back-pressure is the maximum over the branches).
//
// Circuit switching (NocParams::switching = circuit; interconnect/circuit_route.cpp): the route
// tree (injection channel, its links, the ejection channels) is reserved as one: the transfer
// starts at the earliest t >= inject at which every resource of the tree is free for the hold
//   hold = (H_max + 1) tr + H_max tl + t_NI + F x t_flit    (H_max: the farthest destination),
// and every resource is booked over [t, t + hold). Destination d (H_d hops) has its data at
// t + (H_d + 1) tr + H_d tl + t_NI + (F - 1) t_flit: at zero load T0 as for packets, but a
// second transfer over any reserved resource waits for the whole hold, not just for the train.
// Energy as for packets (each tree link once per flit). Several sources' outputs joined into one
// vector on one reservation: send_concatenated (interconnect/circuit_concat.h).
//
// Approximations (documented for the architects):
//  - Each packet is costed completely when it is sent, so a packet never delays one sent before
//    it. With NocParams::backfill (default, unbounded buffers) a packet takes the earliest idle
//    gap on each resource that fits its flit train, so it is not held up by bookings of
//    earlier-sent packets that reach the link later: oldest-first arbitration with perfect
//    knowledge. Without backfill resources are granted in send order (busy-until): a packet
//    injected later that would reach a link earlier waits behind the packets sent before it.
//    Sending in injection-time order, as run_traffic does, is assumed.
//  - Unbounded buffers (buffer_flits = 0) never throttle a source: under overload, packets that
//    stay within one half of the mesh overtake those queued for the bisection, so the delivered
//    mix is no longer the offered one and accepted throughput can exceed the bisection bound
//    4/k (the flits crossing the bisection never exceed its capacity). `kirchhoff traffic`
//    flags such rows as past saturation. Finite buffers throttle sources and stay below 4/k.
//  - Credits return instantly (no credit round-trip delay); one virtual channel per port;
//    dimension-order routing only (no adaptive routing).
//  - Cycles are rounded to whole picoseconds (1 GHz -> 1000 ps exactly), and so is t_flit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "interconnect/circuit_concat.h"
#include "interconnect/input_buffer.h"
#include "interconnect/noc_params.h"
#include "interconnect/noc_topology.h"
#include "interconnect/packet.h"
#include "interconnect/resource_calendar.h"

namespace kirchhoff::traces {
class Recorder;
}

namespace kirchhoff::noc {

class Network {
 public:
  struct Stats {
    std::uint64_t packets = 0;     // packets sent
    std::uint64_t deliveries = 0;  // packet arrivals (a multicast counts once per destination)
    std::uint64_t flit_hops = 0;   // flits x tree links
    double dynamic_energy_pj = 0.0;
    std::int64_t last_delivery_ps = 0;
  };

  // Throws std::invalid_argument listing every message of validate(params) when invalid.
  // `recorder` (optional, not owned, must outlive the network) receives one kPacketHop event per
  // link held and one kPacketDelivery event per destination; `name` prefixes the component
  // names ("noc.link_0_1", "noc.ni3").
  explicit Network(const NocParams& params, traces::Recorder* recorder = nullptr,
                   std::string name = "noc");

  const NocParams& params() const { return params_; }
  const NocTopology& topology() const { return topology_; }
  int num_nodes() const { return topology_.num_nodes(); }
  std::int64_t cycle_ps() const { return cycle_ps_; }

  // Flits of a packet with `bits` payload bits: header_flits + ceil(bits / flit_bits), >= 1.
  int flits_for_bits(std::uint64_t bits) const;
  int hops(int src, int dst) const { return topology_.hops(src, dst); }
  // (H + 1) x router_pipeline_cycles + H x link_cycles + ni_latency_cycles + (F - 1) x t_flit,
  // in ps, where t_flit is the slowest link class on an H-hop path (the links only if H > 0).
  std::int64_t zero_load_latency_ps(int hops, int flits) const;
  // Time one flit holds a router-to-router link / an injection or ejection channel, in ps.
  std::int64_t link_flit_ps() const { return link_flit_ps_; }
  std::int64_t ni_flit_ps() const { return ni_flit_ps_; }
  // Energy of one flit crossing one router and the link after it, in pJ.
  double flit_hop_energy_pj(int link) const;
  // Static power of all routers and links in mW, and its energy over a span in pJ.
  double static_power_mw() const;
  double static_energy_pj(std::int64_t duration_ps) const;

  // Sends one packet; fills `out` (its vectors keep their capacity, so reusing one result
  // object costs no allocation). Throws std::out_of_range for a bad node id and
  // std::invalid_argument for an empty or repeated destination list.
  void send(const Packet& packet, PacketResult& out);
  PacketResult send(const Packet& packet) {
    PacketResult r;
    send(packet, r);
    return r;
  }

  // Circuit switching only: several sources' parts joined into one vector on one reserved route
  // (interconnect/circuit_concat.h has the law). Fills `out` as send() does (one delivery per
  // destination, hops when recorded). Throws std::invalid_argument in packet switching, for no
  // part or no destination or a repeated destination, std::out_of_range for a bad node id.
  void send_concatenated(const ConcatTransfer& transfer, PacketResult& out);

  // Hop records cost time; off by default, on for inspection and tests.
  void set_record_hops(bool on) { record_hops_ = on; }

  // End of the latest booking of a link / injection port / ejection port (ps).
  std::int64_t link_busy_until_ps(int link) const { return links_.at(link).busy_until_ps(); }
  std::int64_t inject_busy_until_ps(int node) const { return injects_.at(node).busy_until_ps(); }
  std::int64_t eject_busy_until_ps(int node) const { return ejects_.at(node).busy_until_ps(); }

  const Stats& stats() const { return stats_; }
  // Frees every resource and clears the statistics (the recorder keeps its events).
  void reset();

 private:
  enum class Stage : std::uint8_t { kInject, kLink, kEject };
  // One resource the packet holds: the injection port (root), a link, or an ejection port.
  struct TreeEntry {
    Stage stage;
    int resource;
    int from;
    int to;
    int parent;
    std::int64_t start_ps;    // head takes the resource
    std::int64_t offset_ps;   // start - parent's start with no waiting (zero load)
    std::int64_t release_ps;  // resource free again
    // Finite buffers: earliest start and latest release over the children (downstream).
    std::int64_t child_start_ps;
    std::int64_t child_release_ps;
  };

  InputBuffer& buffer_fed_by(const TreeEntry& e) {
    return e.stage == Stage::kInject ? inject_buffers_[e.resource] : link_buffers_[e.resource];
  }
  // Wormhole back-pressure (finite buffers): settles every release, then records the packet in
  // the input buffers it passed.
  void settle_wormhole(int flits, std::int64_t flit_ps);
  // Circuit switching: books the route tree of `packet` as one reservation and fills `out`
  // (deliveries, tree links); the caller commits tree_ and the energy as for a packet.
  void send_circuit(const Packet& packet, int flits, std::int64_t flit_ps, PacketResult& out);

  void record_events(const Packet& packet, const PacketResult& out, std::int64_t flits);

  NocParams params_;
  NocTopology topology_;
  traces::Recorder* recorder_;
  std::string name_;
  std::int64_t cycle_ps_;
  std::int64_t router_ps_;
  std::int64_t link_ps_;
  std::int64_t ni_ps_;
  std::int64_t link_flit_ps_;
  std::int64_t ni_flit_ps_;
  double bus_or_link_energy_pj_per_flit_;  // every link of a topology has the same length

  bool backfill_;
  std::int64_t reorder_window_ps_;
  std::int64_t latest_inject_ps_ = 0;
  std::vector<ResourceCalendar> links_;
  std::vector<ResourceCalendar> injects_;
  std::vector<ResourceCalendar> ejects_;
  std::vector<InputBuffer> inject_buffers_;  // finite buffers only: router n's injection input
  std::vector<InputBuffer> link_buffers_;    // finite buffers only: the input at a link's end

  // Per-packet scratch: a resource belongs to the current tree when its stamp == serial_.
  std::uint64_t serial_ = 0;
  std::vector<std::uint64_t> link_stamp_;
  std::vector<int> link_entry_;
  std::vector<std::uint64_t> eject_stamp_;
  std::vector<TreeEntry> tree_;

  std::vector<std::uint32_t> link_component_;
  std::vector<std::uint32_t> ni_component_;

  bool record_hops_ = false;
  Stats stats_;
};

}  // namespace kirchhoff::noc
