// `kirchhoff run` and `kirchhoff map` on the bad workloads, inputs and labels of tests/data/bad/
// (tools/make_bad_inputs.py), run as a user runs them: exit code 2, a message naming the file
// and the place, and --out left absent (or, when it existed, unchanged). Also the input and
// label dtypes that are accepted, and --samples beyond the file with and without --repeat.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir_test.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kData = kSource + "/tests/data/";
const std::string kBad = kData + "bad/";
const std::string kChip = kSource + "/configs/chips/hermes64.yaml";

using Result = kirchhoff::test::CliResult;
Result run(const std::string& args) {
  return kirchhoff::test::run_cli(args);
}

class BadWorkloadCli : public kirchhoff::test::TempDirTest {
 protected:
  // `run` of `workload` on `inputs` (and `extra` options) into a fresh --out: exit 2, the
  // message contains every `needles` entry, and --out does not exist afterwards.
  void expect_run_rejected(const std::string& workload, const std::string& inputs,
                           const std::vector<std::string>& needles, const std::string& extra = "") {
    const fs::path out = dir_ / "out";
    fs::remove_all(out);
    const Result r = run("run " + kChip + " --workload " + workload + " --inputs " + inputs +
                         " --out " + out.string() + " " + extra);
    EXPECT_EQ(r.code, 2) << r.output;
    for (const auto& n : needles) EXPECT_NE(r.output.find(n), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out)) << "run left " << out << " behind: " << r.output;
  }
  void expect_map_rejected(const std::string& workload, const std::vector<std::string>& needles) {
    const Result r = run("map " + kChip + " --workload " + workload);
    EXPECT_EQ(r.code, 2) << r.output;
    for (const auto& n : needles) EXPECT_NE(r.output.find(n), std::string::npos) << r.output;
  }
  static nlohmann::json summary(const fs::path& out) {
    return kirchhoff::test::read_summary_without_wall(out);
  }
};

TEST_F(BadWorkloadCli, ZeroDimensionWeightsExit2InMapAndRun) {
  const std::string inputs = kData + "fmnist_inputs.npy";
  for (const std::string f :
       {"dense_zero_out.onnx", "conv_zero_out.onnx", "conv_zero_kernel.onnx"}) {
    SCOPED_TRACE(f);
    expect_map_rejected(kBad + f, {kBad + f + ": node ", "is 0; allowed: integer in [1, "});
    expect_run_rejected(kBad + f, inputs, {kBad + f + ": node "});
  }
}

TEST_F(BadWorkloadCli, OverflowingDimensionsExit2) {
  expect_map_rejected(kBad + "dims_overflow_bytes.onnx",
                      {kBad + "dims_overflow_bytes.onnx: tensor 'w' [4611686018427387905, 1] "
                              "(bytes): 4611686018427387905 x 4 overflows a 64-bit size"});
  expect_run_rejected(kBad + "dims_overflow_count.onnx", kData + "fmnist_inputs.npy",
                      {kBad + "dims_overflow_count.onnx: tensor 'w'",
                       "has more elements than fit in a 64-bit count"});
}

TEST_F(BadWorkloadCli, PadsAndStridesOutOfRangeExit2AtOnce) {
  // pads = 5e8 used to overflow Conv2dOp::patches and run for minutes.
  expect_map_rejected(kBad + "conv_huge_pads.onnx",
                      {kBad + "conv_huge_pads.onnx: node 'conv1' (index 0, Conv): pad top = "
                              "500000000; allowed: integer in [0, 2]"});
  expect_map_rejected(kBad + "conv_negative_pads.onnx",
                      {"conv_negative_pads.onnx: node 'conv1' (index 0, Conv): pads[0] (top) is "
                       "-1; allowed: integer in [0, 2147483647]"});
  expect_run_rejected(kBad + "conv_stride_wrap.onnx", kData + "fmnist_inputs.npy",
                      {"conv_stride_wrap.onnx: node 'conv1' (index 0, Conv): strides[0] is "
                       "4294967297; allowed: integer in [1, 2147483647]"});
}

