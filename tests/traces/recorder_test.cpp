#include "traces/recorder.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

namespace kirchhoff::traces {
namespace {

class CountingSink : public Sink {
 public:
  void on_event(const Recorder&, const Event& e) override { totals_.add(e); }
  void on_counter(const Recorder&, const CounterSample& s) override { totals_.add(s); }
  const Totals* totals() const override { return &totals_; }
  std::string name() const override { return "counting"; }
  Totals totals_;
};

TEST(Recorder, RegistersComponentsUnitsGroupsAndCounters) {
  Recorder rec;
  const auto tile = rec.add_component("chip.tile0", "tile");
  const auto link = rec.add_component("chip.noc.r1.link_E", "link", "chip.noc.r1");
  EXPECT_EQ(rec.component(tile).group, "chip.tile0");
  EXPECT_EQ(rec.component(link).group, "chip.noc.r1");
  EXPECT_EQ(rec.add_unit(tile, "crossbar"), 1);
  EXPECT_EQ(rec.add_unit(tile, "adc"), 2);
  EXPECT_EQ(rec.unit_name(tile, 0), "tile");
  EXPECT_EQ(rec.unit_name(tile, 2), "adc");
  EXPECT_THROW(rec.unit_name(tile, 3), std::out_of_range);
  const auto c = rec.add_counter(tile, "queue", CounterType::kReal);
  EXPECT_EQ(rec.counter(c).name, "queue");
  EXPECT_EQ(rec.counter(c).type, CounterType::kReal);
  EXPECT_THROW(rec.add_counter(7, "x"), std::out_of_range);
}

TEST(Recorder, KeepsTotalsAndForwardsToSinks) {
  Recorder rec;
  const auto tile = rec.add_component("chip.tile0", "tile");
  const auto host = rec.add_component("chip.host", "host");
  const auto inflight = rec.add_counter(host, "samples_in_flight");
  auto sink = std::make_unique<CountingSink>();
  rec.add_sink(std::move(sink));
  Event e;
  e.component = tile;
  e.start_ps = 100;
  e.duration_ps = 50;
  e.ops = 4;
  e.energy[EnergyCategory::kAdc] = 2.5;
  rec.record(e);
  e.kind = EventKind::kStatic;
  e.duration_ps = 1000;
  rec.record(e);
  rec.record_counter(inflight, 120, 2);
  rec.finish();
  const Totals& t = rec.totals();
  EXPECT_EQ(t.events[static_cast<int>(EventKind::kMvm)], 1u);
  EXPECT_EQ(t.events[static_cast<int>(EventKind::kStatic)], 1u);
  EXPECT_EQ(t.counter_samples, 1u);
  EXPECT_EQ(t.per_component[tile].busy_ps, 50);  // static time is not busy time
  EXPECT_EQ(t.per_component[tile].mvms, 1u);     // the kMvm event, not the static one
  EXPECT_EQ(t.per_component[tile].mvm_ps, 50);
  EXPECT_EQ(t.end_ps, 1100);
  EXPECT_DOUBLE_EQ(t.energy[EnergyCategory::kAdc], 5.0);
  EXPECT_TRUE(rec.check_sink_totals(0.0).empty());
}

TEST(Recorder, RejectsUnknownIds) {
  Recorder rec;
  Event e;
  e.component = 3;
  EXPECT_THROW(rec.record(e), std::out_of_range);
  EXPECT_THROW(rec.record_counter(0, 0, 1.0), std::out_of_range);
}

TEST(Totals, CompareReportsEachDifference) {
  Totals a, b;
  Event e;
  e.component = 1;
  e.duration_ps = 10;
  e.energy[EnergyCategory::kArray] = 1.0;
  a.add(e);
  EXPECT_TRUE(compare_totals(a, a, 0.0).empty());
  const auto d = compare_totals(a, b, 0.0);
  EXPECT_FALSE(d.empty());
  bool names_busy = false;
  for (const auto& line : d) names_busy |= line.find("component[1].busy_ps") != std::string::npos;
  EXPECT_TRUE(names_busy);
  // Within tolerance.
  b = a;
  b.energy[EnergyCategory::kArray] = 1.0 + 1e-14;
  b.per_component[1].energy[EnergyCategory::kArray] = 1.0 + 1e-14;
  EXPECT_TRUE(compare_totals(a, b, 1e-12).empty());
  EXPECT_FALSE(compare_totals(a, b, 0.0).empty());
}

}  // namespace
}  // namespace kirchhoff::traces
