#include "interconnect/network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "interconnect/noc_units.h"
#include "traces/recorder.h"

namespace kirchhoff::noc {
namespace {

using units::kBitsPerByte;
using units::kPjPerFj;
using units::kPjPerMwPs;
using units::kPsPerNs;

const NocParams& checked(const NocParams& p) {
  const auto errors = validate(p);
  if (!errors.empty()) {
    std::string msg = "invalid NoC parameters:";
    for (const auto& e : errors) msg += "\n  " + e;
    throw std::invalid_argument(msg);
  }
  return p;
}

}  // namespace

Network::Network(const NocParams& params, traces::Recorder* recorder, std::string name)
    : params_(checked(params)),
      topology_(params_),
      recorder_(recorder),
      name_(std::move(name)),
      cycle_ps_(std::max<std::int64_t>(1, std::llround(kPsPerNs / params_.clock_ghz))),
      router_ps_(params_.router_pipeline_cycles * cycle_ps_),
      link_ps_(params_.link_cycles * cycle_ps_),
      ni_ps_(params_.ni_latency_cycles * cycle_ps_),
      link_flit_ps_(std::max<std::int64_t>(
          1, std::llround(static_cast<double>(cycle_ps_) / params_.link_flits_per_cycle))),
      ni_flit_ps_(std::max<std::int64_t>(
          1, std::llround(static_cast<double>(cycle_ps_) / params_.ni_flits_per_cycle))),
      bus_or_link_energy_pj_per_flit_(
          params_.flit_bits *
          (params_.router_energy_fj_per_bit +
           params_.wire_energy_fj_per_bit_mm * topology_.link_length_mm(0)) *
          kPjPerFj),
      backfill_(params_.backfill),  // validate() rejects backfill with finite buffers
      reorder_window_ps_(std::llround(params_.reorder_window_ns * kPsPerNs)),
      links_(topology_.link_slots()),
      injects_(topology_.num_nodes()),
      ejects_(topology_.num_nodes()),
      inject_buffers_(params_.buffer_flits > 0 ? topology_.num_nodes() : 0),
      link_buffers_(params_.buffer_flits > 0 ? topology_.link_slots() : 0),
      link_stamp_(topology_.link_slots(), 0),
      link_entry_(topology_.link_slots(), -1),
      eject_stamp_(topology_.num_nodes(), 0) {
  if (recorder_) {
    link_component_.assign(topology_.link_slots(), 0);
    for (int l = 0; l < topology_.link_slots(); ++l) {
      if (topology_.link_exists(l)) {
        // The links leaving one router are drawn as one timeline process (group).
        const int from = topology_.link_from(l);
        const std::string group =
            from >= 0 ? name_ + ".r" + std::to_string(from) : name_ + "." + topology_.link_name(l);
        link_component_[l] =
            recorder_->add_component(name_ + "." + topology_.link_name(l), "link", group);
      }
    }
    ni_component_.resize(topology_.num_nodes());
    for (int n = 0; n < topology_.num_nodes(); ++n) {
      ni_component_[n] = recorder_->add_component(name_ + ".ni" + std::to_string(n), "ni");
    }
  }
}

int Network::flits_for_bits(std::uint64_t bits) const {
  const std::uint64_t fb = static_cast<std::uint64_t>(params_.flit_bits);
  const std::uint64_t f = static_cast<std::uint64_t>(params_.header_flits) + (bits + fb - 1) / fb;
  return static_cast<int>(std::max<std::uint64_t>(1, f));
}

std::int64_t Network::zero_load_latency_ps(int hops, int flits) const {
  const std::int64_t flit_ps = hops > 0 ? std::max(ni_flit_ps_, link_flit_ps_) : ni_flit_ps_;
  return (hops + 1) * router_ps_ + hops * link_ps_ + ni_ps_ + (flits - 1) * flit_ps;
}

double Network::flit_hop_energy_pj(int /*link*/) const {
  return bus_or_link_energy_pj_per_flit_;
}

double Network::static_power_mw() const {
  return params_.router_static_mw * topology_.num_nodes() +
         params_.link_static_mw * topology_.num_link_segments();
}

double Network::static_energy_pj(std::int64_t duration_ps) const {
  return static_power_mw() * static_cast<double>(duration_ps) * kPjPerMwPs;
}

void Network::reset() {
  for (auto& c : links_) c.clear();
  for (auto& c : injects_) c.clear();
  for (auto& c : ejects_) c.clear();
  for (auto& b : inject_buffers_) b.clear();
  for (auto& b : link_buffers_) b.clear();
  latest_inject_ps_ = 0;
  stats_ = Stats{};
}

void Network::send(const Packet& packet, PacketResult& out) {
  const int n = topology_.num_nodes();
  if (packet.src < 0 || packet.src >= n) {
    throw std::out_of_range("Network::send: source node " + std::to_string(packet.src) +
                            " is not in 0.." + std::to_string(n - 1));
  }
  if (packet.dsts.empty()) throw std::invalid_argument("Network::send: no destination");

  const int flits = flits_for_bits(packet.bits);
  // The train moves at the slowest link class on its path (links only if it leaves the source).
  const bool leaves_source =
      std::any_of(packet.dsts.begin(), packet.dsts.end(), [&](int d) { return d != packet.src; });
  const std::int64_t flit_ps = leaves_source ? std::max(ni_flit_ps_, link_flit_ps_) : ni_flit_ps_;
  const std::int64_t train_ps = flits * flit_ps;
  const int depth = params_.buffer_flits;
  const bool wormhole = depth > 0;
  ++serial_;
  tree_.clear();
  out.packet_id = packet.id;
  out.flits = flits;
  out.deliveries.clear();
  out.hops.clear();

  // Earliest start of a resource for a head ready at `ready`: free for the train, and with
  // finite buffers behind the previous packet of the buffer the head waits in (FIFO) and with a
  // credit for the head in the buffer this resource feeds (`fed`, null for an ejection channel).
  const auto start_at = [&](ResourceCalendar& cal, std::int64_t ready, const TreeEntry* up,
                            const InputBuffer* fed, std::int64_t latency_ps) {
    if (wormhole) {
      if (up) ready = std::max(ready, buffer_fed_by(*up).last_tail_out_ps());
      if (fed) {
        const std::int64_t credit = fed->departure_ps(depth);
        if (credit != InputBuffer::kNever) ready = std::max(ready, credit - latency_ps);
      }
    }
    return cal.earliest_start(ready, train_ps, backfill_);
  };
  constexpr std::int64_t kNone = InputBuffer::kNever;

  latest_inject_ps_ = std::max(latest_inject_ps_, packet.inject_ps);
  int tree_links = 0;
  if (params_.switching == Switching::kCircuit) {
    out.tree_links = 0;
    send_circuit(packet, flits, flit_ps, out);
    tree_links = out.tree_links;
  } else {
    // Root: the source's injection channel; the head is at the source router when it starts.
    const std::int64_t inject_start =
        start_at(injects_[packet.src], packet.inject_ps, nullptr,
                 wormhole ? &inject_buffers_[packet.src] : nullptr, 0);
    tree_.push_back(TreeEntry{Stage::kInject, packet.src, packet.src, packet.src, -1, inject_start,
                              0, inject_start + train_ps, kNone, kNone});

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

      int cur = packet.src;
      int parent = 0;
      int hop_count = 0;
      while (cur != dst) {
        const NocTopology::Hop hop = topology_.next_hop(cur, dst);
        int entry;
        if (link_stamp_[hop.link] == serial_) {
          entry = link_entry_[hop.link];  // shared prefix of a multicast tree: already booked
        } else {
          const TreeEntry& up = tree_[parent];
          // Head reaches router `cur` (after the upstream link, if any), then its pipeline.
          const std::int64_t offset = (up.stage == Stage::kLink ? link_ps_ : 0) + router_ps_;
          const std::int64_t start =
              start_at(links_[hop.link], up.start_ps + offset, &up,
                       wormhole ? &link_buffers_[hop.link] : nullptr, link_ps_);
          entry = static_cast<int>(tree_.size());
          tree_.push_back(TreeEntry{Stage::kLink, hop.link, cur, hop.next, parent, start, offset,
                                    start + train_ps, kNone, kNone});
          link_stamp_[hop.link] = serial_;
          link_entry_[hop.link] = entry;
          ++tree_links;
        }
        parent = entry;
        cur = hop.next;
        ++hop_count;
      }

      // Ejection channel at the destination: the head arrives after the last link (if any) and
      // the destination router's pipeline.
      const TreeEntry& up = tree_[parent];
      const std::int64_t offset = (up.stage == Stage::kLink ? link_ps_ : 0) + router_ps_;
      const std::int64_t head = start_at(ejects_[dst], up.start_ps + offset, &up, nullptr, 0);
      tree_.push_back(TreeEntry{Stage::kEject, dst, dst, dst, parent, head, offset, head + train_ps,
                                kNone, kNone});

      Delivery d;
      d.dst = dst;
      d.packet_id = packet.id;
      d.payload = packet.payload;
      d.hops = hop_count;
      d.head_ps = head + ni_ps_;
      d.delivered_ps = head + (flits - 1) * flit_ps + ni_ps_;
      d.latency_ps = d.delivered_ps - packet.inject_ps;
      d.zero_load_ps = zero_load_latency_ps(hop_count, flits);
      d.queueing_ps = d.latency_ps - d.zero_load_ps;
      out.deliveries.push_back(d);
      stats_.last_delivery_ps = std::max(stats_.last_delivery_ps, d.delivered_ps);
    }

    if (wormhole) settle_wormhole(flits, flit_ps);
  }

