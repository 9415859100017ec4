// Circuit switching (NocParams::switching = circuit, interconnect/network.h): the exact latency
// of a circuit transfer, every resource of the route busy for the whole reservation, a second
// route over a reserved link waiting for it, multicast along one route tree.
#include <gtest/gtest.h>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

constexpr std::int64_t kCycle = 1000;  // ps at the default 1 GHz

Packet transfer(int src, std::vector<int> dsts, int flits, std::int64_t inject_ps = 0) {
  Packet p;
  p.src = src;
  p.dsts = std::move(dsts);
  p.bits = static_cast<std::uint64_t>(flits - 1) * 64;  // default: 1 header flit, 64-bit flits
  p.inject_ps = inject_ps;
  return p;
}

NocParams circuit_line(int nodes) {
  NocParams p;
  p.cols = nodes;
  p.rows = 1;
  p.switching = Switching::kCircuit;
  return p;
}

TEST(CircuitSwitching, ATransferArrivesAtTheZeroLoadLatencyAndHoldsItsRoute) {
  Network net(circuit_line(4));
  net.set_record_hops(true);
  const PacketResult a = net.send(transfer(0, {2}, 4));
  // 3 routers + 2 links + 3 flits behind the head, as a packet at zero load.
  EXPECT_EQ(a.deliveries[0].delivered_ps, 8 * kCycle);
  EXPECT_EQ(a.deliveries[0].queueing_ps, 0);
  // The route is reserved from its start until the tail arrived: 3 + 2 + 4 flits = 9 cycles,
  // on every link, the injection and the ejection channel alike.
  ASSERT_EQ(a.hops.size(), 2u);
  for (const HopRecord& h : a.hops) {
    EXPECT_EQ(h.start_ps, 0);
    EXPECT_EQ(h.end_ps, 9 * kCycle);
  }
  EXPECT_EQ(net.inject_busy_until_ps(0), 9 * kCycle);
  EXPECT_EQ(net.eject_busy_until_ps(2), 9 * kCycle);
  EXPECT_EQ(a.inject_end_ps, 9 * kCycle);
  EXPECT_DOUBLE_EQ(a.energy_pj, 2 * 4 * net.flit_hop_energy_pj(0));
}

TEST(CircuitSwitching, ASecondRouteOverAReservedLinkWaitsForTheWholeReservation) {
  Network net(circuit_line(4));
  (void)net.send(transfer(0, {2}, 4));
  const PacketResult b = net.send(transfer(1, {3}, 4));  // shares link 1-2
  // Packet switching lets B take link 1-2 at 7 cycles (queueing 6); the circuit holds it to 9.
  EXPECT_EQ(b.deliveries[0].queueing_ps, 9 * kCycle);
  EXPECT_EQ(b.deliveries[0].delivered_ps, (9 + 8) * kCycle);
  NocParams packet = circuit_line(4);
  packet.switching = Switching::kPacket;
  Network pnet(packet);
  (void)pnet.send(transfer(0, {2}, 4));
  EXPECT_EQ(pnet.send(transfer(1, {3}, 4)).deliveries[0].queueing_ps, 6 * kCycle);
}

TEST(CircuitSwitching, ADisjointRouteDoesNotWait) {
  Network net(circuit_line(5));
  (void)net.send(transfer(0, {2}, 4));
  const PacketResult c = net.send(transfer(4, {3}, 4));
  EXPECT_EQ(c.deliveries[0].queueing_ps, 0);
  EXPECT_EQ(c.deliveries[0].delivered_ps, (2 + 1 + 3) * kCycle);
}

TEST(CircuitSwitching, MulticastReservesOneTreeUntilTheFarthestDestination) {
  Network net(circuit_line(4));
  net.set_record_hops(true);
  const PacketResult m = net.send(transfer(0, {2, 3}, 4));
  EXPECT_EQ(m.tree_links, 3);  // 0-1 and 1-2 shared, 2-3 for the farther destination
  EXPECT_EQ(m.deliveries[0].delivered_ps, 8 * kCycle);
  EXPECT_EQ(m.deliveries[1].delivered_ps, (4 + 3 + 3) * kCycle);
  for (const HopRecord& h : m.hops) EXPECT_EQ(h.end_ps, (4 + 3 + 4) * kCycle);
  EXPECT_EQ(net.eject_busy_until_ps(2), 11 * kCycle);
  EXPECT_DOUBLE_EQ(m.energy_pj, 3 * 4 * net.flit_hop_energy_pj(0));
}

TEST(CircuitSwitching, FiniteBuffersAreRefused) {
  NocParams p = circuit_line(4);
  p.buffer_flits = 4;
  p.backfill = false;
  const auto errors = validate(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("noc.switching = circuit"), std::string::npos) << errors[0];
}

}  // namespace
}  // namespace kirchhoff::noc
