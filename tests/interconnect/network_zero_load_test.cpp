// Zero-load latency T0 = (H + 1) t_router + H t_link + t_NI + (F - 1) t_flit (Dally & Towles),
// exactly, on every hop count of an 8 x 8 mesh (0..14), every packet size 1..16 flits, with
// and without the network-interface latency, for both link classes' bandwidths and for
// unbounded and finite buffers (an empty network never back-pressures).
#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

struct Timing {
  int tr;                 // router pipeline, cycles
  int tl;                 // link traversal, cycles
  int ni;                 // network-interface latency, cycles
  double link_fpc;        // router-to-router link flits per cycle
  double ni_fpc;          // injection / ejection flits per cycle
  int buffer;             // 0 = unbounded
  std::int64_t link_fps;  // expected ps per flit on a link (1 GHz: 1000 ps per cycle)
  std::int64_t ni_fps;    // expected ps per flit on an NI channel
};

TEST(NetworkZeroLoad, EveryHopCountAndPacketSizeMatchesTheFormulaExactly) {
  const Timing timings[] = {
      {1, 1, 0, 1.0, 1.0, 0, 1000, 1000},   // the textbook reference
      {1, 1, 3, 1.0, 1.0, 0, 1000, 1000},   // t_NI = 3 cycles
      {2, 1, 1, 0.5, 1.0, 0, 2000, 1000},   // handshake links: one flit per 2 cycles
      {3, 2, 2, 1.0, 0.25, 4, 1000, 4000},  // slow injection/ejection, 4-flit buffers
      {1, 0, 0, 2.0, 2.0, 1, 500, 500},     // double-pumped links, 1-flit buffers
  };
  for (const Timing& t : timings) {
    NocParams p;
    p.cols = 8;
    p.rows = 8;
    p.router_pipeline_cycles = t.tr;
    p.link_cycles = t.tl;
    p.ni_latency_cycles = t.ni;
    p.link_flits_per_cycle = t.link_fpc;
    p.ni_flits_per_cycle = t.ni_fpc;
    p.buffer_flits = t.buffer;
    p.backfill = t.buffer == 0;
    Network net(p);
    ASSERT_EQ(net.link_flit_ps(), t.link_fps);
    ASSERT_EQ(net.ni_flit_ps(), t.ni_fps);
    std::set<int> hop_counts;
    for (int src = 0; src < 64; ++src) {
      for (int dst = 0; dst < 64; ++dst) {
        const int hops = std::abs(src % 8 - dst % 8) + std::abs(src / 8 - dst / 8);
        hop_counts.insert(hops);
        const std::int64_t t_flit = hops > 0 ? std::max(t.link_fps, t.ni_fps) : t.ni_fps;
        for (int flits = 1; flits <= 16; ++flits) {
          net.reset();
          Packet pkt;
          pkt.src = src;
          pkt.dsts = {dst};
          pkt.bits = static_cast<std::uint64_t>(flits - 1) * 64;  // + 1 header flit
          pkt.inject_ps = 777;
          const PacketResult r = net.send(pkt);
          ASSERT_EQ(r.flits, flits);
          const Delivery& d = r.deliveries[0];
          const std::int64_t t0 =
              ((hops + 1) * t.tr + hops * t.tl + t.ni) * 1000 + (flits - 1) * t_flit;
          ASSERT_EQ(d.hops, hops);
          ASSERT_EQ(d.latency_ps, t0) << src << "->" << dst << ", " << flits << " flits";
          ASSERT_EQ(d.zero_load_ps, t0);
          ASSERT_EQ(net.zero_load_latency_ps(hops, flits), t0);
          ASSERT_EQ(d.queueing_ps, 0);
          // The head arrives (F - 1) flit times before the tail.
          ASSERT_EQ(d.delivered_ps - d.head_ps, (flits - 1) * t_flit);
        }
      }
    }
    EXPECT_EQ(hop_counts.size(), 15u);  // 0..14
  }
}

TEST(NetworkZeroLoad, BandwidthOutOfRangeIsRejectedWithTheKeyAndRange) {
  NocParams p;
  p.link_flits_per_cycle = 0.0;
  p.ni_flits_per_cycle = 100.0;
  p.ni_latency_cycles = -1;
  const auto errors = validate(p);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("noc.ni_latency_cycles = -1"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("noc.link_flits_per_cycle = 0 is out of range; allowed [0.015625, 64]"),
            std::string::npos)
      << errors[1];
  EXPECT_NE(errors[2].find("noc.ni_flits_per_cycle = 100"), std::string::npos) << errors[2];
}

TEST(NetworkZeroLoad, BackfillWithFiniteBuffersIsRejectedNotChanged) {
  NocParams p;
  p.buffer_flits = 4;  // backfill stays at its default, true
  const auto errors = validate(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "noc.backfill = true with noc.buffer_flits = 4: backfill lets a packet overtake "
            "earlier ones, which a FIFO input buffer cannot; allowed: backfill = false with "
            "buffer_flits > 0, or buffer_flits = 0");
  EXPECT_THROW(Network{p}, std::invalid_argument);
  p.backfill = false;
  EXPECT_TRUE(validate(p).empty());
}

}  // namespace
}  // namespace kirchhoff::noc
