// The booking calendar of a network resource, and what backfill changes for a packet.
#include "interconnect/resource_calendar.h"

#include <gtest/gtest.h>

#include "interconnect/network.h"

namespace kirchhoff::noc {
namespace {

TEST(NocResourceCalendar, FindsTheFirstGapThatFitsOrQueuesBehindTheLastBooking) {
  ResourceCalendar c;
  EXPECT_EQ(c.earliest_start(5, 3, true), 5);
  c.book(10, 20);
  c.book(30, 40);
  EXPECT_EQ(c.earliest_start(0, 10, true), 0);    // [0, 10) fits before the first booking
  EXPECT_EQ(c.earliest_start(1, 10, true), 20);   // does not fit before 10; [20, 30) fits
  EXPECT_EQ(c.earliest_start(21, 10, true), 40);  // [21, 31) overlaps; after the last
  EXPECT_EQ(c.earliest_start(15, 5, true), 20);   // ready inside a booking
  EXPECT_EQ(c.earliest_start(0, 5, false), 40);   // no backfill: behind the last booking
  EXPECT_EQ(c.earliest_start(45, 5, false), 45);
  EXPECT_EQ(c.busy_until_ps(), 40);
}

TEST(NocResourceCalendar, MergesTouchingBookingsAndForgetsOldOnes) {
  ResourceCalendar c;
  c.book(0, 10);
  c.book(20, 30);
  c.book(10, 20);  // fills the gap exactly: one booking [0, 30)
  EXPECT_EQ(c.bookings(), 1u);
  c.book(30, 35);
  EXPECT_EQ(c.bookings(), 1u);
  c.book(50, 60);
  EXPECT_EQ(c.bookings(), 2u);
  c.forget_before(35);
  EXPECT_EQ(c.bookings(), 1u);
  EXPECT_EQ(c.earliest_start(0, 10, true), 0);  // forgotten time counts as free
  c.clear();
  EXPECT_EQ(c.bookings(), 0u);
  EXPECT_EQ(c.busy_until_ps(), 0);
}

TEST(NocResourceCalendar, BackfillLetsAYoungerPacketUseAGapBeforeAnOlderPacketArrives) {
  for (const bool backfill : {true, false}) {
    NocParams p;
    p.cols = 8;
    p.rows = 1;
    p.backfill = backfill;
    Network net(p);
    Packet a;  // 0 -> 7: takes link 5-6 at 1 + 2 x 5 = 11 cycles, holds it 8 cycles
    a.src = 0;
    a.dsts = {7};
    a.bits = 7 * 64;
    net.send(a);
    Packet b = a;  // 5 -> 6, sent after a: ready for link 5-6 at 2 cycles; [2, 10) is free
    b.src = 5;
    b.dsts = {6};
    b.inject_ps = 1000;
    const PacketResult r = net.send(b);
    EXPECT_EQ(r.deliveries[0].queueing_ps, backfill ? 0 : 17000) << "backfill " << backfill;
  }
}

}  // namespace
}  // namespace kirchhoff::noc
