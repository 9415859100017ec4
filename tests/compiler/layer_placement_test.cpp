// Per-layer analog/digital placement (compiler/layer_placement.h) through the mapper: the
// list, first_last and sensitivity rules, the tiles each kind takes, and the refusals.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "compiler/plan_report.h"
#include "config/config_loader.h"
#include "tests/common/thrown_message.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

// 6 tiles: 0-3 analog, 4-5 digital (int8). The CNN's weight layers: conv1, conv2, fc.
config::ChipConfig hybrid(std::vector<std::string> sets = {}) {
  std::vector<std::string> o = {
      "chip.tiles=6", "chip.mesh_cols=3", "chip.mesh_rows=3",
      "chip.tile_groups=[{kind: analog, count: 4}, {kind: digital, count: 2}]"};
  o.insert(o.end(), sets.begin(), sets.end());
  return config::load_config("", o);
}

std::vector<std::string> kinds(const MappingPlan& p) {
  std::vector<std::string> k;
  for (const auto& m : p.layers) k.push_back(std::string(m.name) + ":" + to_string(m.kind));
  return k;
}

std::string error_of(const config::ChipConfig& cfg, const MapperOptions& o = {}) {
  return kirchhoff::test::thrown_message<WorkloadError>(
      [&] { map_workload(import_onnx(kData + "/cnn.onnx"), cfg, o); }, "");
}

TEST(LayerPlacement, ListPutsTheNamedLayersOnDigitalTiles) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  const MappingPlan p = map_workload(g, hybrid({"mapper.digital_layers=[conv1, fc]"}));
  EXPECT_EQ(kinds(p), (std::vector<std::string>{"conv1:digital", "conv2:analog", "fc:digital"}));
  EXPECT_EQ(p.layers[0].tiles, (std::vector<int>{4}));
  EXPECT_EQ(p.layers[1].tiles, (std::vector<int>{0}));
  EXPECT_EQ(p.layers[2].tiles, (std::vector<int>{5}));
  ASSERT_EQ(p.routes.size(), 3u);  // by tile index
  EXPECT_EQ(p.routes[0].tile, 0);
  EXPECT_EQ(p.routes[2].tile, 5);
  EXPECT_EQ(p.route(4).layer_name, "conv1");
  EXPECT_NE(plan_text(p).find("conv1           Conv2d  digital"), std::string::npos)
      << plan_text(p);
  EXPECT_EQ(plan_json(p)["layers"][1]["kind"], "analog");
}

TEST(LayerPlacement, CliListReplacesTheConfigRule) {
  MapperOptions o;
  o.digital_layers = {"conv2"};
  const MappingPlan p =
      map_workload(import_onnx(kData + "/cnn.onnx"), hybrid({"mapper.placement=first_last"}), o);
  EXPECT_EQ(kinds(p), (std::vector<std::string>{"conv1:analog", "conv2:digital", "fc:analog"}));
}

TEST(LayerPlacement, FirstLastRule) {
  const MappingPlan p =
      map_workload(import_onnx(kData + "/cnn.onnx"), hybrid({"mapper.placement=first_last"}));
  EXPECT_EQ(kinds(p), (std::vector<std::string>{"conv1:digital", "conv2:analog", "fc:digital"}));
}

TEST(LayerPlacement, SensitivityTakesTheLayersThatAddTheMostErrorWithinTheBudget) {
  // Errors at each output: conv1 0.05, conv2 0.30 (adds 0.25), fc 0.32 (adds 0.02).
  const MappingPlan one =
      map_workload(import_onnx(kData + "/cnn.onnx"),
                   hybrid({"mapper.placement=sensitivity", "mapper.layer_errors=[0.05, 0.30, 0.32]",
                           "mapper.digital_tile_budget=1"}));
  EXPECT_EQ(kinds(one), (std::vector<std::string>{"conv1:analog", "conv2:digital", "fc:analog"}));
  const MappingPlan two = map_workload(
      import_onnx(kData + "/cnn.onnx"),
      hybrid({"mapper.placement=sensitivity", "mapper.layer_errors=[0.05, 0.30, 0.32]"}));
  EXPECT_EQ(kinds(two), (std::vector<std::string>{"conv1:digital", "conv2:digital", "fc:analog"}));
}

TEST(LayerPlacement, SingleKindChipsMapEveryLayerToTheirKind) {
  const MappingPlan analog =
      map_workload(import_onnx(kData + "/cnn.onnx"),
                   config::load_config("", {"chip.tiles=3", "chip.mesh_cols=3"}));
  EXPECT_EQ(kinds(analog), (std::vector<std::string>{"conv1:analog", "conv2:analog", "fc:analog"}));
  const MappingPlan digital = map_workload(
      import_onnx(kData + "/cnn.onnx"),
      config::load_config("", {"chip.tiles=3", "chip.mesh_cols=3", "tile.kind=digital"}));
  EXPECT_EQ(kinds(digital),
            (std::vector<std::string>{"conv1:digital", "conv2:digital", "fc:digital"}));
}

TEST(LayerPlacement, UnknownLayerNameIsRefusedWithTheChoices) {
  EXPECT_EQ(error_of(hybrid({"mapper.digital_layers=[conv3]"})),
            kData +
                "/cnn.onnx: digital layer 'conv3' is not a Dense, Conv2d or LSTM layer of "
                "the workload; allowed: one of conv1, conv2, fc");
}

TEST(LayerPlacement, DigitalLayersOnAChipWithoutDigitalTilesAreRefused) {
  EXPECT_EQ(error_of(config::load_config(
                "", {"chip.tiles=3", "chip.mesh_cols=3", "mapper.digital_layers=[conv1]"})),
            kData +
                "/cnn.onnx: digital layers conv1 requested, but the chip has no digital "
                "tiles; allowed: a chip with digital tiles (chip.tile_groups with kind: "
                "digital, or tile.kind: digital)");
}

TEST(LayerPlacement, TooFewDigitalTilesAreRefused) {
  EXPECT_EQ(error_of(hybrid({"mapper.digital_layers=[conv1, conv2, fc]"})),
            kData + "/cnn.onnx: needs 3 digital tiles, the chip has 2 (chip.tile_groups)");
}

TEST(LayerPlacement, SensitivityNeedsOneErrorPerLayer) {
  EXPECT_EQ(error_of(hybrid({"mapper.placement=sensitivity", "mapper.layer_errors=[0.1]"})),
            kData +
                "/cnn.onnx: mapper.placement sensitivity needs mapper.layer_errors with one "
                "error per weight layer (3: conv1, conv2, fc), got 1; allowed: the "
                "layer_rel_l2_error list of an all-analog run's summary.json");
}

}  // namespace
}  // namespace kirchhoff
