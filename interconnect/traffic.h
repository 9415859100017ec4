// Synthetic traffic on the network: open-loop Bernoulli injection at each node, a destination
// pattern, and per offered rate the accepted throughput, latency distribution and energy.
//
// Injection: Bernoulli (each node offers a packet in a cycle with probability `rate`
// packets/node/cycle, drawn as geometric gaps between offers: one random number per packet, not
// per cycle) or Poisson (exponential gaps of mean 1/rate cycles, offers at any picosecond). All
// offers are merged in time order and sent to a fresh Network (see network.h for the timing and
// contention model); a packet offered while its source is still injecting waits in an
// unbounded source queue, and that wait counts in its latency.
// Measurement: packets offered during cycles [warmup_cycles, cycles) are measured (latency from
// creation = offer to tail arrival, and to head arrival; energy; "injected"); throughput is
// accepted = flits of packets whose tail arrived within [warmup_cycles, cycles) per node per
// cycle (as BookSim counts it); accepted exceeds offered by at most the packets that were in
// flight when the warm-up ended (packets_in_flight_at_warmup_end). Every offered
// packet is simulated to delivery. Saturation throughput: the highest offered load whose accepted
// throughput is >= 0.95 x offered (saturation_point()). Randomness: kirchhoff::RandomStream keyed
// by (seed, "<component_name>.node<i>"), drawn by (event = packet index at that node, element =
// what is drawn), so results do not depend on the order in which nodes are processed.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interconnect/noc_params.h"

namespace kirchhoff::noc {

// Destination patterns (Dally & Towles, ch. 3). Bit patterns act on the node id's b = log2(N)
// bits and need N = cols x rows a power of two; a node whose destination is itself offers
// nothing under a permutation.
enum class TrafficPattern : std::uint8_t {
  kUniform,        // uniform over the other nodes (over all nodes with allow_self)
  kTranspose,      // (x, y) -> (y, x) (coordinates taken modulo cols / rows on a non-square grid)
  kBitComplement,  // d_i = not s_i
  kBitReverse,     // d_i = s_(b-1-i)
  kShuffle,        // d_i = s_((i-1) mod b): rotate the id left by one bit
  kTornado,        // each coordinate + (ceil(k/2) - 1) mod k (k = cols for x, rows for y)
  kNeighbor,       // (x, y) -> ((x + 1) mod cols, y)
  kHotspot,        // with probability hotspot_fraction to one of hotspot_nodes (each equally
                   // likely), otherwise uniform; a hotspot drawn by itself sends uniform instead
};

enum class Injection : std::uint8_t {
  kBernoulli,  // per cycle with probability rate: geometric gaps, whole cycles
  kPoisson,    // exponential gaps of mean 1/rate cycles, rounded to picoseconds
};

std::string_view to_string(TrafficPattern p);
std::optional<TrafficPattern> parse_traffic_pattern(std::string_view s);
std::string_view to_string(Injection i);
std::optional<Injection> parse_injection(std::string_view s);  // "bernoulli" | "poisson"
// Destination of `node` under a permutation pattern (transpose, bit-complement, bit-reverse,
// shuffle, tornado, neighbor); -1 when it would be the node itself (the node offers nothing).
// Throws std::invalid_argument for uniform and hotspot, and for a bit pattern on a node count
// that is not a power of two.
int permutation_destination(TrafficPattern pattern, const NocParams& params, int node);
// Every pattern name parse_traffic_pattern accepts, comma-separated (for messages).
std::string traffic_pattern_names();

struct TrafficOptions {
  TrafficPattern pattern = TrafficPattern::kUniform;
  Injection injection = Injection::kBernoulli;
  bool allow_self = false;  // uniform (and hotspot's uniform part) may pick the source itself
  // Offered loads in packets per node per cycle, each in (0, 1]; one result point each.
  std::vector<double> rates_packets_per_node_cycle = {0.01};
  int packet_flits = 8;               // flits per packet including NocParams::header_flits
  std::int64_t cycles = 20000;        // offers are made in cycles [0, cycles)
  std::int64_t warmup_cycles = 2000;  // offers before this are not measured
  std::uint64_t seed = 1;
  std::vector<int> hotspot_nodes;              // empty: the node nearest the grid centre
  double hotspot_fraction = 0.2;               // share of packets sent to the hotspots, [0, 1]
  std::string component_name = "noc.traffic";  // key of the random streams
};

struct TrafficPoint {
  double rate_packets_per_node_cycle = 0.0;    // nominal offered load
  double offered_flits_per_node_cycle = 0.0;   // measured: flits offered in the window
  double accepted_flits_per_node_cycle = 0.0;  // measured: flits delivered in the window
  double mean_latency_cycles = 0.0;            // offer to tail arrival, incl. source queueing
  double mean_head_latency_cycles = 0.0;       // offer to head arrival
  double p99_latency_cycles = 0.0;
  double mean_latency_ns = 0.0;
  double p99_latency_ns = 0.0;
  double mean_queueing_cycles = 0.0;  // latency minus the zero-load latency
  double mean_hops = 0.0;
  std::uint64_t packets_injected = 0;                 // offered in the window
  std::uint64_t packets_delivered = 0;                // tail arrived in the window
  std::uint64_t packets_in_flight_at_warmup_end = 0;  // of those, offered in the warm-up
  std::uint64_t packets_simulated = 0;  // all packets sent (warm-up and drain included)
  double dynamic_energy_pj = 0.0;       // of the packets offered in the window
  double static_energy_pj = 0.0;        // routers and links over the window
  double energy_pj = 0.0;               // dynamic + static
  double wall_seconds = 0.0;            // host time for this point (not in the CSV)
};

struct TrafficResult {
  NocParams params;
  TrafficOptions options;
  std::vector<TrafficPoint> points;  // one per rate, in the order given
};

// Fraction of accepted over offered throughput at or above which a point is not saturated.
inline constexpr double kSaturationAcceptedFraction = 0.95;
// A point keeps up when accepted >= kSaturationAcceptedFraction x offered.
bool keeps_up(const TrafficPoint& p);
// Index of the point with the highest offered load that keeps up; -1 if none does. Points with
// a higher offered load are past saturation.
int saturation_point(const TrafficResult& result);
bool past_saturation(const TrafficResult& result, const TrafficPoint& p);

// Messages for out-of-range options (empty when valid).
std::vector<std::string> validate(const TrafficOptions& options, const NocParams& params);

// Throws std::invalid_argument with every message of both validate() calls when invalid.
TrafficResult run_traffic(const NocParams& params, const TrafficOptions& options);

// CSV with a header row; one row per rate. Deterministic for a given seed (no wall time).
void write_traffic_csv(std::ostream& os, const TrafficResult& result);

}  // namespace kirchhoff::noc
