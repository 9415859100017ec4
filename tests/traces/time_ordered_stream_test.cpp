#include "traces/time_ordered_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kirchhoff::traces {
namespace {

struct Log {
  std::vector<std::string> lines;
  void visit_time(std::int64_t t) { lines.push_back("t" + std::to_string(t)); }
  void visit_start(const TimedEvent& e) {
    lines.push_back("s" + std::to_string(e.event.sample) + (e.late ? "L" : ""));
  }
  void visit_end(const TimedEvent& e) { lines.push_back("e" + std::to_string(e.event.sample)); }
  void visit_counter(const CounterSample& s) {
    lines.push_back("c" + std::to_string(static_cast<int>(s.value)));
  }
};

Event ev(int id, std::int64_t start, std::int64_t dur) {
  Event e;
  e.sample = id;
  e.start_ps = start;
  e.duration_ps = dur;
  return e;
}

TEST(TimeOrderedStream, ReleasesInTimeOrderUpToTheHorizon) {
  TimeOrderedStream s(100);
  Log log;
  s.push(ev(1, 50, 10));
  s.push(ev(0, 20, 100));  // earlier, arrives later: within the window
  EXPECT_EQ(s.horizon_ps(), 0);
  s.push(ev(2, 200, 5));
  EXPECT_EQ(s.horizon_ps(), 100);
  s.release(s.horizon_ps(), log);
  // 0 starts at 20, 1 at 50, 1 ends at 60; 0 ends at 120 (not yet released).
  EXPECT_EQ(log.lines, (std::vector<std::string>{"t20", "s0", "t50", "s1", "t60", "e1"}));
  log.lines.clear();
  s.release(TimeOrderedStream::kForever, log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"t120", "e0", "t200", "s2", "t205", "e2"}));
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_EQ(s.late_items(), 0u);
}

TEST(TimeOrderedStream, AtOneTimeEndsThenCountersThenLongerStartsFirst) {
  TimeOrderedStream s(0);
  Log log;
  s.push(ev(0, 0, 10));
  s.push(ev(1, 10, 5));
  s.push(ev(2, 10, 20));
  CounterSample c{10, 0, 7};
  s.push(c);
  s.release(TimeOrderedStream::kForever, log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"t0", "s0", "t10", "e0", "c7", "s2", "s1", "t15",
                                                 "e1", "t30", "e2"}));
}

TEST(TimeOrderedStream, LateItemsAreMovedToTheOpenTimeAndCounted) {
  TimeOrderedStream s(10);
  Log log;
  s.push(ev(0, 100, 10));
  s.push(ev(1, 200, 10));
  s.release(s.horizon_ps(), log);  // releases everything before 190
  EXPECT_EQ(s.released_until_ps(), 190);
  s.push(ev(2, 150, 100));  // 40 ps later than allowed: moved to 190, keeps its end 250
  EXPECT_EQ(s.late_items(), 1u);
  EXPECT_EQ(s.max_lateness_ps(), 40);
  log.lines.clear();
  s.release(TimeOrderedStream::kForever, log);
  EXPECT_EQ(log.lines,
            (std::vector<std::string>{"t190", "s2L", "t200", "s1", "t210", "e1", "t250", "e2"}));
}

TEST(TimeOrderedStream, WithAClockWorkBookedAheadDoesNotMakeTheCurrentWorkLate) {
  // A tile books its recalibration 50 us after the end of programming while the host port
  // still records transfers at the current time (hermes64 MLP: 5 host transfers were 51.7 us
  // late behind a 10 us window). Without the clock the far-ahead start moves the horizon.
  for (const bool clocked : {false, true}) {
    TimeOrderedStream s(10'000);
    Log log;
    if (clocked) s.advance_clock(17'000);
    s.push(ev(0, 69'584, 104'857));  // booked ahead
    if (clocked) s.advance_clock(17'500);
    s.release(s.horizon_ps(), log);
    s.push(ev(1, 17'884, 1));  // recorded now
    EXPECT_EQ(s.late_items(), clocked ? 0u : 1u) << (clocked ? "clocked" : "latest start");
    EXPECT_EQ(s.horizon_ps(), clocked ? 7'500 : 59'584);
    log.lines.clear();
    s.release(TimeOrderedStream::kForever, log);
    if (clocked) {
      EXPECT_EQ(log.lines, (std::vector<std::string>{"t17884", "s1", "t17885", "e1", "t69584", "s0",
                                                     "t174441", "e0"}));
    }
  }
}

TEST(TimeOrderedStream, TheClockedHorizonNeverDecreases) {
  TimeOrderedStream s(100);
  s.advance_clock(1'000);
  EXPECT_EQ(s.horizon_ps(), 900);
  s.advance_clock(500);
  EXPECT_EQ(s.horizon_ps(), 900);
  s.push(ev(0, 5'000, 1));  // a start far ahead moves nothing once clocked
  EXPECT_EQ(s.horizon_ps(), 900);
  s.advance_clock(50);  // below the window: the horizon saturates, it does not go negative
  EXPECT_EQ(s.horizon_ps(), 900);
}

TEST(TimeOrderedStream, NegativeTimesStartAtZero) {
  TimeOrderedStream s(10);
  Log log;
  s.push(ev(0, -5, 10));
  s.release(TimeOrderedStream::kForever, log);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"t0", "s0L", "t5", "e0"}));
}

}  // namespace
}  // namespace kirchhoff::traces
