#include "traces/perfetto_sink.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "synthetic_run.h"

namespace kirchhoff::traces {
namespace {

using nlohmann::json;
using testing::make_synthetic_run;
using testing::read_text;
using testing::TempDir;

std::int64_t us_to_ns(const json& v) {
  return std::llround(v.get<double>() * 1000.0);
}

// Checks that the slices of every (pid, tid) nest; returns the number of slices.
std::size_t expect_nesting(const json& trace) {
  std::map<std::pair<int, int>, std::vector<std::pair<std::int64_t, std::int64_t>>> tracks;
  std::size_t n = 0;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] != "X") continue;
    const std::int64_t ts = us_to_ns(e["ts"]);
    const std::int64_t dur = us_to_ns(e["dur"]);
    EXPECT_GE(dur, 0);
    tracks[{e["pid"].get<int>(), e["tid"].get<int>()}].push_back({ts, ts + dur});
    ++n;
  }
  for (auto& [track, slices] : tracks) {
    std::sort(slices.begin(), slices.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::vector<std::int64_t> open;
    for (const auto& [s, end] : slices) {
      while (!open.empty() && open.back() <= s) open.pop_back();
      if (!open.empty()) {
        EXPECT_LE(end, open.back()) << "partial overlap on pid " << track.first << " tid "
                                    << track.second << " at " << s << " ns";
      }
      open.push_back(end);
    }
  }
  return n;
}

TEST(PerfettoSink, SyntheticRunParsesNestsAndAddsUp) {
  TempDir dir("perfetto");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  auto sink = std::make_unique<PerfettoSink>(dir.file("timeline.json"), 2 * run.quantum_ps);
  const PerfettoSink* perfetto = sink.get();
  rec.add_sink(std::move(sink));
  run.play(rec);
  rec.finish();
  const auto diff = rec.check_sink_totals(1e-12);
  EXPECT_TRUE(diff.empty()) << diff.front();
  EXPECT_EQ(perfetto->late_events(), 0u);
  EXPECT_TRUE(perfetto->warnings().empty());

  const json trace = json::parse(read_text(dir.file("timeline.json")));
  ASSERT_TRUE(trace.contains("traceEvents"));
  EXPECT_EQ(trace["displayTimeUnit"], "ns");

  const std::size_t slices = expect_nesting(trace);
  EXPECT_EQ(slices, rec.totals().total_events());

  // Processes per group, threads per unit, overflow thread for the partial overlap.
  std::map<int, std::string> process;
  std::map<std::pair<int, int>, std::string> thread;
  double energy_pj = 0.0;
  std::map<std::string, std::vector<std::pair<std::int64_t, double>>> counters;
  for (const auto& e : trace["traceEvents"]) {
    const std::string ph = e["ph"];
    ASSERT_TRUE(ph == "X" || ph == "C" || ph == "M") << e.dump();
    if (ph == "M" && e["name"] == "process_name") {
      process[e["pid"]] = e["args"]["name"];
    } else if (ph == "M" && e["name"] == "thread_name") {
      thread[{e["pid"], e["tid"]}] = e["args"]["name"];
    } else if (ph == "X") {
      energy_pj += e["args"]["energy_pj"].get<double>();
      EXPECT_TRUE(thread.count({e["pid"], e["tid"]})) << "thread named before use";
    } else if (ph == "C") {
      const std::string key = process.at(e["pid"]) + "/" + e["name"].get<std::string>();
      counters[key].push_back({us_to_ns(e["ts"]), e["args"]["value"].get<double>()});
    }
  }
  EXPECT_NEAR(energy_pj, rec.totals().energy.total(), 1e-9 * rec.totals().energy.total());

  std::set<std::string> groups;
  for (auto& [pid, name] : process) groups.insert(name);
  EXPECT_EQ(groups,
            (std::set<std::string>{"chip.tile0", "chip.tile1", "chip.tile2", "chip.tile3",
                                   "chip.dpu0", "chip.noc.r0", "chip.noc.r1", "chip.host"}));
  std::multiset<std::string> tile0_threads, r1_threads, r0_threads;
  for (auto& [key, name] : thread) {
    if (process[key.first] == "chip.tile0") tile0_threads.insert(name);
    if (process[key.first] == "chip.noc.r1") r1_threads.insert(name);
    if (process[key.first] == "chip.noc.r0") r0_threads.insert(name);
  }
  EXPECT_EQ(tile0_threads,
            (std::multiset<std::string>{"crossbar", "crossbar #2", "adc", "static"}));
  EXPECT_EQ(r1_threads, (std::multiset<std::string>{"link_N", "link_S"}));
  EXPECT_EQ(r0_threads, (std::multiset<std::string>{"link_E", "link_W"}));
  EXPECT_EQ(perfetto->overflow_threads(), 1u);

  // Counters: power per process, samples in flight from the host; times increase.
  for (auto& [key, series] : counters) {
    for (std::size_t i = 1; i < series.size(); ++i) {
      EXPECT_LT(series[i - 1].first, series[i].first) << key;
    }
  }
  ASSERT_TRUE(counters.count("chip.tile0/power_mW"));
  ASSERT_TRUE(counters.count("chip.host/samples_in_flight"));
  const auto& inflight = counters["chip.host/samples_in_flight"];
  double peak = 0;
  for (auto& [t, v] : inflight) peak = std::max(peak, v);
  EXPECT_GE(peak, 2.0);  // pipelining: several samples in flight
  EXPECT_EQ(inflight.back().second, 0.0);
  // The tile's power returns to its static power only (static runs the whole time).
  EXPECT_GT(counters["chip.tile0/power_mW"].back().second, -1e-9);
}

