// Zero-load latency and routing of the Network core: exact values.
#include <gtest/gtest.h>

#include <set>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

Packet unicast(int src, int dst, std::uint64_t bits, std::int64_t inject_ps = 0) {
  Packet p;
  p.src = src;
  p.dsts = {dst};
  p.bits = bits;
  p.inject_ps = inject_ps;
  return p;
}

TEST(NetworkLatency, FlitCountIsHeaderPlusPayloadCeiling) {
  Network net(NocParams{});  // 64-bit flits, 1 header flit
  EXPECT_EQ(net.flits_for_bits(0), 1);
  EXPECT_EQ(net.flits_for_bits(1), 2);
  EXPECT_EQ(net.flits_for_bits(64), 2);
  EXPECT_EQ(net.flits_for_bits(65), 3);
  EXPECT_EQ(net.flits_for_bits(512), 9);
  NocParams headerless;
  headerless.header_flits = 0;
  EXPECT_EQ(Network(headerless).flits_for_bits(0), 1);  // never less than one flit
  EXPECT_EQ(Network(headerless).flits_for_bits(128), 2);
}

// T0 = (H + 1) t_router + H t_link + t_NI + (F - 1) t_flit (Dally & Towles), in cycles.
std::int64_t t0_cycles(int hops, int flits, int tr, int tl, int ni, int cycles_per_flit = 1) {
  return (hops + 1) * tr + hops * tl + ni + (flits - 1) * cycles_per_flit;
}

TEST(NetworkLatency, ZeroLoadEqualsAnalyticOnMeshForSeveralHopsAndSizes) {
  struct Case {
    int src, dst, hops;
  };
  // 4 x 4 mesh: node = y * 4 + x.
  const Case cases[] = {{0, 0, 0}, {0, 1, 1}, {5, 10, 2}, {0, 15, 6}, {12, 3, 6}, {7, 4, 3}};
  const std::uint64_t sizes_bits[] = {0, 64, 512, 1000, 4096};
  for (const int tr : {1, 3}) {
    for (const int tl : {1, 2}) {
      NocParams p;
      p.router_pipeline_cycles = tr;
      p.link_cycles = tl;
      p.clock_ghz = 2.0;  // 500 ps per cycle
      for (const Case& c : cases) {
        for (const std::uint64_t bits : sizes_bits) {
          Network net(p);
          const std::int64_t inject = 12345;
          const PacketResult r = net.send(unicast(c.src, c.dst, bits, inject));
          const int flits = 1 + static_cast<int>((bits + 63) / 64);
          const std::int64_t expected_ps = t0_cycles(c.hops, flits, tr, tl, 0) * 500;
          ASSERT_EQ(r.deliveries.size(), 1u);
          const Delivery& d = r.deliveries[0];
          EXPECT_EQ(d.hops, c.hops);
          EXPECT_EQ(d.latency_ps, expected_ps) << c.src << "->" << c.dst << " bits " << bits;
          EXPECT_EQ(d.delivered_ps, inject + expected_ps);
          EXPECT_EQ(d.zero_load_ps, expected_ps);
          EXPECT_EQ(d.queueing_ps, 0);
        }
      }
    }
  }
}

TEST(NetworkLatency, XyAndYxTakeDifferentDimensionOrderPaths) {
  NocParams p;  // 4 x 4
  Network xy(p);
  xy.set_record_hops(true);
  const PacketResult rx = xy.send(unicast(0, 5, 64));
  ASSERT_EQ(rx.hops.size(), 2u);
  EXPECT_EQ(rx.hops[0].to, 1);  // east first
  EXPECT_EQ(rx.hops[1].to, 5);

  p.routing = Routing::kYX;
  Network yx(p);
  yx.set_record_hops(true);
  const PacketResult ry = yx.send(unicast(0, 5, 64));
  ASSERT_EQ(ry.hops.size(), 2u);
  EXPECT_EQ(ry.hops[0].to, 4);  // south first
  EXPECT_EQ(ry.hops[1].to, 5);
  EXPECT_EQ(rx.deliveries[0].latency_ps, ry.deliveries[0].latency_ps);
}

TEST(NetworkLatency, HopRecordsFollowTheHeadThroughRoutersAndLinks) {
  Network net(NocParams{});  // tr = tl = 1 cycle = 1000 ps
  net.set_record_hops(true);
  const PacketResult r = net.send(unicast(0, 3, 3 * 64));  // 4 flits, 3 hops east
  ASSERT_EQ(r.hops.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(r.hops[i].from, i);
    EXPECT_EQ(r.hops[i].to, i + 1);
    EXPECT_EQ(r.hops[i].start_ps, 1000 + 2000 * i);          // router pipeline, then link + router
    EXPECT_EQ(r.hops[i].end_ps, r.hops[i].start_ps + 4000);  // held for 4 flits
  }
}

TEST(NetworkLatency, RingTakesTheShorterDirection) {
  NocParams p;
  p.topology = Topology::kRing;
  p.cols = 8;
  p.rows = 1;
  Network net(p);
  EXPECT_EQ(net.hops(0, 7), 1);
  EXPECT_EQ(net.hops(0, 4), 4);
  EXPECT_EQ(net.hops(6, 1), 3);
  const PacketResult r = net.send(unicast(0, 7, 128));  // 3 flits
  EXPECT_EQ(r.deliveries[0].latency_ps, t0_cycles(1, 3, 1, 1, 0) * 1000);
  EXPECT_EQ(r.tree_links, 1);
}

TEST(NetworkLatency, BusIsOneHopWithTheWholeBusLength) {
  NocParams p;
  p.topology = Topology::kBus;  // 16 nodes on one bus of 15 pitches
  Network net(p);
  EXPECT_EQ(net.hops(0, 15), 1);
  const PacketResult r = net.send(unicast(3, 9, 64));  // 2 flits
  EXPECT_EQ(r.deliveries[0].latency_ps, t0_cycles(1, 2, 1, 1, 0) * 1000);
  const double fj_per_bit = p.router_energy_fj_per_bit + p.wire_energy_fj_per_bit_mm * 15 * 0.5;
  EXPECT_DOUBLE_EQ(r.energy_pj, 2 * 64 * fj_per_bit * 1e-3);
}

TEST(NetworkLatency, BadNodeIdsThrow) {
  Network net(NocParams{});
  EXPECT_THROW(net.send(unicast(16, 0, 8)), std::out_of_range);
  EXPECT_THROW(net.send(unicast(0, -1, 8)), std::out_of_range);
  Packet dup = unicast(0, 3, 8);
  dup.dsts.push_back(3);
  EXPECT_THROW(net.send(dup), std::invalid_argument);
  NocParams bad;
  bad.flit_bits = 0;
  EXPECT_THROW(Network{bad}, std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff::noc
