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
enum Draw : std::uint64_t { kGap = 0, kDestination = 1, kHotspotCoin = 2, kHotspotPick = 3 };

bool is_power_of_two(int n) {
  return n > 0 && (n & (n - 1)) == 0;
}

int log2_of(int n) {
  int b = 0;
  while ((1 << b) < n) ++b;
  return b;
}

class Generator {
 public:
  Generator(const NocParams& p, const TrafficOptions& o, double rate, std::int64_t cycle_ps)
      : opt_(o),
        cols_(p.cols),
        rows_(p.rows),
        n_(p.num_nodes()),
        rate_(rate),
        cycle_ps_(cycle_ps),
        log_miss_(rate < 1.0 ? std::log1p(-rate) : 0.0) {
    if (o.hotspot_nodes.empty()) {
      hotspots_.push_back((rows_ / 2) * cols_ + cols_ / 2);
    } else {
      hotspots_ = o.hotspot_nodes;
    }
    if (o.pattern != TrafficPattern::kUniform && o.pattern != TrafficPattern::kHotspot) {
      for (int i = 0; i < n_; ++i) permutation_.push_back(permutation_destination(o.pattern, p, i));
    }
    streams_.reserve(n_);
    for (int i = 0; i < n_; ++i) {
      streams_.emplace_back(o.seed, o.component_name + ".node" + std::to_string(i));
    }
  }

  // Time from the previous offer to offer k of `node`, in ps (> 0): Bernoulli(rate) per cycle
  // (geometric, whole cycles) or Poisson (exponential, mean 1/rate cycles).
  std::int64_t gap_ps(int node, std::uint64_t k) const {
    const double u = streams_[node].uniform(k, kGap);
    if (opt_.injection == Injection::kPoisson) {
      const double cycles = -std::log(u) / rate_;
      return std::max<std::int64_t>(1, std::llround(cycles * static_cast<double>(cycle_ps_)));
    }
    if (rate_ >= 1.0) return cycle_ps_;
    return cycle_ps_ * (1 + static_cast<std::int64_t>(std::floor(std::log(u) / log_miss_)));
  }

  // Destination of offer k of `node`; -1 if the node offers nothing under this pattern.
  int destination(int node, std::uint64_t k) const {
    switch (opt_.pattern) {
      case TrafficPattern::kUniform:
        return uniform_node(node, k);
      case TrafficPattern::kHotspot: {
        const RandomStream& rs = streams_[node];
        if (rs.uniform(k, kHotspotCoin) < opt_.hotspot_fraction) {
          const auto h = std::min(hotspots_.size() - 1,
                                  static_cast<std::size_t>(rs.uniform(k, kHotspotPick) *
                                                           static_cast<double>(hotspots_.size())));
          if (hotspots_[h] != node || opt_.allow_self) return hotspots_[h];
        }
        return uniform_node(node, k);
      }
      default:
        return permutation_[static_cast<std::size_t>(node)];
    }
  }

 private:
  // Uniform over all nodes (allow_self) or over the other nodes; -1 on a one-node network.
  int uniform_node(int node, std::uint64_t k) const {
    const int choices = opt_.allow_self ? n_ : n_ - 1;
    if (choices == 0) return -1;
    int d =
        std::min(static_cast<int>(streams_[node].uniform(k, kDestination) * choices), choices - 1);
    if (!opt_.allow_self && d >= node) ++d;
    return d;
  }

  const TrafficOptions& opt_;
  int cols_;
  int rows_;
  int n_;
  double rate_;
  std::int64_t cycle_ps_;
  double log_miss_;
  std::vector<int> hotspots_;
  std::vector<int> permutation_;
  std::vector<RandomStream> streams_;
};

