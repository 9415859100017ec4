// The eight-lane AVX2 loops (models/simd_avx2.h) and the four-lane code they stand in for give
// the same bits: the MLP, CNN and LSTM golden runs with KIRCHHOFF_SIMD=sse2 (the four-lane code
// forced) write the same summary.json, apart from the wall time, as tests/data/golden/ (which
// the AVX2 path must match too: GoldenSummaryCli.*).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/summary_file.h"

namespace {

namespace fs = std::filesystem;

void expect_golden_without_avx2(const std::string& name, const std::string& workload,
                                const std::string& inputs) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const kirchhoff::test::SummaryRun r = kirchhoff::test::run_for_summary(
      "--log-level warn run " + src + "/configs/chips/hermes64.yaml --workload " + src +
          "/tests/data/" + workload + " --inputs " + src + "/tests/data/" + inputs +
          " --samples 3 --seed 2026 --set tile.read.time_since_programming_s=3600 --quiet",
      "KIRCHHOFF_SIMD=sse2");
  ASSERT_EQ(r.cli.code, 0) << r.cli.output;
  const nlohmann::json& got = r.summary;
  std::ifstream in(fs::path(src) / "tests/data/golden" / (name + "_summary.json"));
  ASSERT_TRUE(in);
  const nlohmann::json want = nlohmann::json::parse(in);
  EXPECT_EQ(got, want) << nlohmann::json::diff(want, got).dump(1);
}

TEST(SimdFallbackCli, FourLaneMlpRunMatchesTheGoldenSummary) {
  expect_golden_without_avx2("mlp", "mlp.onnx", "fmnist_inputs.npy");
}

TEST(SimdFallbackCli, FourLaneCnnRunMatchesTheGoldenSummary) {
  expect_golden_without_avx2("cnn", "cnn.onnx", "fmnist_inputs.npy");
}

TEST(SimdFallbackCli, FourLaneLstmRunMatchesTheGoldenSummary) {
  expect_golden_without_avx2("lstm", "lstm.onnx", "lstm_inputs.npy");
}

}  // namespace
