// `kirchhoff run` and `kirchhoff map` with the converter range modes, one process per run:
// abs_max adds exactly its counted DPU energy; calibrated ADC full scales cut the 8-bit CNN's
// error; --calibration takes the calibration pass from its own file, config.resolved.yaml
// records the ranges so a rerun from it is identical; a bad --calibration file exits 2 naming
// it; the console's clip warning follows tile.clip_warning_fraction.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "models/dpu_cost.h"
#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kirchhoff::test::read_summary;

const std::string kFmnist = std::string(KIRCHHOFF_SOURCE_DIR) + "/data/fmnist/";
const std::string kData = std::string(KIRCHHOFF_SOURCE_DIR) + "/tests/data/";
const std::string kChip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
const std::string kIdeal =
    " --set chip.tiles=60 --set chip.global_dpus=4 --set tile.device.type=ideal";
const std::string kExact = kIdeal +
                           " --set tile.dac.bits=24 --set tile.adc.bits=24 --set "
                           "tile.adc.bound=1000 --set dpu.format=fp32";
const std::string kImages = " --inputs " + kFmnist + "test_images_u8.npy";

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path out_dir(const std::string& name) {
  const fs::path d = kirchhoff::test::process_temp_dir() / ("kh_range_modes_" + name);
  fs::remove_all(d);
  return d;
}

kirchhoff::test::CliResult run(const std::string& args, const fs::path& out) {
  return kirchhoff::test::run_cli("run " + args + " --out " + out.string());
}

// The MLP on 256 x 256 tiles: fc1 (784 x 256) on four tiles of 256, 256, 256 and 16 rows, fc2
// (256 x 128) and fc3 (128 x 10) on one each; every tile runs one MVM per sample.
TEST(RangeModesCli, AbsMaxAddsExactlyItsCountedDpuEnergy) {
  constexpr int kSamples = 8;
  const std::string args = kChip + kIdeal + " --workload " + kFmnist + "mlp.onnx" + kImages +
                           " --samples " + std::to_string(kSamples);
  const fs::path cal = out_dir("cal"), nm = out_dir("nm");
  const auto a = run(args + " --set tile.dac.range_mode=calibrated", cal);
  ASSERT_EQ(a.code, 0) << a.output;
  const auto b = run(args + " --set tile.dac.range_mode=abs_max", nm);
  ASSERT_EQ(b.code, 0) << b.output;
  const kirchhoff::DpuCostModel dpu(kirchhoff::DpuParams{});  // the config's dpu.* defaults
  const auto per_mvm = [&](int rows, int cols) {
    return dpu.cost(kirchhoff::DpuOp::kMaxPool, rows).energy_pj +
           dpu.cost(kirchhoff::DpuOp::kMultiply, cols).energy_pj;
  };
  const double counted =
      kSamples * (3 * per_mvm(256, 256) + per_mvm(16, 256) + per_mvm(256, 128) + per_mvm(128, 10));
  const auto ja = read_summary(cal), jb = read_summary(nm);
  const double added = jb["energy_pj"]["dpu"].get<double>() - ja["energy_pj"]["dpu"].get<double>();
  EXPECT_NEAR(added, counted, 1e-9 * counted);
  EXPECT_EQ(jb["mvms"], ja["mvms"]);
  const auto& clipped = jb["layer_dac_clipped_fraction"];
  ASSERT_EQ(clipped.size(), 3u);
  for (auto it = clipped.begin(); it != clipped.end(); ++it)
    EXPECT_EQ(it.value().get<double>(), 0.0) << it.key();
  fs::remove_all(cal);
  fs::remove_all(nm);
}

// 8-bit converters (the stock chip's) with ideal devices: the fixed ADC bound 12 leaves the CNN's
// small column sums a few steps (measured on 100 images: 6.4 % output error); calibrated full
// scales (map --calibration shows them) use the ADC's codes (1.7 %), and summary.json reports
// each layer's saturated fraction.
TEST(RangeModesCli, CalibratedAdcRangeCutsTheEightBitCnnError) {
  const std::string args =
      kChip + kIdeal + " --workload " + kFmnist + "cnn.onnx" + kImages + " --samples 100";
  const fs::path fixed = out_dir("adc_fixed"), cal = out_dir("adc_cal");
  const auto a = run(args + " --set tile.adc.range_mode=fixed", fixed);
  ASSERT_EQ(a.code, 0) << a.output;
  const auto b = run(args + " --set tile.adc.range_mode=calibrated", cal);
  ASSERT_EQ(b.code, 0) << b.output;
  const auto ja = read_summary(fixed), jb = read_summary(cal);
  const double e_fixed = ja["output_rel_l2_error"].get<double>();
  const double e_cal = jb["output_rel_l2_error"].get<double>();
  std::printf("8-bit CNN output rel L2: fixed ADC %.4f, calibrated %.4f\n", e_fixed, e_cal);
  EXPECT_LT(e_cal, 0.5 * e_fixed);
  ASSERT_EQ(jb["layer_adc_saturated_fraction"].size(), jb["layer_rel_l2_error"].size());
  const auto& saturated = jb["layer_adc_saturated_fraction"];
  for (auto it = saturated.begin(); it != saturated.end(); ++it)
    EXPECT_LT(it.value().get<double>(), 0.01) << it.key();
  EXPECT_EQ(b.output.find("warning: layer"), std::string::npos) << b.output;
  const auto m = kirchhoff::test::run_cli(
      "map " + kChip + kIdeal + " --set tile.adc.range_mode=calibrated --workload " + kFmnist +
      "cnn.onnx --calibration " + kFmnist + "test_images_u8.npy");
  ASSERT_EQ(m.code, 0) << m.output;
  EXPECT_NE(m.output.find("ADC full scale per layer (calibrated; 0: tile.adc.bound): conv1 "),
            std::string::npos)
      << m.output;
  fs::remove_all(fixed);
  fs::remove_all(cal);
}