TEST(PerfettoSink, PartialOverlapsGoToOverflowThreadsRandomised) {
  TempDir dir("perfetto_random");
  Recorder rec;
  const auto c = rec.add_component("chip.tile0", "tile");
  const auto u = rec.add_unit(c, "crossbar");
  const std::int64_t window_ps = 50'000;
  auto sink = std::make_unique<PerfettoSink>(dir.file("timeline.json"), window_ps);
  const PerfettoSink* perfetto = sink.get();
  rec.add_sink(std::move(sink));
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::int64_t> gap(0, 20'000), dur(0, 60'000),
      jitter(0, window_ps - 1);
  std::vector<std::pair<std::int64_t, Event>> events;
  std::int64_t t = 0;
  for (int i = 0; i < 3000; ++i) {
    Event e;
    e.component = c;
    e.unit = u;
    e.start_ps = t;
    e.duration_ps = dur(rng);
    e.energy[EnergyCategory::kArray] = 1.0;
    events.push_back({t + jitter(rng), e});
    t += gap(rng);
  }
  std::sort(events.begin(), events.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, e] : events) rec.record(e);
  rec.finish();
  EXPECT_EQ(perfetto->late_events(), 0u);
  EXPECT_GT(perfetto->overflow_threads(), 0u);
  const json trace = json::parse(read_text(dir.file("timeline.json")));
  EXPECT_EQ(expect_nesting(trace), events.size());
  EXPECT_TRUE(rec.check_sink_totals(1e-12).empty());
}

TEST(PerfettoSink, LateEventsAreStillWrittenAndReported) {
  TempDir dir("perfetto_late");
  Recorder rec;
  const auto c = rec.add_component("chip.tile0", "tile");
  auto sink = std::make_unique<PerfettoSink>(dir.file("timeline.json"), 1000);
  const PerfettoSink* perfetto = sink.get();
  rec.add_sink(std::move(sink));
  Event e;
  e.component = c;
  e.duration_ps = 5000;
  for (std::int64_t start : {0, 10'000, 20'000, 3'000}) {  // the last is 16 ns late
    e.start_ps = start;
    rec.record(e);
  }
  rec.finish();
  EXPECT_EQ(perfetto->late_events(), 1u);
  ASSERT_EQ(perfetto->warnings().size(), 1u);
  EXPECT_EQ(rec.sink_warnings().size(), 1u);
  const json trace = json::parse(read_text(dir.file("timeline.json")));
  EXPECT_EQ(expect_nesting(trace), 4u);
  EXPECT_TRUE(rec.check_sink_totals(0.0).empty());  // busy time counts the recorded duration
  bool late_marked = false;
  for (const auto& ev : trace["traceEvents"]) {
    if (ev["ph"] == "X" && ev["args"].contains("late")) late_marked = true;
  }
  EXPECT_TRUE(late_marked);
}

TEST(PerfettoSink, EmptyRunIsValidJson) {
  TempDir dir("perfetto_empty");
  Recorder rec;
  rec.add_sink(std::make_unique<PerfettoSink>(dir.file("timeline.json"), 1000));
  rec.finish();
  const json trace = json::parse(read_text(dir.file("timeline.json")));
  EXPECT_TRUE(trace["traceEvents"].empty());
}

TEST(PerfettoSink, UnopenableFileNamesTheFile) {
  const std::string path = "/nonexistent_dir_kirchhoff/timeline.json";
  try {
    PerfettoSink sink(path, 0);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff::traces
