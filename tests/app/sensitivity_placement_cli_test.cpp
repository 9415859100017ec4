// `kirchhoff run` with mapper.placement: sensitivity and no mapper.layer_errors measures them
// (app/sensitivity_calibration.h): a calibration pass of the MLP on the all-analog chip (PCM
// devices with programming and read noise), then the layer that adds the most measured error
// and fits the digital tile budget goes digital. An explicit layer_errors list is used as given.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;

const std::string kSrc = KIRCHHOFF_SOURCE_DIR;
// 60 analog + 4 digital tiles; a budget of one digital tile: fc1 (784 x 256: 4 tiles) cannot go
// digital, fc2 and fc3 (one tile each) can, one of them.
const std::string kRun =
    "run " + kSrc + "/configs/chips/hermes64.yaml --workload " + kSrc +
    "/tests/data/mlp.onnx --inputs " + kSrc +
    "/tests/data/fmnist_inputs.npy --samples 2 --quiet --set "
    "'chip.tile_groups=[{kind: analog, count: 60}, {kind: digital, count: 4}]' --set "
    "mapper.placement=sensitivity --set mapper.digital_tile_budget=1";

std::string out_dir(const std::string& name) {
  const fs::path p = kirchhoff::test::process_temp_dir() / ("kh_sensitivity_" + name);
  fs::remove_all(p);
  return p.string();
}

TEST(SensitivityPlacementCli, MeasuresTheErrorsAndMakesTheMostAddingLayerDigital) {
  const std::string out = out_dir("measured");
  const auto r = kirchhoff::test::run_cli(kRun + " --sensitivity-samples 8 --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  // relu1, relu2, fc3: the outputs of fc1, fc2, fc3 with their post-ops.
  // (no std::regex: GCC 12 warns inside <regex> under the ASan preset's -O2, an error with -Werror)
  const std::string prefix =
      "sensitivity placement: measured on 8 samples of the all-analog chip (rel. L2 error per "
      "weight layer): ";
  const auto at = r.output.find(prefix);
  ASSERT_NE(at, std::string::npos) << r.output;
  double e1 = 0, e2 = 0, e3 = 0;
  char tail = 0;
  ASSERT_EQ(std::sscanf(r.output.c_str() + at + prefix.size(), "relu1 %lf, relu2 %lf, fc3 %lf%c",
                        &e1, &e2, &e3, &tail),
            4)
      << r.output;
  ASSERT_EQ(tail, '\n') << r.output;
  EXPECT_GT(e1, 0.0);  // noisy devices: every layer has an error
  // The error each adds over its input's (compiler/layer_placement.h); fc1 does not fit.
  const double fc2_adds = e2 - e1, fc3_adds = e3 - e2;
  const std::string chosen = fc3_adds >= fc2_adds ? "fc3" : "fc2";
  EXPECT_NE(r.output.find("sensitivity placement: digital layers " + chosen +
                          " (1 of the chip's 4 digital tiles, budget 1)\n"),
            std::string::npos)
      << r.output << "fc2 adds " << fc2_adds << ", fc3 adds " << fc3_adds;
  // The measured errors are recorded, so a rerun from config.resolved.yaml needs no pass.
  EXPECT_TRUE(fs::exists(out + "/config.resolved.yaml"));
  fs::remove_all(out);
  // The pass left no temporary folder behind.
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path())) {
    EXPECT_EQ(e.path().filename().string().rfind("kirchhoff_sensitivity_", 0), std::string::npos)
        << e.path();
  }
}

TEST(SensitivityPlacementCli, AnExplicitLayerErrorsListWins) {
  const std::string out = out_dir("explicit");
  // fc1 adds 0.01 (and does not fit), fc2 0.29, fc3 0.01: fc2 goes digital, nothing measured.
  const auto r = kirchhoff::test::run_cli(
      kRun + " --set 'mapper.layer_errors=[0.01, 0.3, 0.31]' --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.find("sensitivity placement: measured"), std::string::npos) << r.output;
  const nlohmann::json s = kirchhoff::test::read_summary(out);
  ASSERT_EQ(s["layers"].size(), 3u);
  EXPECT_EQ(s["layers"][0]["kind"], "analog");
  EXPECT_EQ(s["layers"][1]["kind"], "digital");
  EXPECT_EQ(s["layers"][2]["kind"], "analog");
  fs::remove_all(out);
}

TEST(SensitivityPlacementCli, BadSampleCountExits2) {
  const auto r =
      kirchhoff::test::run_cli(kRun + " --sensitivity-samples 0 --out " + out_dir("bad"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("run --sensitivity-samples: 0 is not allowed; allowed: integer >= 1"),
            std::string::npos)
      << r.output;
}

}  // namespace
