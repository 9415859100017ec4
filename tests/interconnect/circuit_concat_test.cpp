// Concatenation in circuit switching (interconnect/circuit_concat.h): several sources' parts
// joined into one vector on one reserved route. Exact timing (the whole tree held for the joined
// vector), energy per link (the parts that cross it), and that one part is a circuit transfer.
#include <gtest/gtest.h>

#include <stdexcept>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

constexpr std::int64_t kCycle = 1000;  // ps at the default 1 GHz (tr = tl = 1 cycle, t_NI = 0)
constexpr std::uint64_t kFlit = 64;    // default flit bits

NocParams circuit_line(int nodes) {
  NocParams p;
  p.cols = nodes;
  p.rows = 1;
  p.switching = Switching::kCircuit;
  return p;
}

ConcatTransfer joined(std::vector<ConcatPart> parts, std::vector<int> dsts,
                      std::int64_t inject_ps = 0) {
  ConcatTransfer t;
  t.parts = std::move(parts);
  t.dsts = std::move(dsts);
  t.inject_ps = inject_ps;
  return t;
}

TEST(CircuitConcat, TwoTilesJoinedHoldTheUnionOfTheirRoutesForTheWholeVector) {
  Network net(circuit_line(4));
  net.set_record_hops(true);
  PacketResult r;
  // Node 0 sends 2 payload flits, node 1 sends 3, both to node 3: one vector of 1 + 5 flits.
  net.send_concatenated(joined({{0, 2 * kFlit}, {1, 3 * kFlit}}, {3}), r);
  EXPECT_EQ(r.flits, 6);
  EXPECT_EQ(r.tree_links, 3);
  ASSERT_EQ(r.deliveries.size(), 1u);
  // H = 3 (from node 0): 4 routers + 3 links + 5 flits behind the head.
  EXPECT_EQ(r.deliveries[0].hops, 3);
  EXPECT_EQ(r.deliveries[0].delivered_ps, 12 * kCycle);
  EXPECT_EQ(r.deliveries[0].queueing_ps, 0);
  // Every resource, both injections included, is held 4 + 3 + 6 = 13 cycles from the start.
  ASSERT_EQ(r.hops.size(), 3u);
  for (const HopRecord& h : r.hops) {
    EXPECT_EQ(h.start_ps, 0);
    EXPECT_EQ(h.end_ps, 13 * kCycle);
  }
  EXPECT_EQ(net.inject_busy_until_ps(0), 13 * kCycle);
  EXPECT_EQ(net.inject_busy_until_ps(1), 13 * kCycle);
  EXPECT_EQ(net.eject_busy_until_ps(3), 13 * kCycle);
  // Link 0-1 carries the header and part 0 (3 flits); 1-2 and 2-3 the whole vector (6 each).
  EXPECT_DOUBLE_EQ(r.energy_pj, (3 + 6 + 6) * net.flit_hop_energy_pj(0));
  EXPECT_EQ(net.stats().flit_hops, 15u);
  EXPECT_EQ(net.stats().packets, 1u);
}

TEST(CircuitConcat, JoiningIsFasterThanTwoCircuitsThatShareTheEjection) {
  // The same two parts as two circuits: the second waits for the first's whole reservation.
  Network net(circuit_line(4));
  Packet a;
  a.src = 0;
  a.dsts = {3};
  a.bits = 2 * kFlit;
  Packet b = a;
  b.src = 1;
  b.bits = 3 * kFlit;
  const PacketResult ra = net.send(a);
  EXPECT_EQ(ra.deliveries[0].delivered_ps, (4 + 3 + 2) * kCycle);  // held until 10 cycles
  const PacketResult rb = net.send(b);
  EXPECT_EQ(rb.deliveries[0].delivered_ps, (10 + 3 + 2 + 3) * kCycle);  // 18 vs 12 joined
}