  // Commit the bookings.
  const std::int64_t horizon = latest_inject_ps_ - reorder_window_ps_;
  for (const TreeEntry& e : tree_) {
    ResourceCalendar& cal = e.stage == Stage::kInject ? injects_[e.resource]
                            : e.stage == Stage::kLink ? links_[e.resource]
                                                      : ejects_[e.resource];
    cal.forget_before(horizon);
    cal.book(e.start_ps, e.release_ps);
    if (record_hops_ && e.stage == Stage::kLink) {
      out.hops.push_back(HopRecord{e.resource, e.from, e.to, e.start_ps, e.release_ps});
    }
  }

  out.inject_start_ps = tree_[0].start_ps;
  out.inject_end_ps = tree_[0].release_ps;
  out.tree_links = tree_links;
  out.energy_pj = static_cast<double>(tree_links) * flits * bus_or_link_energy_pj_per_flit_;

  stats_.packets += 1;
  stats_.deliveries += packet.dsts.size();
  stats_.flit_hops += static_cast<std::uint64_t>(tree_links) * flits;
  stats_.dynamic_energy_pj += out.energy_pj;

  if (recorder_) record_events(packet, out, flits);
}

void Network::settle_wormhole(int flits, std::int64_t flit_ps) {
  const int depth = params_.buffer_flits;
  // Children come after their parents in tree_, so one reverse sweep settles every release:
  // the tail leaves a resource (and arrives in the buffer it feeds `latency` later) only once
  // the flit `depth` places ahead of it has left that buffer.
  for (std::size_t i = tree_.size(); i-- > 0;) {
    TreeEntry& e = tree_[i];
    if (e.stage != Stage::kEject) {
      InputBuffer& fed = buffer_fed_by(e);
      const int ahead = flits - 1 - depth;  // own flit index `depth` places ahead of the tail
      std::int64_t out_ps;
      if (ahead >= 0) {
        // Own flit `ahead`: the first `depth` flits follow the head at once (see InputBuffer).
        out_ps = e.child_start_ps + ahead * flit_ps;
        if (ahead >= depth) {
          out_ps = std::max(out_ps, e.child_release_ps - (flits - ahead) * flit_ps);
        }
      } else {
        out_ps = fed.departure_ps(-ahead);  // a flit of an earlier packet
      }
      if (out_ps != InputBuffer::kNever) {
        const std::int64_t latency = e.stage == Stage::kLink ? link_ps_ : 0;
        e.release_ps = std::max(e.release_ps, out_ps - latency + flit_ps);
      }
      fed.push(InputBuffer::Departure{e.child_start_ps, e.child_release_ps, flits, flit_ps}, depth);
    }
    if (i > 0) {
      TreeEntry& up = tree_[static_cast<std::size_t>(e.parent)];
      up.child_start_ps = up.child_start_ps == InputBuffer::kNever
                              ? e.start_ps
                              : std::min(up.child_start_ps, e.start_ps);
      up.child_release_ps = std::max(up.child_release_ps, e.release_ps);
    }
  }
}

