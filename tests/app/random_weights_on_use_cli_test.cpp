// `random_weights: on_use` (the graph does not hold the dense, conv and LSTM layers' seeded random
// weights; they are drawn again for programming and for the float reference): an MLP, a CNN and
// the small RNN-T step (LSTMs) on the 64-tile PCM chip each write the same summary.json, apart
// from the wall time, as with the weights held.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"
#include "workloads/npy.h"

namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;

nlohmann::json run(const std::string& workload, const std::string& inputs) {
  const kirchhoff::test::SummaryRun r = kirchhoff::test::run_for_summary(
      "--log-level warn run " + kSource + "/configs/chips/hermes64.yaml --workload " + workload +
      " --inputs " + inputs + " --samples 4 --seed 7 " +
      "--set tile.read.time_since_programming_s=3600 --quiet");
  EXPECT_EQ(r.cli.code, 0) << r.cli.output;
  return r.summary;
}

// Runs `held_text` (a native workload, weights held) and the same text with
// `random_weights: on_use` first; expects the same summary.
void expect_same_summary(const std::string& held_text, const std::string& inputs) {
  const kirchhoff::test::TempDir dir("kh-on-use");
  const std::string held = dir.file("held.yaml");
  const std::string on_use = dir.file("on_use.yaml");
  std::ofstream(held) << held_text;
  std::ofstream(on_use) << "random_weights: on_use\n" << held_text;
  const nlohmann::json a = run(held, inputs);
  const nlohmann::json b = run(on_use, inputs);
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
                      kSource + "/tests/data/fmnist_inputs.npy");
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
  expect_same_summary(cnn, kSource + "/tests/data/fmnist_inputs.npy");
}

TEST(RandomWeightsOnUseCli, LstmSummaryIsTheSameAsWithTheWeightsHeld) {
  // The small RNN-T step (7 LSTM layers): 32 acoustic values ~ U(-1, 1) and a one-hot token.
  std::vector<float> x(4 * 60, 0.0f);
  for (int s = 0; s < 4; ++s) {
    for (int i = 0; i < 32; ++i)
      x[s * 60 + i] = static_cast<float>((s * 37 + i * 11) % 21) / 10 - 1;
    x[s * 60 + 32 + s * 5] = 1.0f;
  }
  const kirchhoff::test::TempDir dir("kh-on-use-inputs");
  const std::string inputs = dir.file("rnnt_inputs.npy");
  kirchhoff::write_npy(inputs, {4, 60}, x);
  expect_same_summary(file_text(kSource + "/configs/workloads/rnnt_small.yaml"), inputs);
}

}  // namespace
