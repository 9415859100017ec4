// The peak figures `kirchhoff info` prints come from the same cost functions as a run's events:
// a run of full 256 x 256 MVMs records exactly the peak's latency, ops and data-independent
// energies per MVM, and no more array energy than the full-scale MVM of the peak.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/peak_figures.h"
#include "host/workload_simulation.h"
#include "workloads/default_workload.h"

namespace kirchhoff {
namespace {

struct Mvms : traces::Sink {
  std::vector<traces::Event>* out;
  explicit Mvms(std::vector<traces::Event>* o) : out(o) {}
  void on_event(const traces::Recorder&, const traces::Event& e) override {
    if (e.kind == traces::EventKind::kMvm) out->push_back(e);
  }
};

TEST(PeakFigures, AFullMvmOfARunCostsWhatThePeakSays) {
  // The default layer fills the default 256 x 256 crossbar.
  const config::ChipConfig cfg = config::load_config("", {"workload.samples=6"});
  ASSERT_EQ(cfg.workload.in_features, cfg.tile.rows);
  ASSERT_EQ(cfg.workload.out_features, cfg.tile.cols);
  const PeakFigures peak = peak_figures(cfg);
  const DefaultWorkload w = make_default_workload(cfg.workload, cfg.sim.seed);
  const MappingPlan plan = map_workload(w.graph, cfg);
  std::vector<traces::Event> mvms;
  traces::Recorder recorder;
  recorder.add_sink(std::make_unique<Mvms>(&mvms));
  const WorkloadRunResult r =
      run_workload_simulation(cfg, w.graph, plan, w.inputs, nullptr, {}, recorder);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(mvms.size(), 6u);
  using traces::EnergyCategory;
  for (const traces::Event& e : mvms) {
    EXPECT_EQ(e.duration_ps, std::llround(peak.mvm_interval_ns * 1e3));
    EXPECT_EQ(e.ops, peak.ops_per_mvm);
    EXPECT_DOUBLE_EQ(e.energy[EnergyCategory::kDac], peak.mvm.energy.dac_pj);
    EXPECT_DOUBLE_EQ(e.energy[EnergyCategory::kAdc], peak.mvm.energy.adc_pj);
    EXPECT_DOUBLE_EQ(e.energy[EnergyCategory::kBuffer], peak.mvm.energy.buffer_pj);
    EXPECT_DOUBLE_EQ(e.energy[EnergyCategory::kDpu], peak.mvm.energy.dpu_pj);
    EXPECT_DOUBLE_EQ(e.energy[EnergyCategory::kActive], peak.mvm.energy.active_pj);
    // Random weights and inputs below full scale draw less array energy than the peak's.
    EXPECT_GT(e.energy[EnergyCategory::kArray], 0.0);
    EXPECT_LT(e.energy[EnergyCategory::kArray], peak.mvm.energy.array_pj);
  }
  // The run's static energy (one tile and its local DPU, nothing else leaks by default) is the
  // peak's static power over the run.
  EXPECT_NEAR(r.summary.energy[EnergyCategory::kStatic],
              peak.tile_static_mw * r.summary.sim_time_ns,
              1e-9 * r.summary.energy[EnergyCategory::kStatic]);
  // The run's tiles are not always busy (host I/O paces them): at most the peak's TOPS.
  EXPECT_LT(r.summary.tile_level.tops, peak.tile.tops);
  EXPECT_GT(r.summary.tile_level.tops, 0.1 * peak.tile.tops);
}

// Pipelined readout: back-to-back MVMs start every 128 ns (the PWM window) while each takes
// 204.8 ns from input to result; the peak is paced by the interval.
TEST(PeakFigures, PipelinedReadoutPacesThePeakByTheInterval) {
  const PeakFigures p = peak_figures(config::load_config("", {"tile.readout=pipelined"}));
  EXPECT_DOUBLE_EQ(p.mvm_interval_ns, 128.0);
  EXPECT_DOUBLE_EQ(p.mvm_latency_ns, 204.8);
  EXPECT_DOUBLE_EQ(p.tile.tops, 2.0 * 256 * 256 / 128.0 * 1e-3);
}

TEST(PeakFigures, TheChipIsItsTilesPlusItsOwnStaticPower) {
  const config::ChipConfig cfg = config::load_config(
      "", {"chip.tiles=6", "chip.global_dpus=2", "chip.mesh_cols=3", "chip.mesh_rows=3",
           "noc.router_static_mw=0.25", "dpu.static_power_mw=0.5"});
  const PeakFigures p = peak_figures(cfg);
  const double t = p.mvm_interval_ns;
  ASSERT_GT(t, 0.0);
  EXPECT_EQ(p.ops_per_mvm, 2u * 256u * 256u);
  EXPECT_DOUBLE_EQ(p.tile_static_mw, cfg.tile.energy.static_power_mW + 0.5);
  EXPECT_DOUBLE_EQ(p.chip_static_mw, 9 * 0.25 + 2 * 0.5);  // 9 routers, 2 global DPUs
  const double tile_pj = p.mvm.energy.total_pj() + p.tile_static_mw * t;
  EXPECT_NEAR(p.tile.energy_pj, tile_pj, 1e-9 * tile_pj);
  EXPECT_DOUBLE_EQ(p.tile.tops, 2.0 * 256 * 256 / t * 1e-3);
  EXPECT_DOUBLE_EQ(p.tile.tops_per_w, 2.0 * 256 * 256 / p.tile.energy_pj);
  EXPECT_DOUBLE_EQ(p.chip.tops, 6 * p.tile.tops);
  EXPECT_NEAR(p.chip.energy_pj, 6 * tile_pj + p.chip_static_mw * t, 1e-9 * p.chip.energy_pj);
  EXPECT_LT(p.chip.tops_per_w, p.tile.tops_per_w);
  EXPECT_NEAR(p.chip.power_w, p.chip.energy_pj / t * 1e-3, 1e-12);
}

TEST(PeakFigures, ADigitalChipPeaksAtItsMacArray) {
  // int8, 1024 MACs per cycle at 0.5 GHz: a 256 x 256 block in 64 + 4 cycles = 136 ns.
  const config::ChipConfig cfg = config::load_config("", {"tile.kind=digital"});
  const PeakFigures p = peak_figures(cfg);
  EXPECT_DOUBLE_EQ(p.mvm_interval_ns, 136.0);
  EXPECT_DOUBLE_EQ(p.mvm.energy.array_pj, 65536 * (2.0 / (89.0 / 4.0)));
  EXPECT_DOUBLE_EQ(p.tile.tops, 2.0 * 65536 / 136e-9 / 1e12);
  EXPECT_EQ(p.mvm.energy.adc_pj, 0.0);  // no converters
}

// A hybrid chip's peak sums its groups, each tile with its own kind and parameters at its own
// MVM rate (not every tile priced as the `tile:` section): 3 analog tiles + 1 digital tile are
// 3 x the analog tile's TOPS and power + 1 x the digital tile's + the chip's own static power
// (4 routers x 0.25 mW), and the area adds each group's tiles.
TEST(PeakFigures, AHybridChipSumsItsGroupsEachWithItsOwnTile) {
  const std::vector<std::string> chip = {"chip.tiles=4", "chip.mesh_cols=2", "chip.mesh_rows=2",
                                         "chip.global_dpus=0", "noc.router_static_mw=0.25"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), chip.begin(), chip.end());
    return peak_figures(config::load_config("", extra));
  };
  const PeakFigures analog = with({});
  const PeakFigures digital = with({"tile.kind=digital"});
  const PeakFigures hybrid =
      with({"chip.tile_groups=[{kind: analog, count: 3}, {kind: digital, count: 1}]"});
  ASSERT_NE(analog.mvm_interval_ns, digital.mvm_interval_ns);  // 204.8 ns vs 136 ns
  EXPECT_DOUBLE_EQ(hybrid.chip_static_mw, 1.0);
  const double tops = 3 * analog.tile.tops + digital.tile.tops;
  const double power_w = 3 * analog.tile.power_w + digital.tile.power_w + 1e-3;
  EXPECT_NEAR(hybrid.chip.tops, tops, 1e-12 * tops);
  EXPECT_NEAR(hybrid.chip.power_w, power_w, 1e-12 * power_w);
  EXPECT_NEAR(hybrid.chip.tops_per_w, tops / power_w, 1e-12 * tops / power_w);
  EXPECT_NEAR(hybrid.chip_mvms_per_s,
              (3 / analog.mvm_interval_ns + 1 / digital.mvm_interval_ns) * 1e9, 1e-3);
  const double area =
      analog.area.total_mm2() - analog.area.tile.total_mm2() + digital.area.tile.total_mm2();
  EXPECT_NEAR(hybrid.area.total_mm2(), area, 1e-12 * area);
  EXPECT_NEAR(hybrid.chip.tops_per_mm2, tops / area, 1e-12 * tops / area);
  // The `tile:` section's tile level is the analog tile's.
  EXPECT_DOUBLE_EQ(hybrid.tile.tops, analog.tile.tops);
  // Without groups the chip is 4 x its tile.
  EXPECT_DOUBLE_EQ(analog.chip.tops, 4 * analog.tile.tops);
  EXPECT_DOUBLE_EQ(digital.chip.tops, 4 * digital.tile.tops);
}

}  // namespace
}  // namespace kirchhoff
