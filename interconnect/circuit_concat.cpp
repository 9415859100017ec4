// Network::send_concatenated: several parts joined into one vector on one circuit (the law is in
// interconnect/circuit_concat.h). The resources of the union of the parts' route trees are
// collected once each, then booked together as in send_circuit (circuit_route.cpp).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "interconnect/network.h"
#include "interconnect/noc_units.h"
#include "traces/recorder.h"

namespace kirchhoff::noc {

void Network::send_concatenated(const ConcatTransfer& transfer, PacketResult& out) {
  if (params_.switching != Switching::kCircuit) {
    throw std::invalid_argument(
        "Network::send_concatenated: concatenation needs noc.switching = circuit (a packet-"
        "switched network sends each part as its own packet)");
  }
  if (transfer.parts.empty()) throw std::invalid_argument("Network::send_concatenated: no part");
  if (transfer.dsts.empty()) {
    throw std::invalid_argument("Network::send_concatenated: no destination");
  }
  const int n = topology_.num_nodes();
  auto check_node = [&](int node, const char* what) {
    if (node < 0 || node >= n) {
      throw std::out_of_range(std::string("Network::send_concatenated: ") + what + " node " +
                              std::to_string(node) + " is not in 0.." + std::to_string(n - 1));
    }
  };
  ++serial_;
  tree_.clear();
  out.packet_id = transfer.id;
  out.deliveries.clear();
  out.hops.clear();
  constexpr std::int64_t kNone = InputBuffer::kNever;

  // Ejection channels first (distinct destinations), then per part its injection channel and
  // its links; link_flits[e] counts the payload flits of the parts that cross tree entry e.
  for (const int dst : transfer.dsts) {
    check_node(dst, "destination");
    if (eject_stamp_[dst] == serial_) {
      throw std::invalid_argument("Network::send_concatenated: destination " + std::to_string(dst) +
                                  " listed twice");
    }
    eject_stamp_[dst] = serial_;
    tree_.push_back(TreeEntry{Stage::kEject, dst, dst, dst, -1, 0, 0, 0, kNone, kNone});
  }
  const std::uint64_t fb = static_cast<std::uint64_t>(params_.flit_bits);
  std::vector<int> link_flits(tree_.size(), 0);
  std::vector<int> last_part(tree_.size(), -1);
  std::vector<int> dst_hops(transfer.dsts.size(), 0);
  std::uint64_t payload_flits = 0;
  bool leaves_source = false;
  int tree_links = 0;
  for (std::size_t k = 0; k < transfer.parts.size(); ++k) {
    const ConcatPart& part = transfer.parts[k];
    check_node(part.src, "source");
    const int flits_k = static_cast<int>((part.bits + fb - 1) / fb);
    payload_flits += static_cast<std::uint64_t>(flits_k);
    const bool injected = std::any_of(tree_.begin(), tree_.end(), [&](const TreeEntry& e) {
      return e.stage == Stage::kInject && e.resource == part.src;
    });
    if (!injected) {
      tree_.push_back(
          TreeEntry{Stage::kInject, part.src, part.src, part.src, -1, 0, 0, 0, kNone, kNone});
      link_flits.push_back(0);
      last_part.push_back(-1);
    }
    for (std::size_t d = 0; d < transfer.dsts.size(); ++d) {
      int cur = part.src, hop_count = 0;
      while (cur != transfer.dsts[d]) {
        const NocTopology::Hop hop = topology_.next_hop(cur, transfer.dsts[d]);
        int entry;
        if (link_stamp_[hop.link] == serial_) {
          entry = link_entry_[hop.link];
        } else {
          entry = static_cast<int>(tree_.size());
          tree_.push_back(
              TreeEntry{Stage::kLink, hop.link, cur, hop.next, -1, 0, 0, 0, kNone, kNone});
          link_flits.push_back(0);
          last_part.push_back(-1);
          link_stamp_[hop.link] = serial_;
          link_entry_[hop.link] = entry;
          ++tree_links;
        }
        if (last_part[static_cast<std::size_t>(entry)] != static_cast<int>(k)) {
          last_part[static_cast<std::size_t>(entry)] = static_cast<int>(k);
          link_flits[static_cast<std::size_t>(entry)] += flits_k;
        }
        cur = hop.next;
        ++hop_count;
      }
      leaves_source = leaves_source || hop_count > 0;
      dst_hops[d] = std::max(dst_hops[d], hop_count);
    }
  }
  const int flits = static_cast<int>(
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(params_.header_flits) + payload_flits));
  const std::int64_t flit_ps = leaves_source ? std::max(ni_flit_ps_, link_flit_ps_) : ni_flit_ps_;
  const int max_hops = *std::max_element(dst_hops.begin(), dst_hops.end());
  const std::int64_t hold =
      (max_hops + 1) * router_ps_ + max_hops * link_ps_ + ni_ps_ + flits * flit_ps;

