// Native YAML workloads: the shipped example loads, random weights are reproducible from the
// seed (and equal RandomStream's draws), .npy weights are read relative to the YAML, and errors
// name file:line:column.
#include <gtest/gtest.h>

#include <cmath>

#include "models/random_stream.h"
#include "tests/workloads/workload_test_files.h"
#include "workloads/native_workload.h"
#include "workloads/npy.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

std::string dir() {
  return test::workload_dir();
}
std::string write(const std::string& name, const std::string& text) {
  return test::write_workload_file(name, text);
}
std::string error_of(const std::string& path) {
  return test::workload_error_of([&] { load_native_workload(path); });
}

const char* kMlp = R"(seed: 11
input: {name: x, shape: [1, 20]}
layers:
  - {name: fc1, op: dense, out: 30, weight_std: 0.5, bias: random}
  - {name: act, op: tanh}
  - {name: fc2, op: dense, out: 4}
)";

TEST(NativeWorkload, ShippedMlpLoads) {
  const WorkloadGraph g = load_native_workload(std::string(KIRCHHOFF_SOURCE_DIR) +
                                               "/configs/workloads/mlp_synthetic.yaml");
  EXPECT_EQ(g.name, "mlp_synthetic");
  EXPECT_EQ(g.input_shape, (Shape{1, 784}));
  ASSERT_EQ(g.layers.size(), 6u);
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 256}));
  EXPECT_EQ(g.layers[2].shape, (Shape{1, 128}));
  EXPECT_EQ(g.layers[4].shape, (Shape{1, 10}));
  EXPECT_EQ(g.layers[5].op, OpKind::kSoftmax);
  g.validate();
  const auto out = run_reference(g, std::vector<float>(784, 0.5f));
  double sum = 0;
  for (float v : out.back()) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-6);
}

TEST(NativeWorkload, RandomWeightsAreReproducibleBySeed) {
  const WorkloadGraph a = load_native_workload(write("a.yaml", kMlp));
  const WorkloadGraph b = load_native_workload(write("b.yaml", kMlp));
  EXPECT_EQ(a.layers[0].dense().weights, b.layers[0].dense().weights);
  EXPECT_EQ(a.layers[0].dense().bias, b.layers[0].dense().bias);
  std::string other = kMlp;
  other.replace(other.find("seed: 11"), 8, "seed: 12");
  const WorkloadGraph c = load_native_workload(write("c.yaml", other));
  EXPECT_NE(a.layers[0].dense().weights, c.layers[0].dense().weights);
  // Keyed by (seed, "workload.<layer>"): event 0 weights, event 1 bias.
  const RandomStream rs(11, "workload.fc1");
  EXPECT_FLOAT_EQ(a.layers[0].dense().weights[7], static_cast<float>(0.5 * rs.normal(0, 7)));
  EXPECT_FLOAT_EQ(a.layers[0].dense().bias[3], static_cast<float>(0.5 * rs.normal(1, 3)));
  // Default std 1/sqrt(fan_in) and zero bias.
  const RandomStream rs2(11, "workload.fc2");
  EXPECT_FLOAT_EQ(a.layers[2].dense().weights[0],
                  static_cast<float>(rs2.normal(0, 0) / std::sqrt(30.0)));
  EXPECT_EQ(a.layers[2].dense().bias, std::vector<float>(4, 0.0f));
}

