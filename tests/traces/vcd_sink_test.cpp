#include "traces/vcd_sink.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "synthetic_run.h"

namespace kirchhoff::traces {
namespace {

using testing::kNs;
using testing::make_synthetic_run;
using testing::read_text;
using testing::split_lines;
using testing::TempDir;

// A small VCD reader: declarations and every value change, with checks on the way.
struct ParsedVcd {
  std::string timescale;
  std::map<std::string, std::string> name_of;  // id -> dotted name
  std::map<std::string, std::string> id_of;    // dotted name -> id
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> changes;  // by name
  std::vector<std::int64_t> stamps;

  // The value of `name` at the end of time step t ("" if never set).
  std::string value_at(const std::string& name, std::int64_t t) const {
    std::string v;
    for (const auto& [time, value] : changes.at(name)) {
      if (time > t) break;
      v = value;
    }
    return v;
  }
};

ParsedVcd parse_vcd(const std::string& text) {
  ParsedVcd vcd;
  std::istringstream in(text);
  std::string tok;
  std::vector<std::string> scopes;
  bool definitions = true;
  std::int64_t now = -1;
  while (definitions && in >> tok) {
    if (tok == "$timescale") {
      std::string t;
      while (in >> t && t != "$end") vcd.timescale += t;
    } else if (tok == "$scope") {
      std::string kind, name, end;
      in >> kind >> name >> end;
      scopes.push_back(name);
    } else if (tok == "$upscope") {
      in >> tok;
      scopes.pop_back();
    } else if (tok == "$var") {
      std::string type, width, id, name, end;
      in >> type >> width >> id >> name >> end;
      EXPECT_EQ(end, "$end");
      std::string full;
      for (auto& s : scopes) full += s + ".";
      full += name;
      vcd.name_of[id] = full;
      vcd.id_of[full] = id;
      vcd.changes[full];
    } else if (tok == "$enddefinitions") {
      in >> tok;
      definitions = false;
    } else if (tok[0] == '$') {
      while (in >> tok && tok != "$end") {
      }
    }
  }
  EXPECT_TRUE(scopes.empty());
  auto record = [&](const std::string& id, const std::string& value) {
    EXPECT_GE(now, 0) << "value change before the first timestamp";
    auto it = vcd.name_of.find(id);
    ASSERT_NE(it, vcd.name_of.end()) << "undeclared id " << id;
    vcd.changes[it->second].push_back({now, value});
  };
  while (in >> tok) {
    if (tok == "$dumpvars" || tok == "$end") continue;
    if (tok[0] == '#') {
      const std::int64_t t = std::stoll(tok.substr(1));
      if (!vcd.stamps.empty()) {
        EXPECT_LT(vcd.stamps.back(), t) << "timestamps must strictly increase";
      }
      vcd.stamps.push_back(t);
      now = t;
    } else if (tok[0] == 'b' || tok[0] == 'r') {
      std::string id;
      in >> id;
      record(id, tok);
    } else {
      record(tok.substr(1), tok.substr(0, 1));
    }
  }
  return vcd;
}

// Rising/falling edges of a 1-bit signal as [start, end) intervals.
std::vector<std::pair<std::int64_t, std::int64_t>> intervals(const ParsedVcd& vcd,
                                                             const std::string& name) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  std::string prev = "0";
  std::int64_t rise = 0;
  for (const auto& [t, v] : vcd.changes.at(name)) {
    if (v == prev) continue;
    if (v == "1") rise = t;
    if (v == "0" && prev == "1") out.push_back({rise, t});
    prev = v;
  }
  EXPECT_EQ(prev, "0") << name << " still busy at the end";
  return out;
}

bool have_vcd2fst() {
  return std::system("command -v vcd2fst >/dev/null 2>&1") == 0;
}

TEST(VcdSink, SyntheticRunWaveformsMatchTheEvents) {
  TempDir dir("vcd");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  VcdOptions opt;
  opt.path = dir.file("waves.vcd");
  opt.reorder_window_ps = 2 * run.quantum_ps;
  auto sink = std::make_unique<VcdSink>(opt);
  const VcdSink* vcd_sink = sink.get();
  rec.add_sink(std::move(sink));
  run.play(rec);
  rec.finish();
  EXPECT_EQ(vcd_sink->late_events(), 0u);
  const auto diff = rec.check_sink_totals(1e-12);
  EXPECT_TRUE(diff.empty()) << diff.front();

  const std::string text = read_text(dir.file("waves.vcd"));
  const ParsedVcd vcd = parse_vcd(text);
  EXPECT_EQ(vcd.timescale, "1ns");
  ASSERT_FALSE(vcd.stamps.empty());
  EXPECT_EQ(vcd.stamps.front(), 0);

  for (const auto& [tile, mvms] : run.mvms) {
    const std::string name = rec.component(tile).name;
    // Busy: the union of the tile's MVMs, in whole ns (times are rounded down).
    std::vector<std::pair<std::int64_t, std::int64_t>> expected;
    for (const auto& [s, e] : mvms) {
      const std::int64_t s_ns = s / kNs, e_ns = e / kNs;
      if (!expected.empty() && s_ns <= expected.back().second) {
        expected.back().second = std::max(expected.back().second, e_ns);
      } else {
        expected.push_back({s_ns, e_ns});
      }
    }
    EXPECT_EQ(intervals(vcd, name + ".busy"), expected) << name;
    // The crossbar unit is busy exactly as the tile (only MVMs run on it).
    EXPECT_EQ(intervals(vcd, name + ".crossbar.busy"), expected) << name;
    // MVM count ends at the number of MVMs.
    const auto& counts = vcd.changes.at(name + ".mvm_count");
    ASSERT_FALSE(counts.empty());
    std::int64_t final_count = std::stoll(counts.back().second.substr(1), nullptr, 2);
    EXPECT_EQ(final_count, static_cast<std::int64_t>(mvms.size())) << name;
    // The layer is x when idle and the MVM's layer while it runs.
    EXPECT_EQ(vcd.value_at(name + ".layer", 0), "bx");
  }
  // Tile 1 runs layer 1 (4 layers on 4 tiles): check at the middle of its first MVM.
  const auto tile1 = run.tiles[1];
  const auto& first = run.mvms.at(tile1).front();
  EXPECT_EQ(vcd.value_at("chip.tile1.layer", (first.first + first.second) / 2 / kNs), "b1");

  // Links: every hop shows as busy.
  EXPECT_FALSE(intervals(vcd, "chip.noc.r0.link_E.busy").empty());
  EXPECT_FALSE(intervals(vcd, "chip.noc.r1.link_N.busy").empty());
  // Dynamic power: up while MVMs run, back to exactly 0 at the end.
  const auto& power = vcd.changes.at("chip.tile2.power_mW");
  ASSERT_GE(power.size(), 3u);
  EXPECT_GT(std::stod(power[power.size() - 2].second.substr(1)), 1.0);
  EXPECT_EQ(power.back().second, "r0");
  // Samples in flight: pipelined, back to 0 at the end.
  const auto& flight = vcd.changes.at("chip.host.samples_in_flight");
  std::int64_t peak = 0;
  for (auto& [t, v] : flight) {
    if (v != "bx") peak = std::max<std::int64_t>(peak, std::stoll(v.substr(1), nullptr, 2));
  }
  EXPECT_GE(peak, 2);
  EXPECT_EQ(flight.back().second, "b0");

  if (!have_vcd2fst()) {
    GTEST_SKIP() << "vcd2fst (Debian package gtkwave) is not installed: the VCD was not checked "
                    "by GTKWave's reader";
  }
  const std::string fst = dir.file("waves.fst");
  const std::string cmd = "vcd2fst " + dir.file("waves.vcd") + " " + fst + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_TRUE(std::filesystem::exists(fst));
  EXPECT_GT(std::filesystem::file_size(fst), 0u);
}

TEST(VcdSink, FilterKeepsOnlyMatchingSignals) {
  TempDir dir("vcd_filter");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  VcdOptions opt;
  opt.path = dir.file("waves.vcd");
  opt.filter = "chip.tile?.busy, *samples_in_flight";
  opt.reorder_window_ps = 2 * run.quantum_ps;
  auto sink = std::make_unique<VcdSink>(opt);
  const VcdSink* vcd_sink = sink.get();
  rec.add_sink(std::move(sink));
  run.play(rec);
  rec.finish();
  EXPECT_EQ(vcd_sink->signal_names(),
            (std::vector<std::string>{"chip.tile0.busy", "chip.tile1.busy", "chip.tile2.busy",
                                      "chip.tile3.busy", "chip.host.samples_in_flight"}));
  const ParsedVcd vcd = parse_vcd(read_text(dir.file("waves.vcd")));
  EXPECT_EQ(vcd.id_of.size(), 5u);
  EXPECT_TRUE(rec.check_sink_totals(1e-12).empty());
}

TEST(VcdSink, TimescaleIsConfigurableAndChecked) {
  TempDir dir("vcd_ts");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  VcdOptions opt;
  opt.path = dir.file("waves.vcd");
  opt.timescale_ns = 0.01;  // 10 ps
  opt.reorder_window_ps = 2 * run.quantum_ps;
  rec.add_sink(std::make_unique<VcdSink>(opt));
  run.play(rec);
  rec.finish();
  const ParsedVcd vcd = parse_vcd(read_text(dir.file("waves.vcd")));
  EXPECT_EQ(vcd.timescale, "10ps");
  // MVMs last 40.25 ns = 4025 steps of 10 ps.
  const auto busy = intervals(vcd, "chip.tile1.busy");
  ASSERT_FALSE(busy.empty());
  EXPECT_EQ(busy.front().second - busy.front().first, 4025);

  opt.path = dir.file("bad.vcd");
  opt.timescale_ns = 3.0;
  EXPECT_THROW(VcdSink bad(opt), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad.vcd.partial")));
}

TEST(VcdSink, ReorderingWithinTheWindowGivesTheSameFile) {
  // The same events in time order and out of order (less than the window) give equal files.
  TempDir dir("vcd_order");
  std::string texts[2];
  for (int pass = 0; pass < 2; ++pass) {
    Recorder rec;
    testing::SyntheticConfig cfg;
    cfg.seed = pass == 0 ? 1 : 99;
    const auto run = make_synthetic_run(rec, cfg);
    VcdOptions opt;
    opt.path = dir.file("waves" + std::to_string(pass) + ".vcd");
    opt.reorder_window_ps = run.quantum_ps;
    rec.add_sink(std::make_unique<VcdSink>(opt));
    run.play(rec);
    rec.finish();
    texts[pass] = read_text(opt.path);
  }
  EXPECT_EQ(texts[0], texts[1]);
}

TEST(VcdSink, EventsLaterThanTheWindowKeepTheFileValid) {
  TempDir dir("vcd_late");
  Recorder rec;
  const auto tile = rec.add_component("chip.tile0", "tile");
  VcdOptions opt;
  opt.path = dir.file("waves.vcd");
  opt.reorder_window_ps = 1000;
  auto sink = std::make_unique<VcdSink>(opt);
  const VcdSink* vcd_sink = sink.get();
  rec.add_sink(std::move(sink));
  Event e;
  e.component = tile;
  e.kind = EventKind::kMvm;
  e.duration_ps = 5 * kNs;
  for (std::int64_t start : {0 * kNs, 10 * kNs, 20 * kNs, 30 * kNs, 12 * kNs, 40 * kNs}) {
    e.start_ps = start;  // 12 ns arrives 17 ns late: more than the 1 ns window
    rec.record(e);
  }
  rec.finish();
  EXPECT_EQ(vcd_sink->late_events(), 1u);
  EXPECT_EQ(rec.sink_warnings().size(), 1u);
  const ParsedVcd vcd = parse_vcd(read_text(dir.file("waves.vcd")));  // checks the stamps
  const auto& counts = vcd.changes.at("chip.tile0.mvm_count");
  EXPECT_EQ(counts.back().second, "b110");  // all 6 MVMs counted
  EXPECT_TRUE(rec.check_sink_totals(0.0).empty());
}

TEST(VcdSink, UnopenableFileNamesTheFile) {
  VcdOptions opt;
  opt.path = "/nonexistent_dir_kirchhoff/waves.vcd";
  try {
    VcdSink sink(opt);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(opt.path), std::string::npos) << e.what();
  }
}

TEST(VcdFormat, IdentifiersAndTimescales) {
  EXPECT_EQ(vcd_identifier(0), "!");
  EXPECT_EQ(vcd_identifier(93), "~");
  EXPECT_EQ(vcd_identifier(94), "!\"");
  EXPECT_EQ(vcd_timescale_ps(1.0), 1000);
  EXPECT_EQ(vcd_timescale_ps(0.001), 1);
  EXPECT_EQ(vcd_timescale_ps(100.0), 100'000);
  EXPECT_EQ(vcd_timescale_text(1), "1ps");
  EXPECT_EQ(vcd_timescale_text(100'000), "100ns");
  EXPECT_EQ(vcd_timescale_text(1'000'000'000'000), "1s");
  EXPECT_THROW(vcd_timescale_ps(2.0), std::invalid_argument);
  EXPECT_THROW(vcd_timescale_ps(0.0001), std::invalid_argument);
  GlobFilter f("a.*.busy,b?");
  EXPECT_TRUE(f.matches("a.x.y.busy"));
  EXPECT_TRUE(f.matches("b1"));
  EXPECT_FALSE(f.matches("b12"));
  EXPECT_TRUE(GlobFilter("").matches("anything"));
}

}  // namespace
}  // namespace kirchhoff::traces
