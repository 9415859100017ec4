// `kirchhoff run` accounting that needs two runs (one SystemC simulation per process): the
// efficiency levels in steady state do not depend on the number of samples, and unused tiles
// are power-gated unless chip.power_gate_unused_tiles is false.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/config_loader.h"
#include "host/peak_figures.h"

#include "tests/common/summary_file.h"

namespace {

nlohmann::json run_summary(const std::string& sets) {
  const auto r = kirchhoff::test::run_for_summary("run --workload dense " + sets);
  EXPECT_EQ(r.cli.code, 0) << r.cli.output;
  return r.summary;
}

double rel(double a, double b) {
  return std::fabs(a - b) / std::max(std::fabs(a), std::fabs(b));
}

TEST(AccountingCli, SteadyStateLevelsDoNotDependOnTheNumberOfSamples) {
  // The default workload (one 256 x 256 layer on one tile) is quick even with 1024 samples.
  const auto a = run_summary("--set workload.samples=64");
  const auto b = run_summary("--set workload.samples=1024");
  EXPECT_EQ(b["ops"].get<double>(), 16 * a["ops"].get<double>());
  for (const char* level : {"tile", "chip", "system"}) {
    // Energy per op: the weight upload and the leakage while programming are not in it.
    const double x = a["efficiency"][level]["tops_per_w"].get<double>();
    const double y = b["efficiency"][level]["tops_per_w"].get<double>();
    EXPECT_GT(x, 0.0) << level;
    EXPECT_LT(rel(x, y), 0.01) << level << ": " << x << " vs " << y;
    // Rates over the span also hold the pipeline's fill (the first sample's latency less one
    // sample interval, about 1.3 us against 64 x 0.57 us): within 2.5 %, not 1 %.
    for (const char* figure : {"power_w", "tops"}) {
      const double p = a["efficiency"][level][figure].get<double>();
      const double q = b["efficiency"][level][figure].get<double>();
      EXPECT_GT(p, 0.0) << level << "." << figure;
      EXPECT_LT(rel(p, q), 0.025) << level << "." << figure << ": " << p << " vs " << q;
    }
  }
  // The weight upload is the same in both runs and is not in any level.
  EXPECT_EQ(a["programming"]["host_io_energy_pj"], b["programming"]["host_io_energy_pj"]);
  EXPECT_EQ(a["programming"]["time_ns"], b["programming"]["time_ns"]);
  // The top-level figures are the chip level's.
  EXPECT_EQ(a["tops_per_w"], a["efficiency"]["chip"]["tops_per_w"]);
  EXPECT_EQ(a["tops"], a["efficiency"]["chip"]["tops"]);
  std::printf("TOPS/W 64 / 1024 samples: tile %.4g / %.4g, chip %.4g / %.4g, system %.4g / %.4g\n",
              a["efficiency"]["tile"]["tops_per_w"].get<double>(),
              b["efficiency"]["tile"]["tops_per_w"].get<double>(),
              a["efficiency"]["chip"]["tops_per_w"].get<double>(),
              b["efficiency"]["chip"]["tops_per_w"].get<double>(),
              a["efficiency"]["system"]["tops_per_w"].get<double>(),
              b["efficiency"]["system"]["tops_per_w"].get<double>());
}

TEST(AccountingCli, UnusedTilesArePowerGatedUnlessConfiguredOtherwise) {
  // The default layer uses one tile of four; the tiles leak 1.5 mW, every DPU 0.5 mW.
  const std::string chip4 =
      "--set chip.tiles=4 --set chip.mesh_cols=5 --set chip.mesh_rows=1 --set "
      "workload.samples=4 --set tile.energy.static_power_mW=1.5 --set dpu.static_power_mw=0.5";
  const auto gated = run_summary(chip4);
  const auto leaky = run_summary(chip4 + " --set chip.power_gate_unused_tiles=false");
  const double mw = 1.5 + 0.5;  // one tile and its local DPU
  const double t_gated = gated["sim_time_ns"].get<double>();
  const double t_leaky = leaky["sim_time_ns"].get<double>();
  EXPECT_NEAR(gated["energy_pj"]["static"].get<double>(), 1 * mw * t_gated, 1e-6);
  EXPECT_NEAR(leaky["energy_pj"]["static"].get<double>(), 4 * mw * t_leaky, 1e-6);
  // Otherwise the same run: the tile level carries the three tiles' leakage over the span.
  const double span = gated["inference_time_ns"].get<double>();
  EXPECT_EQ(span, leaky["inference_time_ns"].get<double>());
  EXPECT_NEAR(leaky["efficiency"]["tile"]["energy_pj"].get<double>() -
                  gated["efficiency"]["tile"]["energy_pj"].get<double>(),
              3 * mw * span, 1e-6 * 4 * mw * span);
}

TEST(AccountingCli, InfoPrintsThePeakFiguresOfTheRunsCostFunctions) {
  const std::string cfg_path = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  const auto r = kirchhoff::test::run_cli("info " + cfg_path);
  ASSERT_EQ(r.code, 0) << r.output;
  const kirchhoff::PeakFigures p =
      kirchhoff::peak_figures(kirchhoff::config::load_config(cfg_path));
  for (const auto& [name, l] :
       {std::pair{"peak tile (one tile)", &p.tile}, std::pair{"peak chip (all tiles)", &p.chip}}) {
    const std::string line = fmt::format("  {:<34} {:.4g} TOPS, {:.4g} TOPS/W, {:.4g} W", name,
                                         l->tops, l->tops_per_w, l->power_w);
    EXPECT_NE(r.output.find(line), std::string::npos) << line << "\n" << r.output;
  }
  EXPECT_NE(r.output.find(fmt::format("{:.6g} pJ (array", p.mvm.energy.total_pj())),
            std::string::npos)
      << r.output;
  // 64 tiles: the chip's peak throughput is 64 tiles'.
  EXPECT_DOUBLE_EQ(p.chip.tops, 64 * p.tile.tops);
}

}  // namespace
