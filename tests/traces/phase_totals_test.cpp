// How the recorder splits a run's energy and MVM ops into programming, inference and after.
#include <gtest/gtest.h>

#include "traces/recorder.h"

namespace kirchhoff::traces {
namespace {

Event event(EventKind kind, std::int64_t start_ps, std::int64_t duration_ps, double pj,
            EnergyCategory cat, std::uint64_t ops = 0) {
  Event e;
  e.kind = kind;
  e.start_ps = start_ps;
  e.duration_ps = duration_ps;
  e.ops = ops;
  e.energy[cat] = pj;
  return e;
}

TEST(PhaseTotals, EventsGoToThePhaseTheyStartInAndStaticEnergyIsSharedByTime) {
  Recorder rec;
  const auto tile = rec.add_component("chip.tile0", "tile");
  (void)tile;
  rec.begin_programming();
  // While programming is open, a time stamp past the later mark is still programming.
  rec.record(event(EventKind::kHostIo, 5000, 10, 7.0, EnergyCategory::kHostIo));
  rec.begin_inference(1000);
  rec.record(event(EventKind::kHostIo, 999, 10, 1.0, EnergyCategory::kHostIo));  // late, earlier
  rec.record(event(EventKind::kMvm, 1000, 100, 2.0, EnergyCategory::kArray, 64));
  rec.end_inference(3000);
  rec.record(event(EventKind::kMvm, 2999, 100, 4.0, EnergyCategory::kAdc, 32));
  rec.record(event(EventKind::kDpuOp, 3000, 10, 8.0, EnergyCategory::kDpu));
  // 0 .. 4000 ps of leakage, 4 pJ: 1 / 2 / 1 ps-quarters in the three phases.
  rec.record(event(EventKind::kStatic, 0, 4000, 4.0, EnergyCategory::kStatic));
  const PhaseTotals& pt = rec.phase_totals();
  const EnergyPj prog = pt.energy(RunPhase::kProgramming);
  const EnergyPj inf = pt.energy(RunPhase::kInference);
  const EnergyPj after = pt.energy(RunPhase::kAfter);
  EXPECT_DOUBLE_EQ(prog[EnergyCategory::kHostIo], 8.0);
  EXPECT_DOUBLE_EQ(prog[EnergyCategory::kStatic], 1.0);
  EXPECT_DOUBLE_EQ(prog.total(), 9.0);
  EXPECT_DOUBLE_EQ(inf[EnergyCategory::kArray], 2.0);
  EXPECT_DOUBLE_EQ(inf[EnergyCategory::kAdc], 4.0);
  EXPECT_DOUBLE_EQ(inf[EnergyCategory::kStatic], 2.0);
  EXPECT_DOUBLE_EQ(inf.total(), 8.0);
  EXPECT_DOUBLE_EQ(after[EnergyCategory::kDpu], 8.0);
  EXPECT_DOUBLE_EQ(after.total(), 9.0);
  EXPECT_EQ(pt.mvm_ops(RunPhase::kInference), 96u);
  EXPECT_EQ(pt.mvm_ops(RunPhase::kProgramming), 0u);
  // The split loses nothing.
  EXPECT_DOUBLE_EQ(prog.total() + inf.total() + after.total(), rec.totals().energy.total());
}

TEST(PhaseTotals, WithoutMarksEverythingIsInference) {
  Recorder rec;
  rec.add_component("chip.tile0", "tile");
  rec.record(event(EventKind::kMvm, 0, 100, 2.0, EnergyCategory::kArray, 10));
  rec.record(event(EventKind::kStatic, 0, 4000, 4.0, EnergyCategory::kStatic));
  EXPECT_DOUBLE_EQ(rec.phase_totals().energy(RunPhase::kInference).total(), 6.0);
  EXPECT_DOUBLE_EQ(rec.phase_totals().energy(RunPhase::kProgramming).total(), 0.0);
  EXPECT_EQ(rec.phase_totals().mvm_ops(RunPhase::kInference), 10u);
}

TEST(PhaseTotals, PerLayerCountsTaggedInferenceEventsAndTheirOccupancyByComponent) {
  Recorder rec;
  const auto tile = rec.add_component("chip.tile0", "tile");
  const auto link = rec.add_component("chip.noc.link0", "link");
  rec.begin_programming();
  Event programming = event(EventKind::kProgram, 0, 500, 9.0, EnergyCategory::kProgramming);
  programming.layer = 1;
  programming.component = tile;
  rec.record(programming);  // programming: not in a layer's figures
  rec.begin_inference(1000);
  Event mvm = event(EventKind::kMvm, 1000, 100, 2.0, EnergyCategory::kArray, 64);
  mvm.layer = 1;
  mvm.component = tile;
  rec.record(mvm);
  mvm.start_ps = 1100;
  rec.record(mvm);
  Event hop = event(EventKind::kPacketHop, 1200, 30, 0.5, EnergyCategory::kNetwork);
  hop.layer = 1;
  hop.component = link;
  rec.record(hop);
  Event untagged = event(EventKind::kDpuOp, 1300, 10, 8.0, EnergyCategory::kDpu);
  rec.record(untagged);  // layer -1
  Event leak = event(EventKind::kStatic, 0, 4000, 4.0, EnergyCategory::kStatic);
  leak.layer = 1;
  rec.record(leak);  // static: never a layer's event
  const PhaseTotals& pt = rec.phase_totals();
  ASSERT_EQ(pt.per_layer.size(), 2u);
  EXPECT_EQ(pt.per_layer[0].mvms, 0u);
  const PhaseTotals::PerLayer& l = pt.per_layer[1];
  EXPECT_EQ(l.mvms, 2u);
  EXPECT_EQ(l.mvm_ops, 128u);
  EXPECT_DOUBLE_EQ(l.energy[EnergyCategory::kArray], 4.0);
  EXPECT_DOUBLE_EQ(l.energy[EnergyCategory::kNetwork], 0.5);
  EXPECT_DOUBLE_EQ(l.energy.total(), 4.5);
  ASSERT_EQ(l.busy_ps.size(), 2u);
  EXPECT_EQ(l.busy_ps[tile], 200);
  EXPECT_EQ(l.busy_ps[link], 30);
}

}  // namespace
}  // namespace kirchhoff::traces
