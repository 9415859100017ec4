// app::ProgressMeter: the lines a sweep's log and a forced `run --progress` get when stderr is
// not a terminal (plain), the redraws a terminal gets (rate-limited), and the rate and ETA from
// a controlled clock.
#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "app/progress_meter.h"

namespace kirchhoff::app {
namespace {

struct FakeClock {
  double now_s = 100.0;
  ProgressMeter::Clock clock() {
    return [this] { return now_s; };
  }
};

ProgressSetup points(std::size_t total, std::size_t already_done = 0) {
  ProgressSetup s;
  s.unit = "points";
  s.total = total;
  s.already_done = already_done;
  return s;
}

TEST(ProgressStyle, QuietWinsTerminalRedrawsOtherwisePlainOnlyWhenAskedFor) {
  using R = ProgressRequest;
  using S = ProgressStyle;
  for (bool tty : {false, true}) {
    for (bool plain_default : {false, true}) {
      EXPECT_EQ(resolve_progress_style(R::quiet, tty, plain_default), S::off);
    }
  }
  EXPECT_EQ(resolve_progress_style(R::automatic, true, false), S::terminal);
  EXPECT_EQ(resolve_progress_style(R::forced, true, false), S::terminal);
  // Not a terminal: `run` stays quiet unless forced; a sweep logs plain lines.
  EXPECT_EQ(resolve_progress_style(R::automatic, false, false), S::off);
  EXPECT_EQ(resolve_progress_style(R::forced, false, false), S::plain);
  EXPECT_EQ(resolve_progress_style(R::automatic, false, true), S::plain);
}

TEST(ProgressDuration, SecondsMinutesHoursDays) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(0.4), "1s");  // rounded up: not done yet is not "0s"
  EXPECT_EQ(format_duration(59), "59s");
  EXPECT_EQ(format_duration(187), "3m07s");
  EXPECT_EQ(format_duration(2 * 3600 + 5 * 60 + 30), "2h05m");
  EXPECT_EQ(format_duration(4 * 86400 + 3 * 3600), "4d03h");
  EXPECT_EQ(format_duration(-1), "--");
  EXPECT_EQ(format_duration(std::numeric_limits<double>::infinity()), "--");
}

TEST(ProgressPlain, OneLinePerFinishedPointWithCountsRateAndEta) {
  FakeClock t;
  std::ostringstream out;
  {
    ProgressMeter m(ProgressStyle::plain, out, points(4), t.clock());
    m.item_started();
    m.item_started();
    EXPECT_EQ(out.str(), "");  // starting prints nothing in plain mode
    t.now_s += 30;
    m.item_finished("p0000", true);
    t.now_s += 30;
    m.item_finished("p0001", false, "timeout");
    m.item_started();
    t.now_s += 60;
    m.item_finished("p0002", true);
    EXPECT_EQ(m.done(), 3u);
    EXPECT_EQ(m.failed(), 1u);
    EXPECT_EQ(m.running(), 0u);
  }
  // 1 point in 30 s = 2/min, 3 left -> 1.5 min; 2 in 60 s, 2 left -> 1 min; 3 in 120 s = 1.5/min, 1
  // left -> 40 s.
  EXPECT_EQ(out.str(),
            "1/4 points, 1 running, 0 failed, 2.0/min, ETA 1m30s (p0000 ok)\n"
            "2/4 points, 0 running, 1 failed, 2.0/min, ETA 1m00s (p0001 timeout)\n"
            "3/4 points, 0 running, 1 failed, 1.5/min, ETA 40s (p0002 ok)\n");
}

TEST(ProgressPlain, AResumedSweepCountsEarlierPointsInDoneButNotInTheRate) {
  FakeClock t;
  std::ostringstream out;
  ProgressMeter m(ProgressStyle::plain, out, points(10, 6), t.clock());
  EXPECT_EQ(m.status_line(), "6/10 points, 0 running, 0 failed, --/min, ETA --");
  m.item_started();
  t.now_s += 20;
  m.item_finished("p0006", true);
  // 1 point in 20 s here (not 7): 3/min, 3 left -> 1 min.
  EXPECT_EQ(out.str(), "7/10 points, 0 running, 0 failed, 3.0/min, ETA 1m00s (p0006 ok)\n");
}

TEST(ProgressPlain, SamplesCounterPrintsALineForEveryIncrease) {
  FakeClock t;
  std::ostringstream out;
  ProgressSetup s;
  s.unit = "samples";
  s.total = 8;
  s.show_running_and_failed = false;
  ProgressMeter m(ProgressStyle::plain, out, s, t.clock());
  t.now_s += 1;
  m.set_done(2);
  m.set_done(2);  // no change: no line
  m.set_done(1);  // never backwards
  t.now_s += 1;
  m.set_done(8);
  m.finish();
  EXPECT_EQ(out.str(),
            "2/8 samples, 120.0/min, ETA 3s\n"
            "8/8 samples, 240.0/min, ETA 0s\n");
}

TEST(ProgressTerminal, RedrawsInPlaceAtMostTenTimesASecondAndEndsTheLine) {
  FakeClock t;
  std::ostringstream out;
  ProgressSetup s = points(100);
  ProgressMeter m(ProgressStyle::terminal, out, s, t.clock());
  m.item_started();  // first draw
  for (int i = 0; i < 50; ++i) {
    t.now_s += 0.01;  // 50 updates in 0.5 s
    m.item_finished("p", true);
    m.item_started();
  }
  m.finish();
  m.finish();  // idempotent
  const std::string text = out.str();
  std::size_t draws = 0;
  for (char c : text) draws += c == '\r';
  // The first draw, one per 0.1 s of the 0.5 s, and the final one.
  EXPECT_GE(draws, 5u);
  EXPECT_LE(draws, 7u);
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // one line, ended once
  const std::string last = text.substr(text.rfind('\r'));
  EXPECT_EQ(last, "\r50/100 points, 1 running, 0 failed, 6000.0/min, ETA 1s\x1b[K\n");
}

TEST(ProgressTerminal, AFailureIsDrawnAtOnce) {
  FakeClock t;
  std::ostringstream out;
  ProgressMeter m(ProgressStyle::terminal, out, points(3), t.clock());
  m.item_started();
  m.item_finished("p0000", false);
  EXPECT_NE(out.str().find("1/3 points, 0 running, 1 failed"), std::string::npos) << out.str();
}

TEST(ProgressOff, PrintsNothing) {
  FakeClock t;
  std::ostringstream out;
  {
    ProgressMeter m(ProgressStyle::off, out, points(2), t.clock());
    m.item_started();
    m.item_finished("p0000", false);
    m.set_done(2);
    m.tick();
  }
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace kirchhoff::app
