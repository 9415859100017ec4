// Landing pads in a run (chip.landing_pads): on the one-tile default chip the chip level holds
// exactly the tile level plus the pads' conversions (no network on one node; without pads the
// two are equal, AccountingLevels.WeightUploadAndProgrammingLeakageAreNotInference). Their
// timing is exact in tests/chip/landing_pads_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "workloads/default_workload.h"

namespace kirchhoff {
namespace {

RunSummary run_default(const std::vector<std::string>& overrides) {
  const config::ChipConfig cfg = config::load_config("", overrides);
  const DefaultWorkload w = make_default_workload(cfg.workload, cfg.sim.seed);
  const MappingPlan plan = map_workload(w.graph, cfg);
  traces::Recorder recorder;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, w.graph, plan, w.inputs, nullptr, {}, recorder);
  EXPECT_FALSE(r.host_failed);
  return r.summary;
}

TEST(LandingPadsRun, TheirEnergyIsChipLevelNotTileLevel) {
  const std::vector<std::string> pads = {
      "workload.samples=10",
      "chip.landing_pads.pairs=6",
      "chip.landing_pads.input_energy_pj=1.5",
      "chip.landing_pads.output_energy_pj=2.5",
      "chip.landing_pads.input_conversion_ns=256",
      "chip.landing_pads.output_conversion_ns=256",
  };
  const RunSummary s = run_default(pads);
  // 10 samples of 256 inputs through input pads and 256 outputs through output pads.
  const double pads_pj = 10 * 256 * (1.5 + 2.5);
  EXPECT_NEAR(s.chip_level.energy_pj - s.tile_level.energy_pj, pads_pj, 1e-6);
  EXPECT_EQ(s.mvms, 10u);
}

}  // namespace
}  // namespace kirchhoff
