#include "interconnect/traffic.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <ostream>
#include <queue>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "interconnect/network.h"
#include "interconnect/noc_units.h"
#include "models/random_stream.h"

namespace kirchhoff::noc {
namespace {

constexpr double kPercentile = 0.99;  // reported tail latency

// Elements drawn per offer (the event is the offer's index at its node).
enum Draw : std::uint64_t { kGap = 0, kDestination = 1, kHotspotCoin = 2 };

class Generator {
 public:
  Generator(const NocParams& p, const TrafficOptions& o, double rate)
      : opt_(o),
        cols_(p.cols),
        rows_(p.rows),
        n_(p.num_nodes()),
        rate_(rate),
        log_miss_(rate < 1.0 ? std::log1p(-rate) : 0.0) {
    hotspot_ = o.hotspot_node >= 0 ? o.hotspot_node : (rows_ / 2) * cols_ + cols_ / 2;
    streams_.reserve(n_);
    for (int i = 0; i < n_; ++i) {
      streams_.emplace_back(o.seed, o.component_name + ".node" + std::to_string(i));
    }
  }

  // Cycles from the previous offer to offer k of `node` (>= 1): geometric, Bernoulli(rate).
  std::int64_t gap(int node, std::uint64_t k) const {
    if (rate_ >= 1.0) return 1;
    const double u = streams_[node].uniform(k, kGap);
    return 1 + static_cast<std::int64_t>(std::floor(std::log(u) / log_miss_));
  }

  // Destination of offer k of `node`; -1 if the node offers nothing under this pattern.
  int destination(int node, std::uint64_t k) const {
    const int x = node % cols_;
    const int y = node / cols_;
    switch (opt_.pattern) {
      case TrafficPattern::kUniform:
        return uniform_node(node, k);
      case TrafficPattern::kTranspose: {
        const int d = (x % rows_) * cols_ + (y % cols_);
        return d == node ? -1 : d;
      }
      case TrafficPattern::kHotspot:
        return streams_[node].uniform(k, kHotspotCoin) < opt_.hotspot_fraction
                   ? hotspot_
                   : uniform_node(node, k);
      case TrafficPattern::kNeighbor: {
        const int d = y * cols_ + (x + 1) % cols_;
        return d == node ? -1 : d;
      }
    }
    return -1;
  }

 private:
  int uniform_node(int node, std::uint64_t k) const {
    const int d = static_cast<int>(streams_[node].uniform(k, kDestination) * n_);
    return std::min(d, n_ - 1);
  }

  const TrafficOptions& opt_;
  int cols_;
  int rows_;
  int n_;
  double rate_;
  double log_miss_;
  int hotspot_ = 0;
  std::vector<RandomStream> streams_;
};

TrafficPoint run_point(const NocParams& params, const TrafficOptions& opt, double rate) {
  const auto wall_start = std::chrono::steady_clock::now();
  Network net(params);
  const Generator gen(params, opt, rate);
  const int n = params.num_nodes();
  const std::int64_t cyc = net.cycle_ps();
  const std::int64_t window_begin_ps = opt.warmup_cycles * cyc;
  const std::int64_t window_end_ps = opt.cycles * cyc;
  const int flits = opt.packet_flits;

  Packet pkt;
  pkt.bits = static_cast<std::uint64_t>(std::max(0, flits - params.header_flits)) *
             static_cast<std::uint64_t>(params.flit_bits);
  pkt.dsts.assign(1, 0);
  PacketResult res;

  // Next offer of each node, earliest first (ties by node id: deterministic).
  using Offer = std::pair<std::int64_t, int>;
  std::priority_queue<Offer, std::vector<Offer>, std::greater<Offer>> offers;
  std::vector<std::uint64_t> offer_index(n, 0);
  for (int node = 0; node < n; ++node) {
    if (gen.destination(node, 0) < 0) continue;  // pattern gives this node nothing to send
    offers.emplace(gen.gap(node, 0) - 1, node);
  }

  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(rate * n * (opt.cycles - opt.warmup_cycles) * 1.1) +
                    16);
  TrafficPoint pt;
  pt.rate_packets_per_node_cycle = rate;
  double queueing_sum = 0.0;
  double hops_sum = 0.0;
  std::uint64_t next_id = 0;

  while (!offers.empty() && offers.top().first < opt.cycles) {
    const auto [t, node] = offers.top();
    offers.pop();
    const std::uint64_t k = offer_index[node]++;
    pkt.id = next_id++;
    pkt.src = node;
    pkt.dsts[0] = gen.destination(node, k);
    pkt.inject_ps = t * cyc;
    pkt.payload = pkt.id;
    net.send(pkt, res);
    const Delivery& d = res.deliveries[0];

    if (t >= opt.warmup_cycles) {
      ++pt.packets_injected;
      latencies.push_back(static_cast<double>(d.latency_ps) / static_cast<double>(cyc));
      queueing_sum += static_cast<double>(d.queueing_ps) / static_cast<double>(cyc);
      hops_sum += d.hops;
      pt.dynamic_energy_pj += res.energy_pj;
    }
    if (d.delivered_ps >= window_begin_ps && d.delivered_ps < window_end_ps) {
      ++pt.packets_delivered;
    }
    offers.emplace(t + gen.gap(node, k + 1), node);
  }
  pt.packets_simulated = next_id;

