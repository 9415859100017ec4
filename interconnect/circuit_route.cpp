// Network::send_circuit: circuit switching (the law is in interconnect/network.h). The route tree
// is collected first (the same dimension-order routes as a packet, shared prefixes once), then
// one start time is found at which every resource of the tree is free for the whole hold.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "interconnect/network.h"

namespace kirchhoff::noc {

void Network::send_circuit(const Packet& packet, int flits, std::int64_t flit_ps,
                           PacketResult& out) {
  const int n = topology_.num_nodes();
  constexpr std::int64_t kNone = InputBuffer::kNever;
  // The tree, with each entry's zero-load offset from the start (the head's arrival).
  tree_.push_back(
      TreeEntry{Stage::kInject, packet.src, packet.src, packet.src, -1, 0, 0, 0, kNone, kNone});
  std::vector<int> dst_entry, dst_hops;
  int max_hops = 0;
  for (const int dst : packet.dsts) {
    if (dst < 0 || dst >= n) {
      throw std::out_of_range("Network::send: destination node " + std::to_string(dst) +
                              " is not in 0.." + std::to_string(n - 1));
    }
    if (eject_stamp_[dst] == serial_) {
      throw std::invalid_argument("Network::send: destination " + std::to_string(dst) +
                                  " listed twice");
    }
    eject_stamp_[dst] = serial_;
    int cur = packet.src, parent = 0, hop_count = 0;
    while (cur != dst) {
      const NocTopology::Hop hop = topology_.next_hop(cur, dst);
      int entry;
      if (link_stamp_[hop.link] == serial_) {
        entry = link_entry_[hop.link];
      } else {
        const TreeEntry& up = tree_[parent];
        const std::int64_t offset =
            up.offset_ps + (up.stage == Stage::kLink ? link_ps_ : 0) + router_ps_;
        entry = static_cast<int>(tree_.size());
        tree_.push_back(
            TreeEntry{Stage::kLink, hop.link, cur, hop.next, parent, 0, offset, 0, kNone, kNone});
        link_stamp_[hop.link] = serial_;
        link_entry_[hop.link] = entry;
        ++out.tree_links;
      }
      parent = entry;
      cur = hop.next;
      ++hop_count;
    }
    const TreeEntry& up = tree_[parent];
    const std::int64_t offset =
        up.offset_ps + (up.stage == Stage::kLink ? link_ps_ : 0) + router_ps_;
    dst_entry.push_back(static_cast<int>(tree_.size()));
    dst_hops.push_back(hop_count);
    tree_.push_back(TreeEntry{Stage::kEject, dst, dst, dst, parent, 0, offset, 0, kNone, kNone});
    max_hops = std::max(max_hops, hop_count);
  }

  // Every resource is held from the set-up's start until the tail reached the farthest node.
  const std::int64_t hold =
      (max_hops + 1) * router_ps_ + max_hops * link_ps_ + ni_ps_ + flits * flit_ps;
  auto calendar = [&](const TreeEntry& e) -> ResourceCalendar& {
    return e.stage == Stage::kInject ? injects_[e.resource]
           : e.stage == Stage::kLink ? links_[e.resource]
                                     : ejects_[e.resource];
  };
  // The earliest common start: move it to each resource's earliest fit until all agree.
  std::int64_t start = packet.inject_ps;
  for (bool moved = true; moved;) {
    moved = false;
    for (const TreeEntry& e : tree_) {
      const std::int64_t s = calendar(e).earliest_start(start, hold, backfill_);
      if (s != start) {
        start = s;
        moved = true;
      }
    }
  }
  for (TreeEntry& e : tree_) {
    e.start_ps = start;
    e.release_ps = start + hold;
  }
  for (std::size_t k = 0; k < packet.dsts.size(); ++k) {
    const TreeEntry& e = tree_[static_cast<std::size_t>(dst_entry[k])];
    Delivery d;
    d.dst = packet.dsts[k];
    d.packet_id = packet.id;
    d.payload = packet.payload;
    d.hops = dst_hops[k];
    d.head_ps = start + e.offset_ps + ni_ps_;
    d.delivered_ps = d.head_ps + (flits - 1) * flit_ps;
    d.latency_ps = d.delivered_ps - packet.inject_ps;
    d.zero_load_ps = zero_load_latency_ps(d.hops, flits);
    d.queueing_ps = d.latency_ps - d.zero_load_ps;
    out.deliveries.push_back(d);
    stats_.last_delivery_ps = std::max(stats_.last_delivery_ps, d.delivered_ps);
  }
}

}  // namespace kirchhoff::noc
