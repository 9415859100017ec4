// The three accounting levels of a run (tile, chip, system) over the inference span, the
// programming figures, the ops of mapped weights and the power gating of unused tiles, on the
// built-in default workload. One simulation per TEST (ctest runs every TEST in its own process);
// the figures that need two runs (samples, gating) are in tests/app/accounting_cli_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "workloads/default_workload.h"

namespace kirchhoff {
namespace {

// Every event with its component's category and name, to split by time here independently of
// the recorder's phase totals.
struct Collected {
  traces::Event event;
  std::string category, name;
};
struct Collect : traces::Sink {
  std::vector<Collected>* out;
  explicit Collect(std::vector<Collected>* o) : out(o) {}
  void on_event(const traces::Recorder& rec, const traces::Event& e) override {
    out->push_back({e, rec.component(e.component).category, rec.component(e.component).name});
  }
};

struct LevelsRun {
  config::ChipConfig cfg;
  WorkloadRunResult result;
  std::vector<Collected> events;
};

LevelsRun run_default(const std::vector<std::string>& overrides) {
  LevelsRun run;
  run.cfg = config::load_config("", overrides);
  const DefaultWorkload w = make_default_workload(run.cfg.workload, run.cfg.sim.seed);
  const MappingPlan plan = map_workload(w.graph, run.cfg);
  traces::Recorder recorder;
  recorder.add_sink(std::make_unique<Collect>(&run.events));
  run.result = run_workload_simulation(run.cfg, w.graph, plan, w.inputs, nullptr, {}, recorder);
  return run;
}

// Energy in [t0_ns, t1_ns) of the events whose component passes `in_level`: an event counts
// when it starts in the span, a static event by its overlap with it.
template <typename Pred>
double energy_in(const std::vector<Collected>& events, double t0_ns, double t1_ns, Pred in_level) {
  double pj = 0;
  for (const Collected& c : events) {
    if (!in_level(c)) continue;
    const double s = static_cast<double>(c.event.start_ps) * 1e-3;
    const double d = static_cast<double>(c.event.duration_ps) * 1e-3;
    if (c.event.kind == traces::EventKind::kStatic && d > 0) {
      const double overlap = std::max(0.0, std::min(s + d, t1_ns) - std::max(s, t0_ns));
      pj += c.event.energy.total() * overlap / d;
    } else if (s >= t0_ns && s < t1_ns) {
      pj += c.event.energy.total();
    }
  }
  return pj;
}

// One tile on a one-node chip, 10 samples of the 256 x 256 default layer.
TEST(AccountingLevels, WeightUploadAndProgrammingLeakageAreNotInference) {
  const LevelsRun run = run_default({"workload.samples=10"});
  const RunSummary& s = run.result.summary;
  const config::ChipConfig& cfg = run.cfg;
  ASSERT_FALSE(run.result.host_failed);
  using traces::EnergyCategory;
  const double pj_per_word = 32 * cfg.host.io_energy_pj_per_bit;
  // Programming: ROWS_USED, COLS_USED, the 256 x 256 weights, CTRL, LAYER, AUTO_START over the
  // host port; the pulses; the tile's and its DPU's leakage until programming was done.
  EXPECT_DOUBLE_EQ(s.programming.time_ns, s.programming_time_ns);
  EXPECT_NEAR(s.programming.host_io_energy_pj, (5 + 256.0 * 256.0) * pj_per_word, 1e-6);
  const double static_mw = cfg.tile.energy.static_power_mW + cfg.dpu.static_power_mw;
  // ... at least the upload, the pulses and the leakage until then (the tile also calibrates
  // its drift reference right after programming).
  EXPECT_GE(s.programming.energy_pj, s.programming.host_io_energy_pj +
                                         s.energy[EnergyCategory::kProgramming] +
                                         static_mw * s.programming_time_ns - 1e-6);
  // The levels against a split of the collected events by time: tile = the tile and its local
  // DPU, chip = + the network, system = + the host port.
  const double t0 = s.programming_time_ns, t1 = t0 + s.inference_span_ns;
  const double span_ns = s.inference_span_ns;
  ASSERT_GT(span_ns, 0.0);
  auto is_tile = [](const Collected& c) {
    return c.category == "tile" || c.name == "chip.tile0_dpu";
  };
  auto not_host = [](const Collected& c) { return c.category != "host"; };
  auto all = [](const Collected&) { return true; };
  EXPECT_NEAR(s.tile_level.energy_pj, energy_in(run.events, t0, t1, is_tile),
              1e-9 * s.tile_level.energy_pj);
  EXPECT_NEAR(s.chip_level.energy_pj, energy_in(run.events, t0, t1, not_host),
              1e-9 * s.chip_level.energy_pj);
  EXPECT_NEAR(s.system_level.energy_pj, energy_in(run.events, t0, t1, all),
              1e-9 * s.system_level.energy_pj);
  EXPECT_NEAR(s.programming.energy_pj, energy_in(run.events, -1.0, t0, all),
              1e-9 * s.programming.energy_pj);
  // The tile level holds the MVMs' energy and the leakage over the span only.
  const double mvm_pj = s.energy[EnergyCategory::kArray] + s.energy[EnergyCategory::kAdc] +
                        s.energy[EnergyCategory::kActive];
  EXPECT_GT(s.tile_level.energy_pj, static_mw * span_ns);
  EXPECT_LT(s.tile_level.energy_pj,
            mvm_pj + s.energy[EnergyCategory::kDac] + s.energy[EnergyCategory::kBuffer] +
                s.energy[EnergyCategory::kDpu] + static_mw * span_ns + 1e-6);
  // Chip: no network on one node (and no network leakage by default).
  EXPECT_EQ(s.energy[EnergyCategory::kNetwork], 0.0);
  EXPECT_DOUBLE_EQ(s.chip_level.energy_pj, s.tile_level.energy_pj);
  // System: + the inputs written and the outputs read, 256 words each per sample.
  EXPECT_NEAR(s.system_level.energy_pj - s.chip_level.energy_pj, 10 * 512 * pj_per_word, 1e-6);
  // Ops: 2 x 256 x 256 per MVM; the figures follow from ops, energy and the span.
  EXPECT_EQ(s.ops, 10u * 2u * 256u * 256u);
  for (const EfficiencyLevel* l : {&s.tile_level, &s.chip_level, &s.system_level}) {
    EXPECT_DOUBLE_EQ(l->tops, static_cast<double>(s.ops) / span_ns * 1e-3);
    EXPECT_DOUBLE_EQ(l->tops_per_w, static_cast<double>(s.ops) / l->energy_pj);
    EXPECT_DOUBLE_EQ(l->power_w, l->energy_pj / span_ns * 1e-3);
  }
  EXPECT_GT(s.tile_level.tops_per_w, s.system_level.tops_per_w);
  EXPECT_DOUBLE_EQ(s.tops, s.chip_level.tops);
  EXPECT_DOUBLE_EQ(s.tops_per_w, s.chip_level.tops_per_w);
  // Nothing is lost: programming + system + the leakage after the last output = the total.
  const double after_pj = static_mw * (s.sim_time_ns - s.programming_time_ns - span_ns);
  EXPECT_NEAR(s.programming.energy_pj + s.system_level.energy_pj + after_pj, s.energy.total(),
              1e-9 * s.energy.total());
  // summary.json carries the same figures.
  const auto j = to_json(s);
  EXPECT_DOUBLE_EQ(j["efficiency"]["tile"]["energy_pj"].get<double>(), s.tile_level.energy_pj);
  EXPECT_DOUBLE_EQ(j["efficiency"]["chip"]["tops_per_w"].get<double>(), s.chip_level.tops_per_w);
  EXPECT_DOUBLE_EQ(j["efficiency"]["system"]["power_w"].get<double>(), s.system_level.power_w);
  EXPECT_DOUBLE_EQ(j["efficiency"]["system"]["tops"].get<double>(), s.system_level.tops);
  EXPECT_DOUBLE_EQ(j["programming"]["time_ns"].get<double>(), s.programming.time_ns);
  EXPECT_DOUBLE_EQ(j["programming"]["energy_pj"].get<double>(), s.programming.energy_pj);
  EXPECT_DOUBLE_EQ(j["programming"]["host_io_energy_pj"].get<double>(),
                   s.programming.host_io_energy_pj);
  const std::string text = to_text(s);
  EXPECT_NE(text.find("tile level"), std::string::npos) << text;
  EXPECT_NE(text.find("system level"), std::string::npos) << text;
  EXPECT_NE(text.find("programming   "), std::string::npos) << text;
}

// Ops count the mapped weights (100 x 30 of a 256 x 256 crossbar), not the padded crossbar.
TEST(AccountingLevels, OpsAreTwiceTheMacsOfTheMappedWeights) {
  const LevelsRun run =
      run_default({"workload.in_features=100", "workload.out_features=30", "workload.samples=5"});
  ASSERT_FALSE(run.result.host_failed);
  ASSERT_EQ(run.cfg.tile.rows, 256);
  EXPECT_EQ(run.result.summary.mvms, 5u);
  EXPECT_EQ(run.result.summary.ops, 5u * 2u * 100u * 30u);
}

}  // namespace
}  // namespace kirchhoff