TEST_F(BadWorkloadCli, NonFiniteWeightsExit2) {
  expect_map_rejected(kBad + "nan_weight.onnx",
                      {kBad + "nan_weight.onnx: tensor 'w' element [2, 1] is NaN; allowed: "
                              "finite float32 values"});
  expect_map_rejected(kBad + "inf_weight.onnx", {"inf_weight.onnx: tensor 'w' element [0, 2] "
                                                 "is +inf"});
}

TEST_F(BadWorkloadCli, WhatTheDpuCannotRunFailsBeforeOutIsCreatedAndNamesTheFile) {
  const std::string w = kBad + "asym_pool.onnx";
  EXPECT_EQ(run("map " + kChip + " --workload " + w).code, 0);  // the plan itself is fine
  expect_run_rejected(w, kBad + "asym_pool_inputs.npy",
                      {w + ": layer 'pool_asym' (MaxPool): only symmetric padding runs in the "
                           "DPU"});
  // An --out that already exists keeps exactly what it held.
  const fs::path out = dir_ / "kept";
  fs::create_directories(out);
  std::ofstream(out / "note.txt") << "mine\n";
  const Result r = run("run " + kChip + " --workload " + w + " --inputs " + kBad +
                       "asym_pool_inputs.npy --out " + out.string());
  EXPECT_EQ(r.code, 2) << r.output;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"note.txt"});
}

TEST_F(BadWorkloadCli, BadNpyHeadersExit2) {
  const std::string mlp = kData + "mlp.onnx";
  expect_run_rejected(mlp, kBad + "shape_digits.npy",
                      {kBad + "shape_digits.npy: npy shape (99999999999999999999999, 1): "
                              "dimension ",
                       "does not fit in 64 bits"});
  expect_run_rejected(mlp, kBad + "count_wraps.npy",
                      {kBad + "count_wraps.npy: npy shape (4294967296, 4294967296)",
                       "has more elements than fit in a 64-bit count"});
  expect_run_rejected(mlp, kBad + "bytes_wrap.npy",
                      {kBad + "bytes_wrap.npy: npy shape (2305843009213693952, 2): "
                              "4611686018427387904 x 4 overflows a 64-bit size"});
  expect_run_rejected(mlp, kBad + "complex64.npy",
                      {kBad + "complex64.npy: unsupported dtype '<c8' (supported, "
                              "little-endian: float32 '<f4'"});
  expect_run_rejected(mlp, kBad + "big_endian.npy", {"big_endian.npy: unsupported dtype '>f4'"});
}

TEST_F(BadWorkloadCli, DirectoriesGivenAsFilesExit2) {
  const fs::path npy = dir_ / "x.npy";
  const fs::path onnx = dir_ / "m.onnx";
  fs::create_directories(npy);
  fs::create_directories(onnx);
  expect_run_rejected(kData + "mlp.onnx", npy.string(),
                      {npy.string() + ": is a directory; expected a .npy file"});
  expect_map_rejected(onnx.string(), {onnx.string() + ": is a directory; expected a workload "
                                                      "file"});
}

TEST_F(BadWorkloadCli, BadInputValuesAndDtypesExit2) {
  const std::string mlp = kData + "mlp.onnx";
  expect_run_rejected(mlp, kBad + "inputs_nan.npy",
                      {kBad + "inputs_nan.npy: sample 1 element 5 (byte offset 3284) is NaN; "
                              "allowed: finite values"});
  expect_run_rejected(mlp, kBad + "inputs_int64.npy",
                      {kBad + "inputs_int64.npy: input dtype int64 is not supported; allowed: "
                              "float32, float64, float16, uint8, int8 (multiplied by "
                              "--uint8-scale), int16, int32"});
}

