// Invariants of the network under overload, for unbounded and finite buffers and both link
// bandwidths: a link never carries two bookings at once, the flits crossing the bisection in
// any window never exceed its capacity, nothing arrives before it was sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

constexpr int kSide = 8;  // 8 x 8 mesh: kSide links cross the middle cut in each direction

struct Config {
  int buffer;
  double link_fpc;
};

TEST(NetworkInvariants, BisectionCarriesAtMostItsCapacityInEveryWindow) {
  for (const Config c :
       {Config{0, 1.0}, Config{4, 1.0}, Config{1, 1.0}, Config{16, 0.5}, Config{0, 0.5}}) {
    SCOPED_TRACE("buffer " + std::to_string(c.buffer) + ", " + std::to_string(c.link_fpc) +
                 " flits/cycle");
    NocParams p;
    p.cols = kSide;
    p.rows = kSide;
    p.buffer_flits = c.buffer;
    p.backfill = c.buffer == 0;
    p.link_flits_per_cycle = c.link_fpc;
    Network net(p);
    net.set_record_hops(true);
    const std::int64_t r = net.link_flit_ps();
    std::uint64_t state = 99;
    auto next = [&state](std::uint64_t mod) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % mod;
    };
    // One 6-flit packet per node every 8 cycles on average: 1.5 x the 4/k bisection bound.
    std::map<int, std::vector<std::pair<std::int64_t, std::int64_t>>> bookings;  // per link
    std::vector<std::int64_t> east, west;  // crossing time of every flit over the cut
    std::vector<std::pair<std::int64_t, std::int64_t>> offer_delivery;
    PacketResult res;
    for (int i = 0; i < 40000; ++i) {
      Packet pkt;
      pkt.id = static_cast<std::uint64_t>(i);
      pkt.src = static_cast<int>(next(64));
      pkt.dsts = {static_cast<int>((pkt.src + 1 + next(63)) % 64)};
      pkt.bits = 5 * 64;
      pkt.inject_ps = i * 125;  // 64 nodes / 8 cycles = 8 packets per cycle
      net.send(pkt, res);
      offer_delivery.emplace_back(pkt.inject_ps, res.deliveries[0].delivered_ps);
      for (const HopRecord& h : res.hops) {
        bookings[h.link].emplace_back(h.start_ps, h.end_ps);
        const bool e = h.from % kSide == kSide / 2 - 1 && h.to % kSide == kSide / 2;
        const bool w = h.from % kSide == kSide / 2 && h.to % kSide == kSide / 2 - 1;
        if (!e && !w) continue;
        ASSERT_GE(h.end_ps - h.start_ps, res.flits * r);
        for (int j = 0; j < res.flits; ++j) {
          (e ? east : west).push_back(std::max(h.start_ps + j * r, h.end_ps - (res.flits - j) * r));
        }
      }
    }
    for (auto& [link, iv] : bookings) {
      std::sort(iv.begin(), iv.end());
      for (std::size_t k = 1; k < iv.size(); ++k) {
        ASSERT_LE(iv[k - 1].second, iv[k].first) << "link " << link << " booked twice at once";
      }
    }
    for (auto* crossing : {&east, &west}) {
      ASSERT_FALSE(crossing->empty());
      std::int64_t last = 0;
      for (std::int64_t t : *crossing) last = std::max(last, t);
      std::vector<int> per_slot(static_cast<std::size_t>(last / r) + 1, 0);
      for (std::int64_t t : *crossing) ++per_slot[static_cast<std::size_t>(t / r)];
      for (const int w : {1, 10, 100}) {
        int sum = 0;
        int worst = 0;
        for (std::size_t s = 0; s < per_slot.size(); ++s) {
          sum += per_slot[s];
          if (s >= static_cast<std::size_t>(w)) sum -= per_slot[s - w];
          worst = std::max(worst, sum);
        }
        EXPECT_LE(worst, kSide * w) << "window of " << w << " flit times";
        if (w == 100 && c.buffer == 0) {
          // Overloaded, unbounded buffers: the cut is busy (finite buffers saturate lower).
          EXPECT_GT(worst, kSide * w * 9 / 10);
        }
      }
    }
    // Accepted never exceeds offered: by any time, no more packets have arrived than were sent.
    std::vector<std::int64_t> delivered;
    for (const auto& [offer, delivery] : offer_delivery) {
      ASSERT_GT(delivery, offer);
      delivered.push_back(delivery);
    }
    std::sort(delivered.begin(), delivered.end());
    for (std::size_t k = 0; k < delivered.size(); ++k) {
      // Offers are in time order: offer k is the (k+1)-th; delivery k must come after it.
      ASSERT_GT(delivered[k], offer_delivery[k].first);
    }
  }
}

}  // namespace
}  // namespace kirchhoff::noc