TEST(NativeWorkload, NpyWeightsRelativeToTheYaml) {
  std::vector<float> w(3 * 2), k(4 * 1 * 3 * 3);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 0.25f * static_cast<float>(i);
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<float>(i);
  write_npy(dir() + "/w.npy", {3, 2}, w);
  write_npy(dir() + "/b.npy", {2}, std::vector<float>{1.0f, -1.0f});
  write_npy(dir() + "/k.npy", {4, 1, 3, 3}, k);
  const std::string p = write("npy.yaml", R"(input: {shape: [1, 3]}
layers:
  - {name: fc, op: dense, out: 2, weights: w.npy, bias: b.npy}
)");
  const WorkloadGraph g = load_native_workload(p);
  EXPECT_EQ(g.layers[0].dense().weights, w);
  EXPECT_EQ(g.layers[0].dense().bias, (std::vector<float>{1.0f, -1.0f}));
  const auto y = run_reference(g, {1.0f, 2.0f, 3.0f});
  EXPECT_FLOAT_EQ(y[0][0], 1.0f + 0 * 1 + 0.5f * 2 + 1.0f * 3);

  const WorkloadGraph c = load_native_workload(write("conv.yaml", R"(input: {shape: [1, 1, 5, 5]}
layers:
  - {name: conv, op: conv2d, out_channels: 4, kernel: 3, pads: 1, weights: k.npy, bias: none}
  - {name: pool, op: maxpool, kernel: 2}
  - {name: flat, op: flatten}
)"));
  EXPECT_EQ(c.layers[0].shape, (Shape{1, 4, 5, 5}));
  EXPECT_EQ(c.layers[1].shape, (Shape{1, 4, 2, 2}));
  EXPECT_EQ(c.layers[2].shape, (Shape{1, 16}));
  // im2col layout: row r of output channel m is ONNX W[m][r].
  EXPECT_EQ(c.layers[0].conv().weights[5 * 4 + 2], k[2 * 9 + 5]);
}

TEST(NativeWorkload, LstmAndTwoInputAdd) {
  const WorkloadGraph g = load_native_workload(write("lstm.yaml", R"(input: {shape: [6, 1, 3]}
layers:
  - {name: rnn, op: lstm, hidden: 5}
  - {name: flat, op: reshape, shape: [1, -1]}
  - {name: fc, op: dense, out: 5}
  - {name: skip, op: add, inputs: [fc, flat]}
)"));
  EXPECT_EQ(g.layers[0].lstm().seq_len, 6);
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 1, 5}));
  EXPECT_EQ(g.layers[1].shape, (Shape{1, 5}));
  EXPECT_EQ(g.layers[3].inputs, (std::vector<int>{2, 1}));
  g.validate();
  EXPECT_EQ(run_reference(g, std::vector<float>(18, 0.1f)).back().size(), 5u);
}

TEST(NativeWorkload, ErrorsNameFileLineAndColumn) {
  std::string e = error_of(write("e1.yaml", R"(input: {shape: [1, 4]}
layers:
  - {name: fc, op: dense, outs: 3}
)"));
  EXPECT_NE(e.find("e1.yaml:3:27: layer 'fc': unknown key 'outs'; allowed:"), std::string::npos)
      << e;

  e = error_of(write("e2.yaml", "input: {shape: [1, 4]}\nlayers:\n  - {name: x, op: einsum}\n"));
  EXPECT_NE(e.find("e2.yaml:3:19: layer 'x': unknown op 'einsum'; allowed: dense"),
            std::string::npos)
      << e;

  write_npy(dir() + "/w_wrong.npy", {2, 2}, std::vector<float>(4, 0.0f));
  e = error_of(write("e3.yaml", R"(input: {shape: [1, 4]}
layers:
  - name: fc
    op: dense
    out: 3
    weights: w_wrong.npy
)"));
  EXPECT_NE(e.find("e3.yaml:6:14: "), std::string::npos) << e;
  EXPECT_NE(e.find("w_wrong.npy: shape [2, 2], expected [4, 3]"), std::string::npos) << e;

  e = error_of(write("e4.yaml", R"(input: {shape: [1, 1, 4, 4]}
layers:
  - {name: fc, op: dense, out: 3}
)"));
  EXPECT_NE(e.find("e4.yaml:3:5: layer 'fc' (dense): input shape [1, 1, 4, 4]"), std::string::npos)
      << e;

  e = error_of(write("e5.yaml",
                     "input: {shape: [1, 4]}\nlayers:\n  - {name: a, op: add, "
                     "inputs: [input, nope]}\n"));
  EXPECT_NE(e.find("e5.yaml:3:40: layer 'a': input 'nope' is not an earlier layer"),
            std::string::npos)
      << e;

  e = error_of(write("e6.yaml", "input: {shape: [1, 4]\nlayers: [\n"));
  EXPECT_NE(e.find("e6.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;

  e = error_of(dir() + "/missing.yaml");
  EXPECT_NE(e.find("missing.yaml: cannot open workload file"), std::string::npos) << e;
}

TEST(NativeWorkload, LoadWorkloadDispatchesOnTheExtension) {
  EXPECT_EQ(load_workload(std::string(KIRCHHOFF_TEST_DATA_DIR) + "/cnn.onnx").layers.size(), 10u);
  EXPECT_EQ(load_workload(write("d.yaml", kMlp)).layers.size(), 3u);
  try {
    load_workload(dir() + "/net.pt");
    FAIL();
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("net.pt: unknown workload file type '.pt'; supported:"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff
