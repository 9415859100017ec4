// Contention, multicast and back-pressure in the Network core: exact values.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

constexpr std::int64_t kCycle = 1000;  // ps at the default 1 GHz

Packet unicast(int src, int dst, int flits, std::int64_t inject_ps = 0) {
  Packet p;
  p.src = src;
  p.dsts = {dst};
  p.bits = static_cast<std::uint64_t>(flits - 1) * 64;  // default: 1 header flit, 64-bit flits
  p.inject_ps = inject_ps;
  return p;
}

NocParams line(int nodes) {
  NocParams p;
  p.cols = nodes;
  p.rows = 1;
  return p;
}

TEST(NetworkContention, PacketsSharingALinkAreSerialised) {
  Network net(line(4));
  // A: 0 -> 2 uses links 0-1 and 1-2; B: 1 -> 3 uses links 1-2 and 2-3. Both at t = 0.
  const PacketResult a = net.send(unicast(0, 2, 4));
  const PacketResult b = net.send(unicast(1, 3, 4));
  EXPECT_EQ(a.deliveries[0].queueing_ps, 0);
  // A takes link 1-2 at 3 cycles (router, link, router) and holds it 4 flits: free at 7.
  // B is ready for it after its source router at 1 cycle: it waits 6 cycles.
  EXPECT_EQ(b.deliveries[0].queueing_ps, 6 * kCycle);
  // Zero-load 3 routers + 2 links + 3 flits behind the head, plus the 6-cycle wait.
  EXPECT_EQ(b.deliveries[0].delivered_ps, (3 + 2 + 3 + 6) * kCycle);
}

TEST(NetworkContention, DisjointPathsDoNotInterfere) {
  Network net(NocParams{});                             // 4 x 4
  const PacketResult a = net.send(unicast(0, 3, 8));    // row 0, eastwards
  const PacketResult b = net.send(unicast(15, 12, 8));  // row 3, westwards
  const PacketResult c = net.send(unicast(3, 0, 8));    // row 0, westwards: opposite links
  const PacketResult d = net.send(unicast(4, 8, 8));    // column 0, southwards
  for (const PacketResult* r : {&a, &b, &c, &d}) {
    EXPECT_EQ(r->deliveries[0].queueing_ps, 0);
    EXPECT_EQ(r->deliveries[0].latency_ps, r->deliveries[0].zero_load_ps);
  }
}

TEST(NetworkContention, SameSourceWaitsForTheInjectionPort) {
  Network net(NocParams{});
  const PacketResult a = net.send(unicast(5, 6, 8));
  const PacketResult b = net.send(unicast(5, 9, 8));  // different link, same injection port
  EXPECT_EQ(a.inject_end_ps, 8 * kCycle);
  EXPECT_EQ(b.inject_start_ps, 8 * kCycle);
  EXPECT_EQ(b.deliveries[0].queueing_ps, 8 * kCycle);
}

TEST(NetworkContention, SameDestinationWaitsForTheEjectionPort) {
  Network net(line(3));
  const PacketResult a = net.send(unicast(0, 1, 5));  // from the west
  const PacketResult b = net.send(unicast(2, 1, 5));  // from the east: disjoint link
  EXPECT_EQ(a.deliveries[0].queueing_ps, 0);
  EXPECT_EQ(b.deliveries[0].queueing_ps, 5 * kCycle);
}

TEST(NetworkContention, LaterInjectionAfterTheLinkIsFreeDoesNotWait) {
  Network net(line(4));
  net.send(unicast(0, 2, 4));
  const PacketResult b = net.send(unicast(1, 3, 4, 6 * kCycle));  // ready at 7 = link free
  EXPECT_EQ(b.deliveries[0].queueing_ps, 0);
}

TEST(NetworkContention, BusSerialisesEvenDisjointPairs) {
  NocParams p;
  p.topology = Topology::kBus;
  Network net(p);
  net.send(unicast(0, 1, 4));
  const PacketResult b = net.send(unicast(2, 3, 4));
  EXPECT_EQ(b.deliveries[0].queueing_ps, 4 * kCycle);
}