  auto calendar = [&](const TreeEntry& e) -> ResourceCalendar& {
    return e.stage == Stage::kInject ? injects_[e.resource]
           : e.stage == Stage::kLink ? links_[e.resource]
                                     : ejects_[e.resource];
  };
  latest_inject_ps_ = std::max(latest_inject_ps_, transfer.inject_ps);
  std::int64_t start = transfer.inject_ps;
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
  const std::int64_t horizon = latest_inject_ps_ - reorder_window_ps_;
  double energy_pj = 0.0;
  std::uint64_t flit_hops = 0;
  for (std::size_t i = 0; i < tree_.size(); ++i) {
    TreeEntry& e = tree_[i];
    e.start_ps = start;
    e.release_ps = start + hold;
    ResourceCalendar& cal = calendar(e);
    cal.forget_before(horizon);
    cal.book(e.start_ps, e.release_ps);
    if (e.stage != Stage::kLink) continue;
    const int on_link = params_.header_flits + link_flits[i];
    flit_hops += static_cast<std::uint64_t>(on_link);
    energy_pj += on_link * bus_or_link_energy_pj_per_flit_;
    if (record_hops_) out.hops.push_back(HopRecord{e.resource, e.from, e.to, start, start + hold});
    if (recorder_) {
      traces::Event ev;
      ev.start_ps = start;
      ev.duration_ps = hold;
      ev.component = link_component_[e.resource];
      ev.kind = traces::EventKind::kPacketHop;
      ev.sample = transfer.sample;
      ev.layer = transfer.layer;
      ev.bytes = static_cast<std::uint64_t>(on_link) * fb / units::kBitsPerByte;
      ev.energy[traces::EnergyCategory::kNetwork] = on_link * bus_or_link_energy_pj_per_flit_;
      recorder_->record(ev);
    }
  }
  std::uint64_t bits = 0;
  for (const ConcatPart& part : transfer.parts) bits += part.bits;
  for (std::size_t d = 0; d < transfer.dsts.size(); ++d) {
    Delivery del;
    del.dst = transfer.dsts[d];
    del.packet_id = transfer.id;
    del.hops = dst_hops[d];
    del.head_ps = start + (del.hops + 1) * router_ps_ + del.hops * link_ps_ + ni_ps_;
    del.delivered_ps = del.head_ps + (flits - 1) * flit_ps;
    del.latency_ps = del.delivered_ps - transfer.inject_ps;
    del.zero_load_ps = zero_load_latency_ps(del.hops, flits);
    del.queueing_ps = del.latency_ps - del.zero_load_ps;
    out.deliveries.push_back(del);
    stats_.last_delivery_ps = std::max(stats_.last_delivery_ps, del.delivered_ps);
    if (recorder_) {
      traces::Event ev;
      ev.start_ps = transfer.inject_ps;
      ev.duration_ps = del.latency_ps;
      ev.component = ni_component_[del.dst];
      ev.kind = traces::EventKind::kPacketDelivery;
      ev.sample = transfer.sample;
      ev.layer = transfer.layer;
      ev.bytes = (bits + units::kBitsPerByte - 1) / units::kBitsPerByte;
      recorder_->record(ev);
    }
  }
  out.flits = flits;
  out.inject_start_ps = start;
  out.inject_end_ps = start + hold;
  out.tree_links = tree_links;
  out.energy_pj = energy_pj;
  stats_.packets += 1;
  stats_.deliveries += transfer.dsts.size();
  stats_.flit_hops += flit_hops;
  stats_.dynamic_energy_pj += energy_pj;
}

}  // namespace kirchhoff::noc