TEST_F(BadWorkloadCli, LabelsAreCheckedAgainstTheModelsOutputSize) {
  const std::string mlp = kData + "mlp.onnx";
  const std::string x = kData + "fmnist_inputs.npy";
  expect_run_rejected(mlp, x,
                      {kBad + "labels_out_of_range.npy: label 31 (byte offset 376) is 10; "
                              "allowed: an integer class in [0, 10) (the model's output has 10 "
                              "values)"},
                      "--labels " + kBad + "labels_out_of_range.npy");
  expect_run_rejected(mlp, x,
                      {kBad + "labels_fractional.npy: label 3 (byte offset 140) is 2.500000, "
                              "not an integer; allowed: an integer class in [0, 10)"},
                      "--labels " + kBad + "labels_fractional.npy");
  expect_run_rejected(mlp, x,
                      {kBad + "labels_negative.npy: label 0 (byte offset 128) is -1; allowed"},
                      "--labels " + kBad + "labels_negative.npy");
}

TEST_F(BadWorkloadCli, Int64LabelsFromPlainNpSaveAreAccepted) {
  const std::string common = "run " + kChip + " --workload " + kData + "mlp.onnx --inputs " +
                             kData + "fmnist_inputs.npy --samples 4 --labels ";
  const fs::path a = dir_ / "u8", b = dir_ / "i64";
  const Result ru8 = run(common + kData + "fmnist_labels.npy --out " + a.string());
  const Result ri64 = run(common + kData + "dtypes/fmnist_labels_int64.npy --out " + b.string());
  ASSERT_EQ(ru8.code, 0) << ru8.output;
  ASSERT_EQ(ri64.code, 0) << ri64.output;
  EXPECT_TRUE(summary(b).contains("top1_chip"));
  EXPECT_EQ(summary(a), summary(b));  // the same labels in another dtype: the same results
}

TEST_F(BadWorkloadCli, Float64AndFloat16InputsConvertToTheSameFloat32Values) {
  // fmnist_f64.npy holds the first 4 samples of fmnist_inputs.npy exactly.
  const std::string common = "run " + kChip + " --workload " + kData + "mlp.onnx --inputs ";
  const fs::path f32 = dir_ / "f32", f64 = dir_ / "f64", f16 = dir_ / "f16", i16 = dir_ / "i16";
  ASSERT_EQ(run(common + kData + "fmnist_inputs.npy --samples 2 --out " + f32.string()).code, 0);
  ASSERT_EQ(run(common + kData + "dtypes/fmnist_f64.npy --samples 2 --out " + f64.string()).code,
            0);
  EXPECT_EQ(summary(f32), summary(f64));
  const Result half =
      run(common + kData + "dtypes/fmnist_f16.npy --samples 1 --out " + f16.string());
  ASSERT_EQ(half.code, 0) << half.output;
  EXPECT_EQ(summary(f16)["samples"], 1);
  // int16 values are converted unscaled (only uint8 and int8 take --uint8-scale).
  const Result ints =
      run(common + kData + "dtypes/fmnist_i16.npy --samples 1 --out " + i16.string());
  ASSERT_EQ(ints.code, 0) << ints.output;
  EXPECT_EQ(summary(i16)["samples"], 1);
}

TEST_F(BadWorkloadCli, MoreSamplesThanTheFileNeedRepeat) {
  const std::string common = "run " + kChip + " --workload " + kData + "mlp.onnx --inputs " +
                             kData + "dtypes/fmnist_f64.npy ";
  expect_run_rejected(kData + "mlp.onnx", kData + "dtypes/fmnist_f64.npy",
                      {kData + "dtypes/fmnist_f64.npy: --samples 9 but the file holds 4 "
                               "samples; allowed: --samples <= 4, or add --repeat to cycle "
                               "through the file"},
                      "--samples 9");
  const fs::path out = dir_ / "rep";
  const Result r = run(common + "--samples 6 --repeat --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(summary(out)["samples"], 6);
  const Result no_n = run(common + "--repeat --out " + (dir_ / "none").string());
  EXPECT_EQ(no_n.code, 2) << no_n.output;
  EXPECT_NE(no_n.output.find("run: --repeat needs --samples N"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "none"));
}

}  // namespace