void Network::record_events(const Packet& packet, const PacketResult& out, std::int64_t flits) {
  const std::uint64_t train_bytes = static_cast<std::uint64_t>(flits) *
                                    static_cast<std::uint64_t>(params_.flit_bits) / kBitsPerByte;
  const double hop_energy = static_cast<double>(flits) * bus_or_link_energy_pj_per_flit_;
  for (const TreeEntry& e : tree_) {
    if (e.stage != Stage::kLink) continue;
    traces::Event ev;
    ev.start_ps = e.start_ps;
    ev.duration_ps = e.release_ps - e.start_ps;
    ev.component = link_component_[e.resource];
    ev.kind = traces::EventKind::kPacketHop;
    ev.sample = packet.sample;
    ev.layer = packet.layer;
    ev.bytes = train_bytes;
    ev.energy[traces::EnergyCategory::kNetwork] = hop_energy;
    recorder_->record(ev);
  }
  for (const Delivery& d : out.deliveries) {
    traces::Event ev;
    ev.start_ps = packet.inject_ps;
    ev.duration_ps = d.latency_ps;
    ev.component = ni_component_[d.dst];
    ev.kind = traces::EventKind::kPacketDelivery;
    ev.sample = packet.sample;
    ev.layer = packet.layer;
    ev.bytes = (packet.bits + kBitsPerByte - 1) / kBitsPerByte;
    recorder_->record(ev);
  }
}

}  // namespace kirchhoff::noc
