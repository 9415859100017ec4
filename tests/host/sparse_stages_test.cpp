// The dataflow stages of a sparsity-packed Dense layer (compiler/sparsity.h): the host gathers
// the kept outputs' bias, and a layer without a bias (an ONNX Gemm without C) has none to
// gather. fuzz_onnx found the second case throwing std::out_of_range in make_dataflow_stages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/dataflow_stage.h"

namespace kirchhoff {
namespace {

// Dense 5 -> 3 whose output column 2 is all zero: the mapper keeps columns 0 and 1.
WorkloadGraph dense_with_zero_column(std::vector<float> bias) {
  Layer l;
  l.name = "fc";
  l.op = OpKind::kDense;
  l.inputs = {Layer::kGraphInput};
  DenseOp d;
  d.in_features = 5;
  d.out_features = 3;
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 3; ++c) d.weights.push_back(c == 2 ? 0.0f : 0.25f * (r + 1));
  d.bias = std::move(bias);
  l.params = d;
  l.shape = {1, 3};
  WorkloadGraph g;
  g.name = "sparse";
  g.input_name = "x";
  g.input_shape = {1, 5};
  g.layers = {l};
  g.validate();
  return g;
}

std::vector<DataflowStage> stages_of(const WorkloadGraph& g) {
  const config::ChipConfig cfg =
      config::load_config(std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml");
  return make_dataflow_stages(g, map_workload(g, cfg));
}

TEST(SparseStages, ALayerWithoutBiasHasNoBiasToGather) {
  const auto stages = stages_of(dense_with_zero_column({}));
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].kept_cols, (std::vector<int>{0, 1}));
  EXPECT_EQ(stages[0].cols, 2);
  EXPECT_TRUE(stages[0].bias.empty());
  EXPECT_TRUE(stages[0].matrix_bias.empty());
}

TEST(SparseStages, TheKeptOutputsBiasIsGathered) {
  const auto stages = stages_of(dense_with_zero_column({1.0f, 2.0f, 3.0f}));
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].bias, (std::vector<float>{1.0f, 2.0f}));
  EXPECT_EQ(stages[0].matrix_bias, (std::vector<float>{1.0f, 2.0f, 3.0f}));  // column 2: its bias
}

}  // namespace
}  // namespace kirchhoff
