// Destination patterns (exact permutations), hotspots, Poisson injection, saturation point and
// finite-buffer throughput against the bisection bound.
#include <gtest/gtest.h>

#include <sstream>

#include "interconnect/traffic.h"

namespace kirchhoff::noc {
namespace {

NocParams mesh(int k) {
  NocParams p;
  p.cols = k;
  p.rows = k;
  return p;
}

TrafficOptions options(TrafficPattern pattern, std::vector<double> rates) {
  TrafficOptions o;
  o.pattern = pattern;
  o.rates_packets_per_node_cycle = std::move(rates);
  o.packet_flits = 8;
  o.cycles = 20000;
  o.warmup_cycles = 2000;
  o.seed = 3;
  return o;
}

TEST(TrafficPermutations, DestinationsFollowTheBitAndCoordinateDefinitions) {
  const NocParams p = mesh(4);  // 16 nodes, 4 id bits, node = y * 4 + x
  using P = TrafficPattern;
  EXPECT_EQ(permutation_destination(P::kBitComplement, p, 0), 15);
  EXPECT_EQ(permutation_destination(P::kBitComplement, p, 5), 10);  // 0101 -> 1010
  EXPECT_EQ(permutation_destination(P::kBitReverse, p, 1), 8);      // 0001 -> 1000
  EXPECT_EQ(permutation_destination(P::kBitReverse, p, 3), 12);     // 0011 -> 1100
  EXPECT_EQ(permutation_destination(P::kBitReverse, p, 6), -1);     // 0110 is a palindrome
  EXPECT_EQ(permutation_destination(P::kShuffle, p, 1), 2);         // rotate left by one bit
  EXPECT_EQ(permutation_destination(P::kShuffle, p, 8), 1);
  EXPECT_EQ(permutation_destination(P::kShuffle, p, 9), 3);
  EXPECT_EQ(permutation_destination(P::kShuffle, p, 15), -1);
  EXPECT_EQ(permutation_destination(P::kTranspose, p, 1), 4);   // (1, 0) -> (0, 1)
  EXPECT_EQ(permutation_destination(P::kTranspose, p, 5), -1);  // diagonal
  // Tornado on k = 4: + (ceil(4/2) - 1) = +1 in each coordinate; on k = 8: +3.
  EXPECT_EQ(permutation_destination(P::kTornado, p, 0), 5);
  EXPECT_EQ(permutation_destination(P::kTornado, p, 3), 4);  // (3, 0) -> (0, 1)
  EXPECT_EQ(permutation_destination(P::kTornado, mesh(8), 0), 3 * 8 + 3);
  EXPECT_EQ(permutation_destination(P::kNeighbor, p, 3), 0);  // (3, 0) -> (0, 0)
  EXPECT_THROW(permutation_destination(P::kUniform, p, 0), std::invalid_argument);
  NocParams odd = mesh(3);
  EXPECT_THROW(permutation_destination(P::kShuffle, odd, 0), std::invalid_argument);
  // Every permutation is one: no two nodes share a destination.
  for (P pat :
       {P::kBitComplement, P::kBitReverse, P::kShuffle, P::kTranspose, P::kTornado, P::kNeighbor}) {
    std::vector<int> hits(16, 0);
    for (int n = 0; n < 16; ++n) {
      const int d = permutation_destination(pat, p, n);
      if (d >= 0) ++hits[static_cast<std::size_t>(d)];
    }
    for (int h : hits) EXPECT_LE(h, 1) << to_string(pat);
  }
}

TEST(TrafficPermutations, BitComplementCrossesTheBisectionTwiceAsHardAsUniform) {
  // Bit-complement on a k x k mesh sends every packet across both bisections (mean hops k), so
  // it saturates at half the uniform bound: 2/k = 0.5 flits/node/cycle on 4 x 4 (Dally &
  // Towles). Mean hops 4 on 4 x 4.
  const TrafficResult r =
      run_traffic(mesh(4), options(TrafficPattern::kBitComplement, {0.02, 0.09}));
  EXPECT_NEAR(r.points[0].mean_hops, 4.0, 0.1);  // 2, 4 or 6 hops, 4 on average
  EXPECT_NEAR(r.points[0].accepted_flits_per_node_cycle, r.points[0].offered_flits_per_node_cycle,
              0.03 * r.points[0].offered_flits_per_node_cycle);
  EXPECT_LE(r.points[1].accepted_flits_per_node_cycle, 0.5 * 1.02);
  EXPECT_GT(r.points[1].accepted_flits_per_node_cycle, 0.5 * 0.85);
}

TEST(TrafficHotspot, GivenNodesReceiveTheirShare) {
  TrafficOptions o = options(TrafficPattern::kHotspot, {0.005});
  o.hotspot_nodes = {0};
  o.hotspot_fraction = 1.0;
  // Everyone sends to node 0 except node 0, which sends uniform: mean hops = mean distance to
  // the corner of a 4 x 4 mesh over the other 15 sources (48 / 15 = 3.2), almost exactly.
  const TrafficPoint corner = run_traffic(mesh(4), o).points[0];
  EXPECT_NEAR(corner.mean_hops, 3.2, 0.1);
  o.hotspot_nodes = {5, 10};
  const TrafficPoint two = run_traffic(mesh(4), o).points[0];
  // Hotspots (1, 1) and (2, 2), each drawn half the time; a hotspot that draws itself sends
  // uniform instead: mean hops 32 / 15 = 2.133 (the sum over sources, worked out by hand).
  EXPECT_NEAR(two.mean_hops, 32.0 / 15.0, 0.05);
  o.hotspot_nodes = {16};
  EXPECT_EQ(validate(o, mesh(4)).size(), 1u);
  o.hotspot_nodes = {3};
  o.pattern = TrafficPattern::kUniform;
  ASSERT_EQ(validate(o, mesh(4)).size(), 1u);
  EXPECT_NE(validate(o, mesh(4))[0].find("hotspot pattern only"), std::string::npos);
}

TEST(TrafficInjection, PoissonOffersTheNominalRateAtAnyPicosecond) {
  TrafficOptions o = options(TrafficPattern::kUniform, {0.02});
  o.injection = Injection::kPoisson;
  const TrafficResult r = run_traffic(mesh(4), o);
  EXPECT_NEAR(r.points[0].offered_flits_per_node_cycle, 0.02 * 8, 0.02 * 8 * 0.05);
  std::ostringstream poisson, bernoulli;
  write_traffic_csv(poisson, r);
  o.injection = Injection::kBernoulli;
  write_traffic_csv(bernoulli, run_traffic(mesh(4), o));
  EXPECT_NE(poisson.str(), bernoulli.str());
  EXPECT_NE(poisson.str().find(",poisson,"), std::string::npos);
  EXPECT_EQ(parse_injection("poisson"), Injection::kPoisson);
  EXPECT_EQ(parse_injection("uniform"), std::nullopt);
}

TEST(TrafficSaturation, HighestOfferedLoadThatKeepsUpAndRowsPastIt) {
  const TrafficResult r =
      run_traffic(mesh(4), options(TrafficPattern::kUniform, {0.02, 0.08, 0.2, 0.11}));
  // 4 x 4 bound: 1 flit/node/cycle = 0.125 packets of 8 flits. 0.2 is far past it.
  const int s = saturation_point(r);
  ASSERT_GE(s, 0);
  const TrafficPoint& sp = r.points[static_cast<std::size_t>(s)];
  EXPECT_TRUE(keeps_up(sp));
  EXPECT_FALSE(keeps_up(r.points[2]));
  EXPECT_TRUE(past_saturation(r, r.points[2]));
  EXPECT_FALSE(past_saturation(r, r.points[0]));
  for (const TrafficPoint& p : r.points) {
    if (keeps_up(p)) {
      EXPECT_LE(p.offered_flits_per_node_cycle, sp.offered_flits_per_node_cycle);
    }
    // Accepted never exceeds offered: every packet delivered in the window was offered in it or
    // was in flight when it opened.
    EXPECT_LE(p.packets_delivered, p.packets_injected + p.packets_in_flight_at_warmup_end);
    EXPECT_LT(p.packets_in_flight_at_warmup_end, p.packets_delivered);
  }
  std::ostringstream csv;
  write_traffic_csv(csv, r);
  std::istringstream is(csv.str());
  std::string line;
  std::getline(is, line);
  EXPECT_NE(line.find(",mean_head_latency_cycles,buffer_flits,injection,past_saturation"),
            std::string::npos)
      << line;
  std::vector<char> past;
  while (std::getline(is, line)) past.push_back(line.back());
  EXPECT_EQ(past, (std::vector<char>{'0', '0', '1', past[3]}));
  EXPECT_EQ(past[3] == '1', past_saturation(r, r.points[3]));
}

// Accepted throughput at 1.44 x the 8 x 8 bisection bound for buffer depths around the packet
// length: below the bound for every depth, rising with depth, and without a jump at B = F.
TEST(TrafficFiniteBuffers, ThroughputStaysBelowTheBoundAndChangesSmoothlyWithDepth) {
  const TrafficOptions o = options(TrafficPattern::kUniform, {0.09});
  double prev = 0.0;
  for (const int b : {1, 2, 4, 6, 7, 8, 9, 12, 16, 32}) {
    NocParams p = mesh(8);
    p.buffer_flits = b;
    p.backfill = false;
    const TrafficPoint pt = run_traffic(p, o).points[0];
    SCOPED_TRACE("buffer " + std::to_string(b));
    EXPECT_LE(pt.accepted_flits_per_node_cycle, 0.5);
    EXPECT_LE(pt.packets_delivered, pt.packets_injected + pt.packets_in_flight_at_warmup_end);
    EXPECT_GE(pt.accepted_flits_per_node_cycle, prev * 0.98);  // no fall with more buffer
    if (prev > 0.0) {
      EXPECT_LT(pt.accepted_flits_per_node_cycle, prev * 1.25);  // no cliff
    }
    prev = pt.accepted_flits_per_node_cycle;
  }
}

// Below saturation (0.1 flits/node/cycle on 8 x 8) mean latency falls smoothly as buffers grow
// (8x8, seed 3: 25.8 cycles at B = 1, 23.3 at B = 8, 23.2 at B = 32), with no step at B = F.
TEST(TrafficFiniteBuffers, LatencyBelowSaturationFallsSmoothlyWithDepth) {
  const TrafficOptions o = options(TrafficPattern::kUniform, {0.0125});
  double prev = 0.0;
  for (const int b : {1, 2, 4, 7, 8, 9, 16, 32}) {
    NocParams p = mesh(8);
    p.buffer_flits = b;
    p.backfill = false;
    const double latency = run_traffic(p, o).points[0].mean_latency_cycles;
    SCOPED_TRACE("buffer " + std::to_string(b));
    if (prev > 0.0) {
      EXPECT_LE(latency, prev + 1e-9);
      EXPECT_GT(latency, prev * 0.95);  // each step changes it by less than 5 %
    }
    prev = latency;
  }
  EXPECT_NEAR(prev, 23.2, 0.2);
}

TEST(TrafficOptionsCheck, BitPatternsNeedAPowerOfTwoNodeCount) {
  TrafficOptions o = options(TrafficPattern::kBitReverse, {0.01});
  const auto errors = validate(o, mesh(3));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "traffic: the bit-reverse pattern needs a power-of-two node count; noc.cols x "
            "noc.rows = 9");
  EXPECT_TRUE(validate(o, mesh(4)).empty());
  EXPECT_EQ(parse_traffic_pattern("neighbour"), TrafficPattern::kNeighbor);
  EXPECT_EQ(traffic_pattern_names(),
            "uniform, transpose, bit-complement, bit-reverse, shuffle, tornado, neighbor, hotspot");
}

}  // namespace
}  // namespace kirchhoff::noc
