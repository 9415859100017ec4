// Native YAML `random_weights: on_use`: dense, conv and LSTM layers' seeded random weights are not
// held by the graph (no float copy, 4 B per weight) but drawn again where they are used, and are
// the same bits as the held ones (`held`, the default); a value other than held / on_use is an
// error naming file:line:column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "workloads/native_workload.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

namespace fs = std::filesystem;

std::string write(const std::string& name, const std::string& text) {
  const auto d = fs::temp_directory_path() / ("kirchhoff_on_use_" + std::to_string(::getpid()));
  fs::create_directories(d);
  const std::string p = (d / name).string();
  std::ofstream(p) << text;
  return p;
}

std::string mlp(const std::string& random_weights_line) {
  return "seed: 11\n" + random_weights_line + R"(input: {shape: [1, 40]}
layers:
  - {name: fc1, op: dense, out: 24, bias: random, bias_std: 0.1}
  - {name: relu1, op: relu}
  - {name: fc2, op: dense, out: 10, weight_std: 0.2}
)";
}

TEST(RandomWeightsOnUse, DenseWeightsAreNotHeldAndDrawTheHeldBits) {
  const WorkloadGraph held = load_workload(write("held.yaml", mlp("")));
  const WorkloadGraph explicit_held =
      load_workload(write("explicit_held.yaml", mlp("random_weights: held\n")));
  const WorkloadGraph on_use = load_workload(write("on_use.yaml", mlp("random_weights: on_use\n")));
  ASSERT_EQ(held.layers.size(), on_use.layers.size());
  for (std::size_t i : {std::size_t{0}, std::size_t{2}}) {
    const DenseOp& h = held.layers[i].dense();
    const DenseOp& u = on_use.layers[i].dense();
    EXPECT_EQ(h.weights.size(), static_cast<std::size_t>(h.in_features) * h.out_features);
    EXPECT_FALSE(static_cast<bool>(h.draw_weights));
    EXPECT_EQ(explicit_held.layers[i].dense().weights, h.weights);
    EXPECT_TRUE(u.weights.empty()) << held.layers[i].name;  // the graph holds no copy
    EXPECT_EQ(u.bias, h.bias);
    EXPECT_EQ(on_use.layers[i].matrix(), h.weights);  // bit for bit, every time
    EXPECT_EQ(on_use.layers[i].matrix(), h.weights);
  }
  std::vector<float> x(40);
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = 0.05f * static_cast<float>(k) - 1.0f;
  EXPECT_EQ(run_reference(on_use, x), run_reference(held, x));
}

std::string conv_lstm(const std::string& random_weights_line) {
  return "seed: 3\n" + random_weights_line + R"(input: {shape: [1, 2, 6, 6]}
layers:
  - {name: conv1, op: conv2d, out_channels: 3, kernel: 3, pads: 1, bias: random}
  - {name: relu1, op: relu}
  - {name: seq, op: reshape, shape: [6, 1, 18]}
  - {name: lstm1, op: lstm, hidden: 5, output: sequence, bias: random}
  - {name: lstm1_seq, op: reshape, shape: [6, 1, 5]}
  - {name: lstm2, op: lstm, hidden: 4, output: last}
)";
}

TEST(RandomWeightsOnUse, ConvAndLstmWeightsAreNotHeldAndDrawTheHeldBits) {
  const WorkloadGraph held = load_workload(write("conv_lstm_held.yaml", conv_lstm("")));
  const WorkloadGraph on_use =
      load_workload(write("conv_lstm_on_use.yaml", conv_lstm("random_weights: on_use\n")));
  ASSERT_EQ(held.layers.size(), on_use.layers.size());
  const Conv2dOp& hc = held.layers[0].conv();
  const Conv2dOp& uc = on_use.layers[0].conv();
  EXPECT_EQ(hc.weights.size(), 18u * 3u);
  EXPECT_FALSE(static_cast<bool>(hc.draw_weights));
  EXPECT_TRUE(uc.weights.empty());  // the graph holds no copy
  EXPECT_EQ(uc.bias, hc.bias);
  EXPECT_EQ(on_use.layers[0].matrix(), hc.weights);  // bit for bit, every time
  EXPECT_EQ(on_use.layers[0].matrix(), hc.weights);
  for (std::size_t i : {std::size_t{3}, std::size_t{5}}) {
    const LstmOp& h = held.layers[i].lstm();
    const LstmOp& u = on_use.layers[i].lstm();
    EXPECT_EQ(h.w.size(), static_cast<std::size_t>(4 * h.hidden_size * h.input_size));
    EXPECT_EQ(h.r.size(), static_cast<std::size_t>(4 * h.hidden_size * h.hidden_size));
    EXPECT_FALSE(static_cast<bool>(h.draw_w) || static_cast<bool>(h.draw_r));
    EXPECT_TRUE(u.w.empty() && u.r.empty()) << held.layers[i].name;
    EXPECT_NE(h.w, std::vector<float>(h.w.size(), 0.0f));
    EXPECT_EQ(u.bias, h.bias);
    EXPECT_EQ(on_use.layers[i].matrix(), held.layers[i].matrix());
    EXPECT_EQ(on_use.layers[i].matrix(), h.stacked_weights());
  }
  std::vector<float> x(72);
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = 0.03f * static_cast<float>(k) - 1.0f;
  EXPECT_EQ(run_reference(on_use, x), run_reference(held, x));
}

TEST(RandomWeightsOnUse, AnotherValueIsAnErrorNamingThePlace) {
  const std::string p = write("bad.yaml", mlp("random_weights: sometimes\n"));
  try {
    load_workload(p);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_EQ(std::string(e.what()),
              p + ":2:17: random_weights: 'sometimes'; allowed: held (default), on_use");
  }
}

}  // namespace
}  // namespace kirchhoff
