// Trace events and static energy of the Network core.
#include <gtest/gtest.h>

#include "interconnect/network.h"
#include "traces/recorder.h"

namespace kirchhoff::noc {
namespace {

TEST(NetworkTrace, RecordsOneHopEventPerTreeLinkAndOneDeliveryPerDestination) {
  traces::Recorder rec;
  Network net(NocParams{}, &rec, "chip.noc");  // 4 x 4
  Packet m;
  m.src = 0;
  m.dsts = {3, 12};  // XY tree: 3 links east + 3 links south
  m.bits = 7 * 64;   // 8 flits
  m.sample = 2;
  m.layer = 5;
  const PacketResult r = net.send(m);
  const traces::Totals& t = rec.totals();
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kPacketHop)], 6u);
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kPacketDelivery)], 2u);
  EXPECT_NEAR(t.energy[traces::EnergyCategory::kNetwork], r.energy_pj, 1e-9);
  EXPECT_NEAR(r.energy_pj, 6 * 8 * 64 * 81.0 * 1e-3, 1e-9);
  // Links of a router share a timeline group; delivery events sit on the destination's NI.
  bool found_link = false;
  for (std::size_t i = 0; i < rec.num_components(); ++i) {
    if (rec.component(static_cast<std::uint32_t>(i)).name == "chip.noc.link_0_1") {
      EXPECT_EQ(rec.component(static_cast<std::uint32_t>(i)).group, "chip.noc.r0");
      found_link = true;
    }
  }
  EXPECT_TRUE(found_link);
}

TEST(NetworkTrace, StaticEnergyIsPowerTimesTime) {
  NocParams p;  // 4 x 4: 16 routers, 2 x (3 x 4 + 4 x 3) = 48 directed links
  p.router_static_mw = 2.0;
  p.link_static_mw = 0.5;
  Network net(p);
  EXPECT_DOUBLE_EQ(net.static_power_mw(), 16 * 2.0 + 48 * 0.5);
  // 56 mW for 1 us: 56e-3 W x 1e-6 s = 5.6e-8 J = 56000 pJ.
  EXPECT_NEAR(net.static_energy_pj(1000000), 56000.0, 1e-6);

  p.topology = Topology::kRing;
  EXPECT_DOUBLE_EQ(Network(p).static_power_mw(), 16 * 2.0 + 32 * 0.5);
  p.topology = Topology::kBus;  // one bus of 15 pitch segments
  EXPECT_DOUBLE_EQ(Network(p).static_power_mw(), 16 * 2.0 + 15 * 0.5);
}

TEST(NetworkTrace, MulticastOnRingAndBusSharesLinks) {
  NocParams p;
  p.cols = 8;
  p.rows = 1;
  p.topology = Topology::kRing;
  Network ring(p);
  Packet m;
  m.src = 0;
  m.dsts = {1, 2, 3, 7, 6};  // clockwise 0-1-2-3 (3 links), counter-clockwise 0-7-6 (2 links)
  m.bits = 64;
  EXPECT_EQ(ring.send(m).tree_links, 5);

  p.topology = Topology::kBus;
  Network bus(p);
  const PacketResult r = bus.send(m);
  EXPECT_EQ(r.tree_links, 1);  // a broadcast medium: one transmission reaches everyone
  for (const Delivery& d : r.deliveries) EXPECT_EQ(d.queueing_ps, 0);
}

TEST(NetworkTrace, ResetFreesEveryResource) {
  Network net(NocParams{});
  Packet pkt;
  pkt.src = 0;
  pkt.dsts = {15};
  pkt.bits = 640;
  const PacketResult first = net.send(pkt);
  const PacketResult waits = net.send(pkt);
  EXPECT_GT(waits.deliveries[0].queueing_ps, 0);
  net.reset();
  EXPECT_EQ(net.stats().packets, 0u);
  EXPECT_EQ(net.send(pkt).deliveries[0].latency_ps, first.deliveries[0].latency_ps);
}

}  // namespace
}  // namespace kirchhoff::noc