TEST(CircuitConcat, OnePartIsExactlyACircuitTransfer) {
  Network a(circuit_line(5)), b(circuit_line(5));
  a.set_record_hops(true);
  b.set_record_hops(true);
  Packet p;
  p.src = 1;
  p.dsts = {4, 0};
  p.bits = 200;  // 4 payload flits, the last one partly filled
  p.inject_ps = 3 * kCycle;
  const PacketResult ra = a.send(p);
  PacketResult rb;
  b.send_concatenated(joined({{1, 200}}, {4, 0}, 3 * kCycle), rb);
  EXPECT_EQ(rb.flits, ra.flits);
  EXPECT_EQ(rb.tree_links, ra.tree_links);
  EXPECT_DOUBLE_EQ(rb.energy_pj, ra.energy_pj);
  EXPECT_EQ(rb.inject_end_ps, ra.inject_end_ps);
  ASSERT_EQ(rb.deliveries.size(), 2u);
  for (std::size_t d = 0; d < 2; ++d) {
    EXPECT_EQ(rb.deliveries[d].dst, ra.deliveries[d].dst);
    EXPECT_EQ(rb.deliveries[d].delivered_ps, ra.deliveries[d].delivered_ps);
  }
}

TEST(CircuitConcat, APartAtTheDestinationCrossesNoLinkButTheVectorWaitsForTheOthers) {
  Network net(circuit_line(3));
  PacketResult r;
  // Part 0 is already at node 2; part 1 comes from node 0 (2 hops). F = 1 + 1 + 2 = 4.
  net.send_concatenated(joined({{2, kFlit}, {0, 2 * kFlit}}, {2}), r);
  EXPECT_EQ(r.flits, 4);
  EXPECT_EQ(r.deliveries[0].delivered_ps, (3 + 2 + 3) * kCycle);
  // Links 0-1 and 1-2 carry the header and part 1 only.
  EXPECT_DOUBLE_EQ(r.energy_pj, 2 * 3 * net.flit_hop_energy_pj(0));
  EXPECT_EQ(net.inject_busy_until_ps(2), (3 + 2 + 4) * kCycle);
}

TEST(CircuitConcat, ATransferOverAReservedLinkWaitsForTheJoinedVector) {
  Network net(circuit_line(4));
  PacketResult r;
  net.send_concatenated(joined({{0, 2 * kFlit}, {1, 3 * kFlit}}, {3}), r);
  Packet c;
  c.src = 2;
  c.dsts = {3};
  c.bits = kFlit;  // uses link 2-3 and the ejection at 3, both held until 13 cycles
  const PacketResult rc = net.send(c);
  EXPECT_EQ(rc.deliveries[0].delivered_ps, (13 + 2 + 1 + 1) * kCycle);
  EXPECT_EQ(rc.deliveries[0].queueing_ps, 13 * kCycle);
}

TEST(CircuitConcat, RefusedInPacketSwitchingAndForBadLists) {
  NocParams packet = circuit_line(4);
  packet.switching = Switching::kPacket;
  Network pnet(packet);
  PacketResult r;
  try {
    pnet.send_concatenated(joined({{0, kFlit}, {1, kFlit}}, {3}), r);
    FAIL() << "packet switching accepted a concatenation";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("noc.switching = circuit"), std::string::npos);
  }
  Network net(circuit_line(4));
  EXPECT_THROW(net.send_concatenated(joined({}, {3}), r), std::invalid_argument);
  EXPECT_THROW(net.send_concatenated(joined({{0, kFlit}}, {}), r), std::invalid_argument);
  EXPECT_THROW(net.send_concatenated(joined({{0, kFlit}}, {3, 3}), r), std::invalid_argument);
  EXPECT_THROW(net.send_concatenated(joined({{7, kFlit}}, {3}), r), std::out_of_range);
  EXPECT_THROW(net.send_concatenated(joined({{0, kFlit}}, {-1}), r), std::out_of_range);
}

}  // namespace
}  // namespace kirchhoff::noc
