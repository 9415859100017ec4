// The FIFO input buffer's memory of departures: which flit left when, how far back it reaches.
#include "interconnect/input_buffer.h"

#include <gtest/gtest.h>

namespace kirchhoff::noc {
namespace {

TEST(InputBuffer, DepartureOfTheFlitSoManyPlacesAheadOfTheNextHead) {
  InputBuffer b;
  EXPECT_EQ(b.departure_ps(1), InputBuffer::kNever);  // empty: every slot is free
  EXPECT_EQ(b.last_tail_out_ps(), InputBuffer::kNever);
  // A: 4 flits leave as a compact train from 100, one per 10 ps: flit j at 100 + 10 j.
  b.push({100, 140, 4, 10}, 8);
  EXPECT_EQ(b.departure_ps(1), 130);  // A's tail
  EXPECT_EQ(b.departure_ps(4), 100);  // A's head
  EXPECT_EQ(b.departure_ps(5), InputBuffer::kNever);
  EXPECT_EQ(b.last_tail_out_ps(), 140);
  // B: 3 flits whose head leaves at 200 but whose tail is held until 300 (back-pressure): the
  // first flits follow the head (depth 8): 200, 210; the tail leaves when released, at 290.
  b.push({200, 300, 3, 10}, 8);
  EXPECT_EQ(b.departure_ps(1), 290);
  EXPECT_EQ(b.departure_ps(2), 210);
  EXPECT_EQ(b.departure_ps(3), 200);
  EXPECT_EQ(b.departure_ps(4), 130);  // into A
  EXPECT_EQ(b.departure_ps(7), 100);
  EXPECT_EQ(b.last_tail_out_ps(), 300);
}

TEST(InputBuffer, FlitsBeyondTheDepthLeaveAsLateAsTheTailAllows) {
  InputBuffer b;
  // 6 flits, head out at 0, tail released at 100, depth 2: flits 0, 1 follow the head (0, 10);
  // flits 2..5 leave at max(10 j, 100 - 10 (6 - j)) = 60, 70, 80, 90.
  b.push({0, 100, 6, 10}, 2);
  EXPECT_EQ(b.departure_ps(6), 0);
  EXPECT_EQ(b.departure_ps(5), 10);
  EXPECT_EQ(b.departure_ps(4), 60);
  EXPECT_EQ(b.departure_ps(1), 90);
}

TEST(InputBuffer, RemembersOnlyWhatTheDepthReachesBackTo) {
  InputBuffer b;
  b.push({0, 40, 4, 10}, 2);
  b.push({50, 90, 4, 10}, 2);  // 4 flits >= depth 2: the older packet is forgotten
  EXPECT_EQ(b.departure_ps(4), 50);
  EXPECT_EQ(b.departure_ps(5), InputBuffer::kNever);
  b.push({100, 110, 1, 10}, 2);  // 1 flit < depth 2: the previous one is still needed
  EXPECT_EQ(b.departure_ps(2), 80);
  b.clear();
  EXPECT_EQ(b.departure_ps(1), InputBuffer::kNever);
}

}  // namespace
}  // namespace kirchhoff::noc
