// Which Relus the mapper fuses into the duration readout (compiler/readout_activation.h): only
// one that directly follows a crossbar layer of one row block and no bias, reads nothing else
// and is the only reader of the layer's output, on tiles with the duration readout and
// tile.duration.fuse_activation on.
#include "compiler/readout_activation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/plan_report.h"
#include "config/config_loader.h"
#include "tests/common/graph_builders.h"

namespace kirchhoff {
namespace {

Layer dense(const std::string& name, int input, int in, int out, bool bias) {
  return test::dense_layer(
      name, input, in, out, std::vector<float>(static_cast<std::size_t>(in) * out, 0.01f),
      bias ? std::vector<float>(static_cast<std::size_t>(out), 0.1f) : std::vector<float>{});
}

Layer unary(const std::string& name, OpKind op, std::vector<int> inputs, int width) {
  Layer l;
  l.name = name;
  l.op = op;
  l.inputs = std::move(inputs);
  l.shape = {1, width};
  return l;
}

// fc (in x 32) -> relu -> out (32 x 8); `in` > 64 gives fc two row blocks on 64-row tiles.
WorkloadGraph chain(int in, bool bias) {
  return test::flat_graph("chain", in,
                          {dense("fc", Layer::kGraphInput, in, 32, bias),
                           unary("relu", OpKind::kRelu, {0}, 32), dense("out", 1, 32, 8, false)});
}

config::ChipConfig chip(std::vector<std::string> extra = {}) {
  std::vector<std::string> o = {"chip.tiles=4",     "chip.mesh_cols=2",
                                "chip.mesh_rows=2", "tile.rows=64",
                                "tile.cols=32",     "tile.output_conversion=duration"};
  o.insert(o.end(), extra.begin(), extra.end());
  return config::load_config("", o);
}

TEST(ReadoutActivation, AReluAfterAOneBlockLayerWithoutBiasIsFused) {
  const MappingPlan plan = map_workload(chain(64, false), chip());
  ASSERT_EQ(plan.layers.size(), 2u);
  EXPECT_EQ(plan.layers[0].readout_activation, DurationActivation::kRelu);
  EXPECT_EQ(plan.layers[0].readout_activation_layer, 1);
  EXPECT_EQ(plan.layers[1].readout_activation, DurationActivation::kNone);  // no Relu after it
  EXPECT_EQ(plan.layers[1].readout_activation_layer, -1);
  // `kirchhoff map` says so, in text and JSON.
  EXPECT_NE(plan_text(plan).find("Relu in the duration readout (no DPU op): fc\n"),
            std::string::npos)
      << plan_text(plan);
  const auto j = plan_json(plan);
  EXPECT_EQ(j["layers"][0]["readout_activation"], "relu");
  EXPECT_EQ(j["layers"][0]["readout_activation_layer"], 1);
  EXPECT_FALSE(j["layers"][1].contains("readout_activation"));
}

TEST(ReadoutActivation, NotFusedWhereTheReadoutWouldComputeAnotherFunction) {
  // A bias is added after the readout; partial sums of two row blocks are added after it.
  EXPECT_EQ(map_workload(chain(64, true), chip()).layers[0].readout_activation,
            DurationActivation::kNone);
  const MappingPlan split = map_workload(chain(128, false), chip());
  ASSERT_EQ(split.layers[0].row_blocks, 2);
  EXPECT_EQ(split.layers[0].readout_activation, DurationActivation::kNone);
  // The pre-activation is read by another op too (here: a residual Add of fc and relu).
  WorkloadGraph g = chain(64, false);
  Layer skip = unary("skip", OpKind::kAdd, {1, 0}, 32);
  skip.params = ElementwiseOp{};
  g.layers.insert(g.layers.begin() + 2, skip);
  g.layers[3].inputs = {2};
  g.validate();
  EXPECT_EQ(map_workload(g, chip()).layers[0].readout_activation, DurationActivation::kNone);
}

TEST(ReadoutActivation, NotFusedOnAdcTilesOrWhenTurnedOff) {
  EXPECT_EQ(map_workload(chain(64, false), chip({"tile.output_conversion=adc"}))
                .layers[0]
                .readout_activation,
            DurationActivation::kNone);
  EXPECT_EQ(map_workload(chain(64, false), chip({"tile.duration.fuse_activation=false"}))
                .layers[0]
                .readout_activation,
            DurationActivation::kNone);
}

}  // namespace
}  // namespace kirchhoff
