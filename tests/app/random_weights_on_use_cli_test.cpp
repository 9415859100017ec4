// `random_weights: on_use` (the graph does not hold the dense, conv and LSTM layers' seeded random
// weights; they are drawn again for programming and for the float reference): an MLP, a CNN and
// the small RNN-T step (LSTMs) on the 64-tile PCM chip each write the same summary.json, apart
// from the wall time, as with the weights held.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "workloads/npy.h"

namespace {

namespace fs = std::filesystem;

const std::string kSource = KIRCHHOFF_SOURCE_DIR;

// A directory of this test process's own (suites run in parallel).
fs::path scratch() {
  const fs::path d = fs::temp_directory_path() / ("kh_on_use_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

nlohmann::json run(const std::string& workload, const std::string& inputs, const std::string& tag) {
  const fs::path out = scratch() / ("out_" + tag);
  fs::remove_all(out);
  const kirchhoff::test::CliResult r = kirchhoff::test::run_cli(
      "--log-level warn run " + kSource + "/configs/chips/hermes64.yaml --workload " + workload +
      " --inputs " + inputs + " --samples 4 --seed 7 " +
      "--set tile.read.time_since_programming_s=3600 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.output;
  nlohmann::json j = kirchhoff::test::read_summary(out);
  j.erase("wall_s");
  fs::remove_all(out);
  return j;
}

// Runs `held_text` (a native workload, weights held) and the same text with
// `random_weights: on_use` first; expects the same summary.
void expect_same_summary(const std::string& held_text, const std::string& inputs,
                         const std::string& tag) {
  const fs::path held = scratch() / (tag + "_held.yaml");
  const fs::path on_use = scratch() / (tag + "_on_use.yaml");
  std::ofstream(held) << held_text;
  std::ofstream(on_use) << "random_weights: on_use\n" << held_text;
  const nlohmann::json a = run(held.string(), inputs, tag + "_held");
  const nlohmann::json b = run(on_use.string(), inputs, tag + "_on_use");
  fs::remove_all(scratch());
  ASSERT_TRUE(a.contains("energy_pj")) << a.dump(1);
  EXPECT_EQ(a, b) << nlohmann::json::diff(a, b).dump(1);
}

std::string file_text(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

TEST(RandomWeightsOnUseCli, MlpSummaryIsTheSameAsWithTheWeightsHeld) {
  expect_same_summary(file_text(kSource + "/configs/workloads/mlp_synthetic.yaml"),
                      kSource + "/tests/data/fmnist_inputs.npy", "mlp");
}

TEST(RandomWeightsOnUseCli, CnnSummaryIsTheSameAsWithTheWeightsHeld) {
  const std::string cnn = R"(name: cnn_synthetic
seed: 5
input: {name: x, shape: [1, 1, 28, 28]}
layers:
  - {name: conv1, op: conv2d, out_channels: 8, kernel: 3, pads: 1, bias: random, bias_std: 0.05}
  - {name: relu1, op: relu}
  - {name: pool1, op: maxpool, kernel: 2}
  - {name: conv2, op: conv2d, out_channels: 16, kernel: 3, stride: 2}
  - {name: relu2, op: relu}
  - {name: flat, op: flatten}
  - {name: fc, op: dense, out: 10}
)";
  expect_same_summary(cnn, kSource + "/tests/data/fmnist_inputs.npy", "cnn");
}

TEST(RandomWeightsOnUseCli, LstmSummaryIsTheSameAsWithTheWeightsHeld) {
  // The small RNN-T step (7 LSTM layers): 32 acoustic values ~ U(-1, 1) and a one-hot token.
  std::vector<float> x(4 * 60, 0.0f);
  for (int s = 0; s < 4; ++s) {
    for (int i = 0; i < 32; ++i)
      x[s * 60 + i] = static_cast<float>((s * 37 + i * 11) % 21) / 10 - 1;
    x[s * 60 + 32 + s * 5] = 1.0f;
  }
  const std::string inputs = (scratch() / "rnnt_inputs.npy").string();
  kirchhoff::write_npy(inputs, {4, 60}, x);
  expect_same_summary(file_text(kSource + "/configs/workloads/rnnt_small.yaml"), inputs, "lstm");
}

}  // namespace
