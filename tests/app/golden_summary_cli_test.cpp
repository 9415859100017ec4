// Golden summaries: the MLP, CNN and LSTM runs on the 64-tile PCM chip (programming noise, drift,
// read and ADC noise all drawn from the seed) must write the same summary.json, apart from the
// wall time, as the files in tests/data/golden/. A change to the model or the random streams that
// moves any figure fails here and has to be explained in its commit; regenerate the files with
// KIRCHHOFF_UPDATE_GOLDEN=1 (the test then writes them and fails, so it is never silently green).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/summary_file.h"

namespace {

namespace fs = std::filesystem;

void expect_golden(const std::string& name, const std::string& workload,
                   const std::string& inputs) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  // The summary without what depends on the machine rather than the model (the wall time).
  const kirchhoff::test::SummaryRun r = kirchhoff::test::run_for_summary(
      "--log-level warn run " + src + "/configs/chips/hermes64.yaml --workload " + src +
      "/tests/data/" + workload + " --inputs " + src + "/tests/data/" + inputs +
      " --samples 3 --seed 2026 --set tile.read.time_since_programming_s=3600 --quiet");
  ASSERT_EQ(r.cli.code, 0) << r.cli.output;
  const nlohmann::json& got = r.summary;
  const fs::path golden = fs::path(src) / "tests/data/golden" / (name + "_summary.json");
  if (std::getenv("KIRCHHOFF_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden) << got.dump(1) << "\n";
    FAIL() << "wrote " << golden << " (KIRCHHOFF_UPDATE_GOLDEN is set)";
  }
  std::ifstream in(golden);
  ASSERT_TRUE(in) << "missing " << golden;
  const nlohmann::json want = nlohmann::json::parse(in);
  EXPECT_EQ(got, want) << "differences (RFC 6902 patch from golden to this run):\n"
                       << nlohmann::json::diff(want, got).dump(1);
}

TEST(GoldenSummaryCli, MlpOnPcmChipIsUnchanged) {
  expect_golden("mlp", "mlp.onnx", "fmnist_inputs.npy");
}

TEST(GoldenSummaryCli, CnnOnPcmChipIsUnchanged) {
  expect_golden("cnn", "cnn.onnx", "fmnist_inputs.npy");
}

TEST(GoldenSummaryCli, LstmOnPcmChipIsUnchanged) {
  expect_golden("lstm", "lstm.onnx", "lstm_inputs.npy");
}

}  // namespace
