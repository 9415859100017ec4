// The layer-wise partition across chips (compiler/system_partition.h): which layers land on which
// chip, the bytes that cross per inference, where a cut may sit, and the refusal that says how
// many chips a network would need.
#include <gtest/gtest.h>

#include <string>

#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
const std::string kSystems = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/systems/";

TEST(SystemPartition, MlpOnFourTileChipsPutsFc1AloneOnTheFirstChip) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  const config::SystemConfig sys = config::load_system_config(kSystems + "hermes4_x3.yaml");
  const SystemPartition p = partition_workload(g, sys);
  ASSERT_EQ(p.shares.size(), 2u);  // 4 + 2 tiles: two chips; the third stays idle
  const ChipShare& a = p.shares[0];
  const ChipShare& b = p.shares[1];
  EXPECT_EQ(a.chip, 0);
  EXPECT_EQ(b.chip, 1);
  EXPECT_EQ(g.layers.at(static_cast<std::size_t>(a.first_layer)).name, g.layers.front().name);
  EXPECT_EQ(g.layers.at(static_cast<std::size_t>(b.first_layer)).name, "fc2");
  EXPECT_EQ(a.end_layer, b.first_layer);
  EXPECT_EQ(b.end_layer, static_cast<int>(g.layers.size()));
  EXPECT_EQ(a.plan.tiles_used, 4);
  EXPECT_EQ(b.plan.tiles_used, 2);
  // fc1's ReLU output crosses: 256 values in the DPU's fp16 = 2 bytes each.
  EXPECT_EQ(a.out_values, 256);
  EXPECT_EQ(a.value_bytes, 2);
  EXPECT_EQ(a.out_bytes, 512);
  EXPECT_EQ(b.out_bytes, 0);
  EXPECT_EQ(p.cut_bytes, 512);
  EXPECT_EQ(b.graph.input_shape, g.shape_of(a.end_layer - 1));
}

TEST(SystemPartition, ChoosesTheCutWithFewerBytesWhenBothFit) {
  // Chips of 5 tiles: fc1 (4 tiles) with fc2 (1) on the first chip sends fc2's 128 values;
  // fc1 alone would send 256. Both fit; the cheaper cut wins.
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  config::SystemConfig sys = config::load_system_config(
      kSystems + "hermes4_x3.yaml", {"chip.tiles=5", "chip.mesh_cols=3", "chip.mesh_rows=2"});
  const SystemPartition p = partition_workload(g, sys);
  ASSERT_EQ(p.shares.size(), 2u);
  EXPECT_EQ(g.layers.at(static_cast<std::size_t>(p.shares[1].first_layer)).name, "fc3");
  EXPECT_EQ(p.cut_bytes, 128 * 2);
}

TEST(SystemPartition, OneChipThatHoldsEverythingSendsNothing) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  const config::SystemConfig sys = config::load_system_config(
      kSystems + "hermes4_x3.yaml", {"chip.tiles=6", "chip.mesh_cols=3", "chip.mesh_rows=2"});
  const SystemPartition p = partition_workload(g, sys);
  ASSERT_EQ(p.shares.size(), 1u);
  EXPECT_EQ(p.cut_bytes, 0);
}

TEST(SystemPartition, RefusesWhatDoesNotFitWithTheChipsItWouldNeed) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  config::SystemConfig sys = config::load_system_config(kSystems + "hermes4_x3.yaml");
  sys.chips.resize(1);
  try {
    partition_workload(g, sys);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_EQ(std::string(e.what()), g.name + ": does not fit the system " + kSystems +
                                         "hermes4_x3.yaml (1 chips): needs 2 chips like c0 (" +
                                         sys.chips[0].config_path + "), the system has 1");
  }
}

TEST(SystemPartition, RefusesALayerLargerThanAChip) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  const config::SystemConfig sys = config::load_system_config(
      kSystems + "hermes4_x3.yaml", {"chip.tiles=3", "chip.mesh_cols=3", "chip.mesh_rows=1"});
  try {
    partition_workload(g, sys);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("layers from '" + g.layers.front().name +
                                         "' to the next cut need more than one chip like c0"),
              std::string::npos)
        << e.what();
  }
}

TEST(SystemPartition, NoCutAcrossAResidualConnection) {
  const WorkloadGraph g = import_onnx(kData + "/residual.onnx");
  for (int c : cut_points(g)) {
    for (std::size_t l = static_cast<std::size_t>(c); l < g.layers.size(); ++l)
      for (int in : g.layers[l].inputs) EXPECT_TRUE(in >= c - 1) << g.layers[l].name;
    EXPECT_TRUE(has_crossbar_weights(g.layers.at(static_cast<std::size_t>(c)).op));
  }
}

}  // namespace
}  // namespace kirchhoff
