#include "traces/events_csv_sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "synthetic_run.h"

namespace kirchhoff::traces {
namespace {

using testing::make_synthetic_run;
using testing::read_text;
using testing::split_csv;
using testing::split_lines;
using testing::TempDir;

TEST(EventsCsvSink, HeaderIsDocumentedColumns) {
  EXPECT_EQ(
      EventsCsvSink::header(),
      "start_ns,duration_ns,component,kind,sample,layer,bytes,ops,energy_pj,array_pj,"
      "dac_pj,adc_pj,dpu_pj,buffer_pj,network_pj,host_io_pj,programming_pj,static_pj,active_pj,"
      "unit,category,value,layer_name");
}

TEST(EventsCsvSink, OneRowPerEventAndTotalsReadBack) {
  TempDir dir("csv");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  rec.add_sink(std::make_unique<EventsCsvSink>(dir.file("events.csv")));
  run.play(rec);
  EXPECT_FALSE(std::filesystem::exists(dir.file("events.csv")));  // not before finish
  rec.finish();
  EXPECT_TRUE(rec.check_sink_totals(0.0).empty());  // arrival order: equal bits
  EXPECT_FALSE(std::filesystem::exists(dir.file("events.csv.partial")));

  const auto lines = split_lines(read_text(dir.file("events.csv")));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], EventsCsvSink::header());
  const auto header = split_csv(lines[0]);
  const Totals& t = rec.totals();
  EXPECT_EQ(lines.size() - 1, t.total_events() + t.counter_samples);

  // Sum the file back: energy per category, events per kind, busy time per component.
  Totals back;
  std::map<std::string, std::uint32_t> id_of;
  for (std::uint32_t i = 0; i < rec.num_components(); ++i) id_of[rec.component(i).name] = i;
  std::uint64_t counters = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = split_csv(lines[i]);
    ASSERT_EQ(f.size(), header.size()) << lines[i];
    if (f[3] == "counter") {
      ++counters;
      EXPECT_FALSE(f[f.size() - 2].empty());  // value
      continue;
    }
    EXPECT_TRUE(f[f.size() - 2].empty());
    Event e;
    // ns with exactly 3 decimals: exact ps.
    const auto dot = f[0].find('.');
    ASSERT_NE(dot, std::string::npos);
    EXPECT_EQ(f[0].size() - dot - 1, 3u);
    e.start_ps = std::llround(std::stod(f[0]) * 1000.0);
    e.duration_ps = std::llround(std::stod(f[1]) * 1000.0);
    e.component = id_of.at(f[2]);
    bool found = false;
    for (std::size_t k = 0; k < kNumEventKinds; ++k) {
      if (to_string(static_cast<EventKind>(k)) == f[3]) {
        e.kind = static_cast<EventKind>(k);
        found = true;
      }
    }
    ASSERT_TRUE(found) << f[3];
    e.sample = std::stoi(f[4]);
    e.layer = std::stoi(f[5]);
    e.bytes = std::stoull(f[6]);
    e.ops = std::stoull(f[7]);
    for (std::size_t c = 0; c < kNumEnergyCategories; ++c) e.energy.pj[c] = std::stod(f[9 + c]);
    EXPECT_EQ(std::stod(f[8]), e.energy.total());
    back.add(e);
  }
  back.counter_samples = counters;
  const auto diff = compare_totals(t, back, 0.0);
  EXPECT_TRUE(diff.empty()) << diff.front();
}

TEST(EventsCsvSink, QuotesNamesWithCommas) {
  TempDir dir("csv_quote");
  Recorder rec;
  const auto c = rec.add_component("chip.tile,0", "tile");
  const auto u = rec.add_unit(c, "x\"bar");
  rec.add_sink(std::make_unique<EventsCsvSink>(dir.file("events.csv")));
  Event e;
  e.component = c;
  e.unit = u;
  e.start_ps = 1;
  rec.record(e);
  rec.finish();
  const auto lines = split_lines(read_text(dir.file("events.csv")));
  ASSERT_EQ(lines.size(), 2u);
  const auto f = split_csv(lines[1]);
  EXPECT_EQ(f.size(), split_csv(lines[0]).size());
  EXPECT_EQ(f[0], "0.001");
  EXPECT_EQ(f[2], "chip.tile,0");
  EXPECT_EQ(f[f.size() - 4], "x\"bar");
}

TEST(EventsCsvSink, LayerNameColumnNamesTheEventsLayer) {
  TempDir dir("csv_layer_name");
  Recorder rec;
  const auto c = rec.add_component("chip.tile0", "tile");
  rec.set_layer_name(0, "fc1");
  rec.set_layer_name(2, "conv,2");
  rec.add_sink(std::make_unique<EventsCsvSink>(dir.file("events.csv")));
  Event e;
  e.component = c;
  for (const std::int32_t layer : {0, 2, 1, -1}) {
    e.layer = layer;
    rec.record(e);
  }
  rec.finish();
  const auto lines = split_lines(read_text(dir.file("events.csv")));
  ASSERT_EQ(lines.size(), 5u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"0", "fc1"}, {"2", "conv,2"}, {"1", ""}, {"-1", ""}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto f = split_csv(lines[i + 1]);
    ASSERT_EQ(f.size(), split_csv(lines[0]).size()) << lines[i + 1];
    EXPECT_EQ(f[5], expected[i].first);
    EXPECT_EQ(f.back(), expected[i].second) << lines[i + 1];
  }
  EXPECT_EQ(rec.layer_name(7), "");
  EXPECT_THROW(rec.set_layer_name(-1, "x"), std::out_of_range);
}

TEST(EventsCsvSink, UnopenableFileNamesTheFile) {
  const std::string path = "/nonexistent_dir_kirchhoff/events.csv";
  try {
    EventsCsvSink sink(path);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(EventsCsvSink, AbandonedRunLeavesNoFile) {
  TempDir dir("csv_abandon");
  {
    Recorder rec;
    const auto c = rec.add_component("chip.tile0", "tile");
    rec.add_sink(std::make_unique<EventsCsvSink>(dir.file("events.csv")));
    Event e;
    e.component = c;
    rec.record(e);
    // No finish(): the run failed.
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace kirchhoff::traces
