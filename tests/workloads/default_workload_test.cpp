// The synthetic workload of `kirchhoff run --workload dense`: a one-layer WorkloadGraph whose
// weights and inputs are the documented counter-based random streams of the run's seed.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/random_stream.h"
#include "workloads/default_workload.h"
#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

config::SyntheticWorkload small() {
  config::SyntheticWorkload w;
  w.in_features = 5;
  w.out_features = 3;
  w.samples = 4;
  w.weight_std = 0.5;
  w.input_max = 2.0;
  return w;
}

TEST(DefaultWorkload, IsOneDenseLayerWithoutBiasOrActivation) {
  const DefaultWorkload d = make_default_workload(small(), 7);
  const WorkloadGraph& g = d.graph;
  EXPECT_EQ(g.name, "default");
  EXPECT_EQ(g.source, "");
  EXPECT_EQ(g.input_shape, (Shape{1, 5}));
  ASSERT_EQ(g.layers.size(), 1u);
  const Layer& fc = g.layers[0];
  EXPECT_EQ(fc.name, "fc");
  EXPECT_EQ(fc.op, OpKind::kDense);
  EXPECT_EQ(fc.inputs, std::vector<int>{Layer::kGraphInput});
  EXPECT_EQ(fc.shape, (Shape{1, 3}));
  EXPECT_EQ(fc.dense().in_features, 5);
  EXPECT_EQ(fc.dense().out_features, 3);
  EXPECT_TRUE(fc.dense().bias.empty());
  EXPECT_EQ(g.output_layer(), 0);
  EXPECT_NO_THROW(g.validate());
}

// Weights: stream "workload.weights", event 0, N(0, 1) x weight_std in [in][out] order; inputs:
// stream "workload.inputs", event = sample, element = row, U(-input_max, input_max).
TEST(DefaultWorkload, DrawsWeightsAndInputsFromTheSeedsStreams) {
  const config::SyntheticWorkload w = small();
  const DefaultWorkload d = make_default_workload(w, 7);
  std::vector<float> n(15);
  RandomStream(7, "workload.weights").normals(0, 0, n.data(), n.size());
  const std::vector<float>& weights = d.graph.layers[0].dense().weights;
  ASSERT_EQ(weights.size(), 15u);
  for (std::size_t i = 0; i < n.size(); ++i)
    EXPECT_EQ(weights[i], n[i] * static_cast<float>(w.weight_std)) << i;
  const RandomStream xs(7, "workload.inputs");
  ASSERT_EQ(d.inputs.size(), 4u);
  for (int s = 0; s < 4; ++s) {
    ASSERT_EQ(d.inputs[s].size(), 5u);
    for (int r = 0; r < 5; ++r) {
      EXPECT_EQ(d.inputs[s][r], static_cast<float>((2.0 * xs.uniform(s, r) - 1.0) * 2.0));
      EXPECT_LE(std::fabs(d.inputs[s][r]), 2.0f);
    }
  }
  // The same seed gives the same workload; another seed other weights and inputs.
  const DefaultWorkload again = make_default_workload(w, 7);
  EXPECT_EQ(again.graph.layers[0].dense().weights, weights);
  EXPECT_EQ(again.inputs, d.inputs);
  const DefaultWorkload other = make_default_workload(w, 8);
  EXPECT_NE(other.graph.layers[0].dense().weights, weights);
  EXPECT_NE(other.inputs, d.inputs);
}

// Its float reference is the GEMV y = x W.
TEST(DefaultWorkload, ReferenceIsTheGemvOfItsWeights) {
  const DefaultWorkload d = make_default_workload(small(), 3);
  const DenseOp& fc = d.graph.layers[0].dense();
  const std::vector<float>& x = d.inputs[1];
  const std::vector<std::vector<float>> y = run_reference(d.graph, x);
  ASSERT_EQ(y.size(), 1u);
  ASSERT_EQ(y[0].size(), 3u);
  for (int c = 0; c < 3; ++c) {
    double acc = 0;
    for (int r = 0; r < 5; ++r) acc += static_cast<double>(fc.weights[r * 3 + c]) * x[r];
    EXPECT_NEAR(y[0][c], acc, 1e-6 * (1 + std::fabs(acc))) << c;
  }
}

}  // namespace
}  // namespace kirchhoff
