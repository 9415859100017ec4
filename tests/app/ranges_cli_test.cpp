// `kirchhoff run` and `kirchhoff map` with per-layer DAC ranges (tile.dac.range_mode): the
// trained CNN of data/fmnist/ with one fixed range clips its hidden layers, which summary.json
// counts per layer and the console warns about; calibrated ranges are shown by `map --inputs`
// and leave no warning.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;

const std::string kFmnist = std::string(KIRCHHOFF_SOURCE_DIR) + "/data/fmnist/";
const std::string kChip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
const std::string kIdeal =
    " --set chip.tiles=60 --set chip.global_dpus=4 --set tile.device.type=ideal --set "
    "tile.dac.bits=24 --set tile.adc.bits=24 --set tile.adc.bound=1000 --set dpu.format=fp32";

nlohmann::json summary(const fs::path& dir) {
  return kirchhoff::test::read_summary(dir);
}

fs::path out_dir(const std::string& name) {
  const fs::path d = kirchhoff::test::process_temp_dir() / ("kh_ranges_" + name);
  fs::remove_all(d);
  return d;
}

TEST(RangesCli, FixedRangeClipsTheCnnAndTheConsoleWarns) {
  const fs::path out = out_dir("fixed");
  const auto r = kirchhoff::test::run_cli(
      "run " + kChip + kIdeal + " --set tile.dac.range_mode=fixed --workload " + kFmnist +
      "cnn.onnx --inputs " + kFmnist + "test_images_u8.npy --samples 16 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = summary(out);
  const auto& clipped = j["layer_dac_clipped_fraction"];
  ASSERT_EQ(clipped.size(), j["layer_rel_l2_error"].size()) << j.dump();
  double worst = 0;
  std::string worst_layer;
  for (auto it = clipped.begin(); it != clipped.end(); ++it) {
    if (it.value().get<double>() > worst) {
      worst = it.value().get<double>();
      worst_layer = it.key();
    }
  }
  EXPECT_GT(worst, 0.01);
  EXPECT_NE(r.output.find("warning: layer " + worst_layer + " clips"), std::string::npos)
      << r.output;
  EXPECT_TRUE(j.contains("layer_adc_saturated_fraction"));
  fs::remove_all(out);
}

TEST(RangesCli, CalibratedRangesAreShownByMapAndLeaveNoWarning) {
  const fs::path out = out_dir("calibrated");
  const std::string common = kIdeal + " --set tile.dac.range_mode=calibrated --workload " +
                             kFmnist + "cnn.onnx --inputs " + kFmnist + "test_images_u8.npy";
  const auto r =
      kirchhoff::test::run_cli("run " + kChip + common + " --samples 16 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning: layer"), std::string::npos) << r.output;
  EXPECT_LT(summary(out)["output_rel_l2_error"].get<double>(), 1e-4);
  const auto m = kirchhoff::test::run_cli("map " + kChip + common);
  ASSERT_EQ(m.code, 0) << m.output;
  EXPECT_NE(m.output.find("DAC input range per layer (calibrated): "), std::string::npos)
      << m.output;
  const auto no_inputs =
      kirchhoff::test::run_cli("map " + kChip + kIdeal + " --workload " + kFmnist + "cnn.onnx");
  ASSERT_EQ(no_inputs.code, 0) << no_inputs.output;
  EXPECT_EQ(no_inputs.output.find("DAC input range"), std::string::npos);
  fs::remove_all(out);
}

}  // namespace
