// `kirchhoff run --outputs`: the chip's network output of every sample and the float
// reference's reach NpyStreamWriter files as the samples complete (run_workload_simulation's
// on_output / on_reference). The files read back equal the in-memory outputs bit for bit.
// One simulation per TEST (a SystemC kernel elaborates once per process).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/temp_dir.h"
#include "workloads/npy.h"
#include "workloads/npy_stream_writer.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

namespace fs = std::filesystem;
const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

TEST(WorkloadOutputsStream, MlpOutputFilesEqualTheInMemoryOutputsBitForBit) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t len = all.size() / static_cast<std::size_t>(shape.at(0));
  const std::size_t n = 4;
  std::vector<std::vector<float>> inputs;
  for (std::size_t s = 0; s < n; ++s)
    inputs.emplace_back(all.begin() + s * len, all.begin() + (s + 1) * len);
  // Two replicas: samples may complete out of order, each lands at its own place.
  const config::ChipConfig cfg =
      config::load_config("", {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4",
                               "chip.global_dpus=4", "tile.device.type=pcm"});
  MapperOptions mo;
  mo.replication = 2;
  const MappingPlan plan = map_workload(g, cfg, mo);

  const fs::path dir = kirchhoff::test::process_temp_dir() / "kh_outputs_stream";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const Shape out_shape = g.shape_of(g.output_layer());
  NpyStreamWriter chip_file((dir / "outputs.npy").string(), static_cast<std::int64_t>(n),
                            out_shape);
  NpyStreamWriter ref_file((dir / "reference_outputs.npy").string(), static_cast<std::int64_t>(n),
                           out_shape);
  WorkloadRunOptions options;
  std::vector<std::size_t> order;
  options.on_output = [&](std::size_t s, const std::vector<float>& y) {
    order.push_back(s);
    chip_file.write(static_cast<std::int64_t>(s), y);
  };
  options.on_reference = [&](std::size_t s, const std::vector<float>& y) {
    ref_file.write(static_cast<std::int64_t>(s), y);
  };
  traces::Recorder recorder;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, options, recorder);
  ASSERT_FALSE(r.host_failed);
  EXPECT_EQ(order.size(), n);
  EXPECT_FALSE(fs::exists(dir / "outputs.npy"));  // not before commit
  chip_file.commit();
  ref_file.commit();
  EXPECT_FALSE(fs::exists(dir / "outputs.npy.partial"));

  Shape read_shape;
  const std::vector<float> chip =
      read_npy_f32((dir / "outputs.npy").string(), nullptr, &read_shape);
  EXPECT_EQ(read_shape, (Shape{static_cast<std::int64_t>(n), 1, 10}));  // [N] + the output shape
  const std::vector<float> ref = read_npy_f32((dir / "reference_outputs.npy").string());
  ASSERT_EQ(chip.size(), n * 10);
  ASSERT_EQ(ref.size(), n * 10);
  for (std::size_t s = 0; s < n; ++s) {
    ASSERT_EQ(r.outputs[s].size(), 10u);
    EXPECT_EQ(std::memcmp(chip.data() + s * 10, r.outputs[s].data(), 10 * sizeof(float)), 0) << s;
    EXPECT_EQ(std::memcmp(ref.data() + s * 10, r.reference[s].data(), 10 * sizeof(float)), 0) << s;
  }
  EXPECT_NE(r.outputs, r.reference);  // PCM devices: the two files differ
  fs::remove_all(dir);
}

TEST(WorkloadOutputsStream, WriterWithoutCommitLeavesNoFileAndNamesBadSamples) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / "kh_outputs_writer";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "outputs.npy").string();
  {
    NpyStreamWriter w(path, 2, Shape{3});
    w.write(1, {1.0f, 2.0f, 3.0f});
    EXPECT_TRUE(fs::exists(path + ".partial"));
    try {
      w.write(2, {1.0f, 2.0f, 3.0f});
      FAIL() << "sample 2 of 2 was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), path + ": sample 2 is out of range; allowed: [0, 2)");
    }
    try {
      w.write(0, {1.0f});
      FAIL() << "1 value for 3 was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), path + ": sample 0 has 1 values; allowed: 3");
    }
    try {
      w.commit();
      FAIL() << "commit with a sample missing succeeded";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), path + ": 1 of 2 samples written");
    }
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".partial"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kirchhoff