  const double node_cycles =
      static_cast<double>(n) * static_cast<double>(opt.cycles - opt.warmup_cycles);
  pt.offered_flits_per_node_cycle = static_cast<double>(pt.packets_injected) * flits / node_cycles;
  pt.accepted_flits_per_node_cycle =
      static_cast<double>(pt.packets_delivered) * flits / node_cycles;
  if (!latencies.empty()) {
    const double count = static_cast<double>(latencies.size());
    double sum = 0.0;
    for (double l : latencies) sum += l;
    pt.mean_latency_cycles = sum / count;
    pt.mean_queueing_cycles = queueing_sum / count;
    pt.mean_hops = hops_sum / count;
    // Nearest-rank percentile.
    const auto rank = static_cast<std::size_t>(std::ceil(kPercentile * count)) - 1;
    std::nth_element(latencies.begin(), latencies.begin() + rank, latencies.end());
    pt.p99_latency_cycles = latencies[rank];
  }
  const double ns_per_cycle = static_cast<double>(cyc) / units::kPsPerNs;
  pt.mean_latency_ns = pt.mean_latency_cycles * ns_per_cycle;
  pt.p99_latency_ns = pt.p99_latency_cycles * ns_per_cycle;
  pt.static_energy_pj = net.static_energy_pj(window_end_ps - window_begin_ps);
  pt.energy_pj = pt.dynamic_energy_pj + pt.static_energy_pj;
  pt.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return pt;
}

}  // namespace

std::string_view to_string(TrafficPattern p) {
  switch (p) {
    case TrafficPattern::kUniform:
      return "uniform";
    case TrafficPattern::kTranspose:
      return "transpose";
    case TrafficPattern::kHotspot:
      return "hotspot";
    case TrafficPattern::kNeighbor:
      return "neighbor";
  }
  return "?";
}

std::optional<TrafficPattern> parse_traffic_pattern(std::string_view s) {
  if (s == "uniform") return TrafficPattern::kUniform;
  if (s == "transpose") return TrafficPattern::kTranspose;
  if (s == "hotspot") return TrafficPattern::kHotspot;
  if (s == "neighbor") return TrafficPattern::kNeighbor;
  return std::nullopt;
}

std::vector<std::string> validate(const TrafficOptions& o, const NocParams& p) {
  std::vector<std::string> out;
  if (o.rates_packets_per_node_cycle.empty()) out.push_back("traffic: no offered rate given");
  for (double r : o.rates_packets_per_node_cycle) {
    if (!(r > 0.0 && r <= 1.0)) {
      std::ostringstream os;
      os << "traffic: rate " << r << " packets/node/cycle is out of range; allowed (0, 1]";
      out.push_back(os.str());
    }
  }
  if (o.packet_flits < std::max(1, p.header_flits)) {
    out.push_back("traffic: packet_flits = " + std::to_string(o.packet_flits) +
                  " is out of range; allowed >= max(1, noc.header_flits = " +
                  std::to_string(p.header_flits) + ")");
  }
  if (o.warmup_cycles < 0 || o.cycles <= o.warmup_cycles) {
    out.push_back("traffic: need 0 <= warmup_cycles (" + std::to_string(o.warmup_cycles) +
                  ") < cycles (" + std::to_string(o.cycles) + ")");
  }
  if (o.hotspot_node >= p.num_nodes()) {
    out.push_back("traffic: hotspot_node = " + std::to_string(o.hotspot_node) +
                  " is out of range; allowed -1 (centre) or 0.." +
                  std::to_string(p.num_nodes() - 1));
  }
  if (!(o.hotspot_fraction >= 0.0 && o.hotspot_fraction <= 1.0)) {
    std::ostringstream os;
    os << "traffic: hotspot_fraction = " << o.hotspot_fraction
       << " is out of range; allowed [0, 1]";
    out.push_back(os.str());
  }
  return out;
}

TrafficResult run_traffic(const NocParams& params, const TrafficOptions& options) {
  auto errors = validate(params);
  for (auto& e : validate(options, params)) errors.push_back(std::move(e));
  if (!errors.empty()) {
    std::string msg = "invalid traffic run:";
    for (const auto& e : errors) msg += "\n  " + e;
    throw std::invalid_argument(msg);
  }
  TrafficResult result;
  result.params = params;
  result.options = options;
  for (double rate : options.rates_packets_per_node_cycle) {
    result.points.push_back(run_point(params, options, rate));
  }
  return result;
}

void write_traffic_csv(std::ostream& os, const TrafficResult& r) {
  os << "pattern,topology,routing,cols,rows,packet_flits,rate_packets_per_node_cycle,"
        "offered_flits_per_node_cycle,accepted_flits_per_node_cycle,mean_latency_cycles,"
        "p99_latency_cycles,mean_latency_ns,p99_latency_ns,mean_queueing_cycles,mean_hops,"
        "packets_injected,packets_delivered,dynamic_energy_pj,static_energy_pj,energy_pj\n";
  for (const TrafficPoint& p : r.points) {
    os << to_string(r.options.pattern) << ',' << to_string(r.params.topology) << ','
       << to_string(r.params.routing) << ',' << r.params.cols << ',' << r.params.rows << ','
       << r.options.packet_flits << ',' << p.rate_packets_per_node_cycle << ','
       << p.offered_flits_per_node_cycle << ',' << p.accepted_flits_per_node_cycle << ','
       << p.mean_latency_cycles << ',' << p.p99_latency_cycles << ',' << p.mean_latency_ns << ','
       << p.p99_latency_ns << ',' << p.mean_queueing_cycles << ',' << p.mean_hops << ','
       << p.packets_injected << ',' << p.packets_delivered << ',' << p.dynamic_energy_pj << ','
       << p.static_energy_pj << ',' << p.energy_pj << '\n';
  }
}

}  // namespace kirchhoff::noc
