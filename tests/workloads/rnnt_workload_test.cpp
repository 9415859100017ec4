// The shipped RNN-T step workloads (configs/workloads/rnnt_step.yaml, sized after the MLPerf
// reference model, and rnnt_small.yaml, the same structure with fewer units): their weight
// counts, layer structure, and one step of the float reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "workloads/native_workload.h"
#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

const std::string kDir = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/workloads/";

std::int64_t crossbar_weights(const WorkloadGraph& g) {
  std::int64_t n = 0;
  for (const Layer& l : g.layers) n += static_cast<std::int64_t>(l.matrix_rows()) * l.matrix_cols();
  return n;
}

std::vector<std::string> weight_layers(const WorkloadGraph& g) {
  std::vector<std::string> names;
  for (const Layer& l : g.layers)
    if (has_crossbar_weights(l.op)) names.push_back(l.name);
  return names;
}

const std::vector<std::string> kWeightLayers = {
    "pred_embed", "pred_lstm1", "pred_lstm2", "joint_pred", "enc_lstm1", "enc_lstm2",
    "enc_lstm3",  "enc_lstm4",  "enc_lstm5",  "joint_enc",  "joint_out"};

TEST(RnntWorkload, FullStepHasTheMlperfSizes) {
  const WorkloadGraph g = load_native_workload(kDir + "rnnt_step.yaml");
  const std::int64_t w = crossbar_weights(g);
  std::printf("rnnt_step: %lld crossbar weights\n", static_cast<long long>(w));
  EXPECT_EQ(w, 45'276'416);
  EXPECT_EQ(g.input_shape, (Shape{1, 2 * 240 + 28}));
  EXPECT_EQ(weight_layers(g), kWeightLayers);
  const Layer& enc1 = g.layers.at(static_cast<std::size_t>(g.find("enc_lstm1")));
  EXPECT_EQ(enc1.lstm().input_size, 240);
  EXPECT_EQ(enc1.lstm().seq_len, 2);  // two frames before the time reduction
  const Layer& enc3 = g.layers.at(static_cast<std::size_t>(g.find("enc_lstm3")));
  EXPECT_EQ(enc3.lstm().input_size, 2048);  // two 1,024 outputs stacked
  EXPECT_EQ(enc3.lstm().seq_len, 1);
  EXPECT_EQ(g.layers.at(static_cast<std::size_t>(g.find("pred_lstm2"))).lstm().hidden_size, 320);
  EXPECT_EQ(g.layers.back().shape, (Shape{1, 29}));
}

TEST(RnntWorkload, SmallStepHasTheSameStructure) {
  const WorkloadGraph g = load_native_workload(kDir + "rnnt_small.yaml");
  EXPECT_EQ(crossbar_weights(g), 191'216);
  EXPECT_EQ(weight_layers(g), kWeightLayers);
  EXPECT_EQ(g.input_shape, (Shape{1, 2 * 16 + 28}));
  EXPECT_EQ(g.layers.back().shape, (Shape{1, 29}));
}

TEST(RnntWorkload, TheJointNetworkAddsBothBranches) {
  // The reference output is relu(joint_enc + joint_pred) through joint_out: recompute the sum
  // from the two branches' outputs.
  const WorkloadGraph g = load_native_workload(kDir + "rnnt_small.yaml");
  std::vector<float> x(60);
  for (std::size_t i = 0; i < 32; ++i) x[i] = std::sin(0.3f * static_cast<float>(i));
  x[32 + 5] = 1.0f;  // previous token: label 5
  const auto out = run_reference(g, x);
  const auto at = [&](const char* n) { return out.at(static_cast<std::size_t>(g.find(n))); };
  const auto e = at("joint_enc"), p = at("joint_pred"), relu = at("joint_relu");
  ASSERT_EQ(e.size(), 48u);
  for (std::size_t i = 0; i < 48; ++i) EXPECT_FLOAT_EQ(relu[i], std::max(e[i] + p[i], 0.0f)) << i;
  // The token's embedding is row 5 of the embedding matrix.
  const Layer& emb = g.layers.at(static_cast<std::size_t>(g.find("pred_embed")));
  const auto embedded = at("pred_embed");
  for (int c = 0; c < 32; ++c) EXPECT_EQ(embedded[c], emb.dense().weights[5 * 32 + c]) << c;
}

}  // namespace
}  // namespace kirchhoff
