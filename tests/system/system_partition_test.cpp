// The layer-wise partition across chips (compiler/system_partition.h): which layers land on which
// chip, the bytes that cross per inference, where a cut may sit, and the refusal that says how
// many chips a network would need.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "compiler/system_cuts.h"
#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "workloads/native_workload.h"
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
  // What the partition uses: cut_positions, and a range fits only when one tensor leaves it
  // (tensors_leaving). Across a residual connection two leave (the skip and the main path).
  const WorkloadGraph g = import_onnx(kData + "/residual.onnx");
  for (int c : cut_positions(g)) {
    EXPECT_TRUE(has_crossbar_weights(g.layers.at(static_cast<std::size_t>(c)).op));
    std::set<int> read_across;  // every output before c that a layer from c on reads
    for (std::size_t l = static_cast<std::size_t>(c);
         l <= static_cast<std::size_t>(g.output_layer()); ++l)
      for (int in : g.layers[l].inputs)
        if (in >= 0 && in < c) read_across.insert(in);
    EXPECT_EQ(tensors_leaving(g, 0, c), std::vector<int>(read_across.begin(), read_across.end()));
  }
  // Every chip's share sends one tensor on, its last layer's output: no cut across the skip.
  const config::SystemConfig sys = config::load_system_config(
      kSystems + "hermes4_x3.yaml", {"chip.tiles=1", "chip.mesh_cols=1", "chip.mesh_rows=1"});
  const SystemPartition p = partition_workload(g, sys);
  EXPECT_GT(p.shares.size(), 1u);
  for (const ChipShare& s : p.shares) {
    const std::vector<int> leaving = tensors_leaving(g, s.first_layer, s.end_layer);
    EXPECT_LE(leaving.size(), 1u);
    for (std::size_t l = static_cast<std::size_t>(s.end_layer); l < g.layers.size(); ++l)
      for (int in : g.layers[l].inputs) EXPECT_TRUE(in >= s.end_layer - 1 || in < s.first_layer);
  }
}

TEST(SystemPartition, ATensorCrossesInTheFormatOfTheChipThatSendsIt) {
  // c0 has fp32 DPUs, c1 and c2 fp16: RNN-T's joint_pred, produced on c0, passes the cut after
  // c1 in c0's 4 bytes a value (the run forwards a share's output in its own chip's format).
  const std::string dir = ::testing::TempDir() + "mixed_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string chip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  const std::string tiles = "chip.tiles=4, chip.mesh_cols=2, chip.mesh_rows=2";
  std::ofstream(dir + "/mixed.yaml")
      << "system:\n  chips:\n"
      << "    - {config: " << chip << ", set: [" << tiles << ", dpu.format=fp32]}\n"
      << "    - {count: 2, config: " << chip << ", set: [" << tiles << ", dpu.format=fp16]}\n"
      << "  link: {preset: die_to_die}\n  topology: ring\n";
  const config::SystemConfig sys = config::load_system_config(dir + "/mixed.yaml");
  std::filesystem::remove_all(dir);
  const WorkloadGraph g = load_native_workload(std::string(KIRCHHOFF_SOURCE_DIR) +
                                               "/configs/workloads/rnnt_small.yaml");
  const SystemPartition p = partition_workload(g, sys);
  ASSERT_EQ(p.shares.size(), 3u);
  EXPECT_EQ(p.shares[0].value_bytes, 4);
  EXPECT_EQ(p.shares[1].value_bytes, 2);
  std::int64_t total = 0;
  bool passed_through = false;
  for (std::size_t i = 0; i < p.shares.size(); ++i)
    for (const CrossingTensor& t : p.shares[i].crossing_after) {
      ASSERT_GE(t.from_share, 0) << t.name;
      EXPECT_EQ(t.bytes, t.values * p.shares[static_cast<std::size_t>(t.from_share)].value_bytes)
          << t.name;
      passed_through = passed_through || (t.name == "joint_pred" && i == 1 && t.bytes == 48 * 4);
      total += t.bytes;
    }
  EXPECT_TRUE(passed_through) << "joint_pred crosses the cut after c1 in c0's fp32";
  EXPECT_EQ(p.cut_bytes, total);
  // What enters a share is what its producer sends.
  for (const ChipShare& s : p.shares)
    for (const CrossingTensor& t : s.inputs)
      if (t.from_share >= 0) {
        EXPECT_EQ(t.bytes, t.values * p.shares[static_cast<std::size_t>(t.from_share)].value_bytes);
      }
}

}  // namespace
}  // namespace kirchhoff