// --calibration C.npy calibrates on C, not on the inputs; config.resolved.yaml records the DAC
// and ADC ranges, so the rerun from it (no --calibration) gives the same summary.json but for
// the wall time.
TEST(RangeModesCli, CalibrationFileRangesAreRecordedAndARerunIsIdentical) {
  const std::string args = kIdeal + " --set tile.adc.range_mode=calibrated --workload " + kFmnist +
                           "mlp.onnx" + kImages + " --samples 8";
  const fs::path own = out_dir("own"), first = out_dir("first"), again = out_dir("again");
  const auto o = run(kChip + args, own);
  ASSERT_EQ(o.code, 0) << o.output;
  const auto a = run(kChip + args + " --calibration " + kData + "fmnist_u8.npy", first);
  ASSERT_EQ(a.code, 0) << a.output;
  const std::string resolved = slurp(first / "config.resolved.yaml");
  EXPECT_NE(resolved.find("layer_ranges:"), std::string::npos) << resolved;
  EXPECT_NE(resolved, slurp(own / "config.resolved.yaml"));  // other calibration inputs
  const auto b = run((first / "config.resolved.yaml").string() + " --workload " + kFmnist +
                         "mlp.onnx" + kImages + " --samples 8",
                     again);
  ASSERT_EQ(b.code, 0) << b.output;
  nlohmann::json ja = read_summary(first), jb = read_summary(again);
  EXPECT_NE(ja, read_summary(own));
  ja.erase("wall_s");
  jb.erase("wall_s");
  EXPECT_EQ(ja, jb) << ja.dump(1) << "\n" << jb.dump(1);
  EXPECT_EQ(slurp(again / "config.resolved.yaml"), resolved);
  for (const auto& d : {own, first, again}) fs::remove_all(d);
}

TEST(RangeModesCli, BadCalibrationFileExitsTwoNamingItAndWritesNothing) {
  const fs::path out = out_dir("bad");
  const std::string args = kChip + " --workload " + kFmnist + "mlp.onnx" + kImages;
  const std::string missing = kData + "no_such_calibration.npy";
  const auto a = run(args + " --calibration " + missing, out);
  EXPECT_EQ(a.code, 2) << a.output;
  EXPECT_NE(a.output.find(missing), std::string::npos) << a.output;
  EXPECT_FALSE(fs::exists(out));
  const std::string wrong = kData + "good_3x4.npy";  // 4 values per sample, the MLP takes 784
  const auto b = run(args + " --calibration " + wrong, out);
  EXPECT_EQ(b.code, 2) << b.output;
  EXPECT_NE(b.output.find(wrong), std::string::npos) << b.output;
  EXPECT_FALSE(fs::exists(out));
  const auto m = kirchhoff::test::run_cli("map " + kChip + " --workload " + kFmnist +
                                          "mlp.onnx --calibration " + wrong);
  EXPECT_EQ(m.code, 2) << m.output;
  EXPECT_NE(m.output.find(wrong), std::string::npos) << m.output;
}

// A fixed DAC range clips the CNN's hidden layers by more than 1 %: the console warns at the
// default tile.clip_warning_fraction (0.01) and not with a limit above every layer's fraction.
TEST(RangeModesCli, ClipWarningFollowsTheConfiguredFraction) {
  const std::string args = kChip + kExact + " --set tile.dac.range_mode=fixed --workload " +
                           kFmnist + "cnn.onnx" + kImages + " --samples 8";
  const fs::path a_dir = out_dir("warn"), b_dir = out_dir("nowarn");
  const auto a = run(args, a_dir);
  ASSERT_EQ(a.code, 0) << a.output;
  double worst = 0;
  const nlohmann::json clipped = read_summary(a_dir)["layer_dac_clipped_fraction"];
  for (auto it = clipped.begin(); it != clipped.end(); ++it)
    worst = std::max(worst, it.value().get<double>());
  ASSERT_GT(worst, 0.01);
  EXPECT_NE(a.output.find("(limit 1.00 %, tile.clip_warning_fraction)"), std::string::npos)
      << a.output;
  const auto b =
      run(args + " --set tile.clip_warning_fraction=" + std::to_string(worst + 0.01), b_dir);
  ASSERT_EQ(b.code, 0) << b.output;
  EXPECT_EQ(b.output.find("warning: layer"), std::string::npos) << b.output;
  fs::remove_all(a_dir);
  fs::remove_all(b_dir);
}

}  // namespace
