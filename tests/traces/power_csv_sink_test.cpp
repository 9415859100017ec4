#include "traces/power_csv_sink.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "synthetic_run.h"

namespace kirchhoff::traces {
namespace {

using testing::kNs;
using testing::make_synthetic_run;
using testing::read_text;
using testing::split_csv;
using testing::split_lines;
using testing::TempDir;

struct PowerTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::size_t column(const std::string& name) const {
    auto it = std::find(columns.begin(), columns.end(), name);
    EXPECT_NE(it, columns.end()) << name;
    return static_cast<std::size_t>(it - columns.begin());
  }
  // Energy of a column in pJ: mW * ns.
  double energy_pj(const std::string& name) const {
    const std::size_t c = column(name);
    double pj = 0;
    for (const auto& r : rows) pj += r[c] * (r[1] - r[0]);
    return pj;
  }
};

PowerTable read_power(const std::string& path) {
  PowerTable t;
  const auto lines = split_lines(read_text(path));
  EXPECT_FALSE(lines.empty());
  t.columns = split_csv(lines.at(0));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = split_csv(lines[i]);
    EXPECT_EQ(f.size(), t.columns.size());
    std::vector<double> r;
    for (const auto& v : f) r.push_back(std::stod(v));
    t.rows.push_back(r);
  }
  return t;
}

TEST(PowerCsvSink, SplitsEnergyExactlyAcrossWindows) {
  TempDir dir("power_exact");
  Recorder rec;
  const auto tile = rec.add_component("chip.tile0", "tile");
  const auto link = rec.add_component("chip.noc.link0", "link");
  rec.add_sink(std::make_unique<PowerCsvSink>(dir.file("power.csv"), 20 * kNs, 0));
  Event e;
  e.component = tile;
  e.start_ps = 0;
  e.duration_ps = 30 * kNs;
  e.energy[EnergyCategory::kArray] = 30.0;  // 1 mW for 30 ns
  rec.record(e);
  Event instant;
  instant.component = link;
  instant.kind = EventKind::kPacketDelivery;
  instant.start_ps = 25 * kNs;
  instant.energy[EnergyCategory::kNetwork] = 4.0;  // all in window [20, 40)
  rec.record(instant);
  Event late_window = e;
  late_window.start_ps = 40 * kNs;  // exactly on a boundary
  late_window.duration_ps = 10 * kNs;
  late_window.energy = EnergyPj{};
  late_window.energy[EnergyCategory::kAdc] = 5.0;
  rec.record(late_window);
  Event leakage;  // recorded at the end for the whole run, after its windows were written
  leakage.component = tile;
  leakage.kind = EventKind::kStatic;
  leakage.start_ps = 0;
  leakage.duration_ps = 60 * kNs;
  leakage.energy[EnergyCategory::kStatic] = 6.0;  // 0.1 mW
  rec.record(leakage);
  rec.finish();
  EXPECT_FALSE(std::filesystem::exists(dir.file("power.csv.unfolded.partial")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("power.csv.partial")));

  const PowerTable t = read_power(dir.file("power.csv"));
  EXPECT_EQ(
      t.columns,
      (std::vector<std::string>{
          "window_start_ns", "window_end_ns", "total_mW", "by_component.tile_mW",
          "by_component.link_mW", "by_energy.array_mW", "by_energy.dac_mW", "by_energy.adc_mW",
          "by_energy.dpu_mW", "by_energy.buffer_mW", "by_energy.network_mW", "by_energy.host_io_mW",
          "by_energy.programming_mW", "by_energy.static_mW", "by_energy.active_mW"}));
  ASSERT_EQ(t.rows.size(), 3u);  // [0,20) [20,40) [40,60)
  EXPECT_EQ(t.rows[0][0], 0.0);
  EXPECT_EQ(t.rows[2][1], 60.0);
  EXPECT_DOUBLE_EQ(t.rows[0][t.column("total_mW")], 1.1);
  EXPECT_DOUBLE_EQ(t.rows[1][t.column("by_energy.array_mW")], 0.5);
  EXPECT_DOUBLE_EQ(t.rows[1][t.column("by_component.link_mW")], 0.2);
  EXPECT_DOUBLE_EQ(t.rows[1][t.column("by_component.tile_mW")], 0.6);
  EXPECT_DOUBLE_EQ(t.rows[1][t.column("total_mW")], 0.8);
  EXPECT_DOUBLE_EQ(t.rows[2][t.column("by_energy.adc_mW")], 0.25);
  for (const auto& r : t.rows) EXPECT_DOUBLE_EQ(r[t.column("by_energy.static_mW")], 0.1);
  EXPECT_TRUE(rec.check_sink_totals(0.0).empty());
}

TEST(PowerCsvSink, SyntheticRunIntegratesBackToTheTotals) {
  TempDir dir("power");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  auto sink =
      std::make_unique<PowerCsvSink>(dir.file("power.csv"), 7 * kNs + 300, 2 * run.quantum_ps);
  const PowerCsvSink* power = sink.get();
  rec.add_sink(std::move(sink));
  run.play(rec);
  rec.finish();
  const auto diff = rec.check_sink_totals(1e-12);
  EXPECT_TRUE(diff.empty()) << diff.front();

  const Totals& tot = rec.totals();
  const double total = tot.energy.total();
  const PowerTable t = read_power(dir.file("power.csv"));
  EXPECT_EQ(t.rows.size(), power->windows_written());
  EXPECT_NEAR(power->written_energy_pj(), total, 1e-9 * total);
  EXPECT_NEAR(t.energy_pj("total_mW"), total, 1e-9 * total);
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    const auto cat = static_cast<EnergyCategory>(i);
    const std::string col = "by_energy." + std::string(to_string(cat)) + "_mW";
    EXPECT_NEAR(t.energy_pj(col), tot.energy[cat], 1e-9 * total) << col;
  }
  // Per component category.
  std::map<std::string, double> by_category;
  for (std::uint32_t c = 0; c < rec.num_components(); ++c) {
    by_category[rec.component(c).category] += tot.per_component[c].energy.total();
  }
  for (const auto& [cat, pj] : by_category) {
    EXPECT_NEAR(t.energy_pj("by_component." + cat + "_mW"), pj, 1e-9 * total) << cat;
  }
  // Windows are contiguous from 0 and cover the run; peak power exceeds the average.
  double peak = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    EXPECT_NEAR(t.rows[i][0], i * 7.3, 1e-9);
    EXPECT_NEAR(t.rows[i][1] - t.rows[i][0], 7.3, 1e-9);
    peak = std::max(peak, t.rows[i][2]);
  }
  EXPECT_GE(t.rows.back()[1] * kNs, static_cast<double>(tot.end_ps));
  const double average_mw = total / (t.rows.back()[1]);
  EXPECT_GT(peak, 2 * average_mw);
}

TEST(PowerCsvSink, RejectsAnEmptyWindowAndNamesUnopenableFiles) {
  TempDir dir("power_bad");
  EXPECT_THROW(PowerCsvSink(dir.file("power.csv"), 0, 0), std::invalid_argument);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  const std::string path = "/nonexistent_dir_kirchhoff/power.csv";
  try {
    PowerCsvSink sink(path, 1000, 0);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff::traces