TrafficPoint run_point(const NocParams& params, const TrafficOptions& opt, double rate) {
  const auto wall_start = std::chrono::steady_clock::now();
  Network net(params);
  const Generator gen(params, opt, rate, net.cycle_ps());
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
    offers.emplace(gen.gap_ps(node, 0) - (opt.injection == Injection::kBernoulli ? cyc : 0), node);
  }

  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(rate * n * (opt.cycles - opt.warmup_cycles) * 1.1) +
                    16);
  TrafficPoint pt;
  pt.rate_packets_per_node_cycle = rate;
  double queueing_sum = 0.0;
  double head_sum = 0.0;
  double hops_sum = 0.0;
  std::uint64_t next_id = 0;

  while (!offers.empty() && offers.top().first < window_end_ps) {
    const auto [t, node] = offers.top();
    offers.pop();
    const std::uint64_t k = offer_index[node]++;
    pkt.id = next_id++;
    pkt.src = node;
    pkt.dsts[0] = gen.destination(node, k);
    pkt.inject_ps = t;
    pkt.payload = pkt.id;
    net.send(pkt, res);
    const Delivery& d = res.deliveries[0];

    if (t >= window_begin_ps) {
      ++pt.packets_injected;
      latencies.push_back(static_cast<double>(d.latency_ps) / static_cast<double>(cyc));
      head_sum += static_cast<double>(d.head_ps - t) / static_cast<double>(cyc);
      queueing_sum += static_cast<double>(d.queueing_ps) / static_cast<double>(cyc);
      hops_sum += d.hops;
      pt.dynamic_energy_pj += res.energy_pj;
    }
    if (d.delivered_ps >= window_begin_ps && d.delivered_ps < window_end_ps) {
      if (t < window_begin_ps) ++pt.packets_in_flight_at_warmup_end;
      ++pt.packets_delivered;
    }
    offers.emplace(t + gen.gap_ps(node, k + 1), node);
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
    pt.mean_head_latency_cycles = head_sum / count;
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

namespace {

struct PatternName {
  TrafficPattern pattern;
  std::string_view name;
};
constexpr PatternName kPatternNames[] = {
    {TrafficPattern::kUniform, "uniform"},
    {TrafficPattern::kTranspose, "transpose"},
    {TrafficPattern::kBitComplement, "bit-complement"},
    {TrafficPattern::kBitReverse, "bit-reverse"},
    {TrafficPattern::kShuffle, "shuffle"},
    {TrafficPattern::kTornado, "tornado"},
    {TrafficPattern::kNeighbor, "neighbor"},
    {TrafficPattern::kHotspot, "hotspot"},
};

bool is_bit_pattern(TrafficPattern p) {
  return p == TrafficPattern::kBitComplement || p == TrafficPattern::kBitReverse ||
         p == TrafficPattern::kShuffle;
}

}  // namespace

std::string_view to_string(TrafficPattern p) {
  for (const auto& pn : kPatternNames) {
    if (pn.pattern == p) return pn.name;
  }
  return "?";
}

std::optional<TrafficPattern> parse_traffic_pattern(std::string_view s) {
  if (s == "neighbour") return TrafficPattern::kNeighbor;
  for (const auto& pn : kPatternNames) {
    if (pn.name == s) return pn.pattern;
  }
  return std::nullopt;
}

int permutation_destination(TrafficPattern pattern, const NocParams& p, int node) {
  const int cols = p.cols;
  const int rows = p.rows;
  const int n = p.num_nodes();
  const int x = node % cols;
  const int y = node / cols;
  if (is_bit_pattern(pattern) && !is_power_of_two(n)) {
    throw std::invalid_argument("traffic: the " + std::string(to_string(pattern)) +
                                " pattern needs a power-of-two node count, not " +
                                std::to_string(n));
  }
  const int bits = log2_of(n);
  int d = -1;
  switch (pattern) {
    case TrafficPattern::kTranspose:
      d = (x % rows) * cols + (y % cols);
      break;
    case TrafficPattern::kBitComplement:
      d = ~node & (n - 1);
      break;
    case TrafficPattern::kBitReverse:
      d = 0;
      for (int i = 0; i < bits; ++i) d |= ((node >> i) & 1) << (bits - 1 - i);
      break;
    case TrafficPattern::kShuffle:
      d = bits == 0 ? node : ((node << 1) | (node >> (bits - 1))) & (n - 1);
      break;
    case TrafficPattern::kTornado:
      d = ((y + (rows + 1) / 2 - 1) % rows) * cols + (x + (cols + 1) / 2 - 1) % cols;
      break;
    case TrafficPattern::kNeighbor:
      d = y * cols + (x + 1) % cols;
      break;
    case TrafficPattern::kUniform:
    case TrafficPattern::kHotspot:
      throw std::invalid_argument("traffic: " + std::string(to_string(pattern)) +
                                  " is not a permutation pattern");
  }
  return d == node ? -1 : d;
}

std::string traffic_pattern_names() {
  std::string out;
  for (const auto& pn : kPatternNames) {
    if (!out.empty()) out += ", ";
    out += pn.name;
  }
  return out;
}

std::string_view to_string(Injection i) {
  return i == Injection::kPoisson ? "poisson" : "bernoulli";
}

std::optional<Injection> parse_injection(std::string_view s) {
  if (s == "bernoulli") return Injection::kBernoulli;
  if (s == "poisson") return Injection::kPoisson;
  return std::nullopt;
}

bool keeps_up(const TrafficPoint& p) {
  return p.accepted_flits_per_node_cycle >=
         kSaturationAcceptedFraction * p.offered_flits_per_node_cycle;
}

int saturation_point(const TrafficResult& r) {
  int best = -1;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const TrafficPoint& p = r.points[i];
    if (keeps_up(p) &&
        (best < 0 || p.offered_flits_per_node_cycle >
                         r.points[static_cast<std::size_t>(best)].offered_flits_per_node_cycle)) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

bool past_saturation(const TrafficResult& r, const TrafficPoint& p) {
  const int s = saturation_point(r);
  if (s < 0) return true;
  return p.offered_flits_per_node_cycle >
         r.points[static_cast<std::size_t>(s)].offered_flits_per_node_cycle;
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
  for (const int h : o.hotspot_nodes) {
    if (h < 0 || h >= p.num_nodes()) {
      out.push_back("traffic: hotspot node " + std::to_string(h) + " is out of range; allowed 0.." +
                    std::to_string(p.num_nodes() - 1));
    }
  }
  if (!o.hotspot_nodes.empty() && o.pattern != TrafficPattern::kHotspot) {
    out.push_back("traffic: hotspot nodes are given but the pattern is " +
                  std::string(to_string(o.pattern)) + "; they apply to the hotspot pattern only");
  }
  if (is_bit_pattern(o.pattern) && !is_power_of_two(p.num_nodes())) {
    out.push_back("traffic: the " + std::string(to_string(o.pattern)) + " pattern needs a power-" +
                  "of-two node count; noc.cols x noc.rows = " + std::to_string(p.num_nodes()));
  }
  if (o.pattern == TrafficPattern::kUniform && !o.allow_self && p.num_nodes() < 2) {
    out.push_back("traffic: uniform traffic without self needs at least 2 nodes");
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
  // Columns documented in docs/network.md.
  os << "pattern,topology,routing,cols,rows,packet_flits,rate_packets_per_node_cycle,"
        "offered_flits_per_node_cycle,accepted_flits_per_node_cycle,mean_latency_cycles,"
        "p99_latency_cycles,mean_latency_ns,p99_latency_ns,mean_queueing_cycles,mean_hops,"
        "packets_injected,packets_delivered,dynamic_energy_pj,static_energy_pj,energy_pj,"
        "mean_head_latency_cycles,buffer_flits,injection,past_saturation\n";
  for (const TrafficPoint& p : r.points) {
    os << to_string(r.options.pattern) << ',' << to_string(r.params.topology) << ','
       << to_string(r.params.routing) << ',' << r.params.cols << ',' << r.params.rows << ','
       << r.options.packet_flits << ',' << p.rate_packets_per_node_cycle << ','
       << p.offered_flits_per_node_cycle << ',' << p.accepted_flits_per_node_cycle << ','
       << p.mean_latency_cycles << ',' << p.p99_latency_cycles << ',' << p.mean_latency_ns << ','
       << p.p99_latency_ns << ',' << p.mean_queueing_cycles << ',' << p.mean_hops << ','
       << p.packets_injected << ',' << p.packets_delivered << ',' << p.dynamic_energy_pj << ','
       << p.static_energy_pj << ',' << p.energy_pj << ',' << p.mean_head_latency_cycles << ','
       << r.params.buffer_flits << ',' << to_string(r.options.injection) << ','
       << (past_saturation(r, p) ? 1 : 0) << '\n';
  }
}

}  // namespace kirchhoff::noc