TEST(NetworkMulticast, TreeUsesEachLinkOnceAndEnergyCountsTreeLinks) {
  const NocParams p;  // 4 x 4, XY
  Network net(p);
  net.set_record_hops(true);
  Packet m = unicast(0, 3, 8);
  m.dsts = {3, 2, 1, 15, 12};
  const PacketResult r = net.send(m);
  // XY tree from 0: row 0 eastwards 0-1-2-3 (3 links), 3 south to 15 (3 links), and
  // 0 south to 12 (3 links): 9 distinct links; 5 unicasts would use 3+2+1+6+3 = 15.
  EXPECT_EQ(r.tree_links, 9);
  std::set<int> links;
  for (const HopRecord& h : r.hops) EXPECT_TRUE(links.insert(h.link).second) << h.link;
  EXPECT_EQ(links.size(), 9u);
  const double flit_hop_pj = 64 * 81.0 * 1e-3;  // 64-bit flits x 81 fJ/bit/hop (defaults)
  EXPECT_NEAR(r.energy_pj, 9 * 8 * flit_hop_pj, 1e-9);

  // Every destination sees its own zero-load latency: the tree does not contend with itself.
  ASSERT_EQ(r.deliveries.size(), 5u);
  for (const Delivery& d : r.deliveries) {
    EXPECT_EQ(d.queueing_ps, 0) << d.dst;
    EXPECT_EQ(d.latency_ps, net.zero_load_latency_ps(net.hops(0, d.dst), 8));
  }

  Network separate(p);
  double unicast_pj = 0.0;
  for (int dst : m.dsts) unicast_pj += separate.send(unicast(0, dst, 8, 1000000 * dst)).energy_pj;
  EXPECT_NEAR(unicast_pj, 15 * 8 * flit_hop_pj, 1e-9);
}

TEST(NetworkBackPressure, BlockedHeadHoldsUpstreamLinkBeyondTheBuffer) {
  // X: 1 -> 2 holds link 1-2 over [1, 9) cycles. A: 0 -> 2 reaches it at 3: waits 6 cycles.
  for (const int buffer : {0, 2, 8}) {
    NocParams p = line(3);
    p.buffer_flits = buffer;
    p.backfill = buffer == 0;  // finite buffers grant in send order
    Network net(p);
    net.send(unicast(1, 2, 8));
    const PacketResult a = net.send(unicast(0, 2, 8));
    EXPECT_EQ(a.deliveries[0].queueing_ps, 6 * kCycle);
    const int link_0_1 = 0 * 4 + 0;           // node 0, east
    std::int64_t expected_free = 9 * kCycle;  // 1 + 8 flits: unbounded buffers, or B = F
    if (buffer == 2) {
      // A takes link 1-2 at 9, its flit j leaves router 1's input buffer at 9 + j. A flit may
      // enter that 2-flit buffer once the flit 2 places ahead has left: the tail (flit 7) arrives
      // when flit 5 leaves, at 14, so it crosses link 0-1 (1 cycle) over [13, 14).
      expected_free = 14 * kCycle;
    }
    EXPECT_EQ(net.link_busy_until_ps(link_0_1), expected_free) << "buffer " << buffer;
  }
}

TEST(NetworkDelivery, EveryPacketDeliveredOnceWithItsPayloadUnderSaturationAndMulticast) {
  NocParams p;  // 4 x 4
  p.buffer_flits = 4;
  p.backfill = false;
  Network net(p);
  // Deterministic pseudo-random packets (a tiny LCG; the values only need to be varied).
  std::uint64_t state = 12345;
  auto next = [&state](std::uint64_t mod) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % mod;
  };
  std::map<std::pair<std::uint64_t, int>, int> delivered;
  std::map<std::uint64_t, std::set<int>> wanted;
  PacketResult r;
  const int kPackets = 20000;
  for (int i = 0; i < kPackets; ++i) {
    Packet pkt;
    pkt.id = static_cast<std::uint64_t>(i);
    pkt.src = static_cast<int>(next(16));
    const int fanout = 1 + static_cast<int>(next(4));
    std::set<int> dsts;
    while (static_cast<int>(dsts.size()) < fanout) dsts.insert(static_cast<int>(next(16)));
    pkt.dsts.assign(dsts.begin(), dsts.end());
    pkt.bits = next(1024);
    pkt.inject_ps = i * 100;  // 10 packets per cycle on 16 nodes: far beyond saturation
    pkt.payload = pkt.id * 0x9E3779B97F4A7C15ULL;
    wanted[pkt.id] = dsts;
    net.send(pkt, r);
    for (const Delivery& d : r.deliveries) {
      ++delivered[{d.packet_id, d.dst}];
      EXPECT_EQ(d.payload, pkt.payload);
      EXPECT_GE(d.latency_ps, d.zero_load_ps);
      EXPECT_EQ(d.latency_ps, d.zero_load_ps + d.queueing_ps);
    }
  }
  std::size_t expected = 0;
  for (const auto& [id, dsts] : wanted) {
    expected += dsts.size();
    for (int dst : dsts) EXPECT_EQ((delivered[{id, dst}]), 1) << id << "->" << dst;
  }
  EXPECT_EQ(delivered.size(), expected);
  EXPECT_EQ(net.stats().deliveries, expected);
  EXPECT_EQ(net.stats().packets, static_cast<std::uint64_t>(kPackets));
}

}  // namespace
}  // namespace kirchhoff::noc
