// Replication of a convolution on the SystemC chip: a replicated convolution spreads every
// sample's pixels round-robin over its copies (each with its own input buffers, the first
// layer's images in each copy's own DPU inbox), so doubling the copies of the CNN's first layer
// (784 pixels per sample, one per MVM: the layer that bounds the run) doubles its pixel
// throughput. The single-copy run is a child process (a SystemC kernel elaborates once per
// process).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/child_run.h"
#include "tests/common/fmnist_images.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
constexpr int kSamples = 16;
constexpr double kConv1Pixels = 784;

// conv1's pixels per second, its limiting resource and the output's error against the reference.
std::vector<double> run_cnn(int conv1_copies) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  const std::vector<std::vector<float>> inputs = test::fmnist_images(kSamples);
  const config::ChipConfig cfg = config::load_config(
      "", {"chip.tiles=4", "chip.mesh_cols=3", "chip.mesh_rows=2", "chip.global_dpus=2",
           "tile.device.type=ideal", "tile.dac.noise_management=true"});
  MapperOptions mo;
  mo.conv_packing = parse_conv_packing("off");  // one pixel per MVM: conv1 bounds the run
  mo.layer_replication["conv1"] = conv1_copies;
  const MappingPlan plan = map_workload(g, cfg, mo);
  traces::Recorder recorder;
  const WorkloadRunResult r = run_workload_simulation(cfg, g, plan, inputs, nullptr, {}, recorder);
  if (r.host_failed || r.summary.layers.empty()) return {};
  return {r.summary.throughput_samples_per_s * kConv1Pixels,
          static_cast<double>(r.summary.layers[0].limit), r.summary.output_rel_l2_error};
}

TEST(ConvReplicationRun, DoublingTheFirstConvolutionsCopiesDoublesItsPixelThroughput) {
  const std::vector<double> one = test::run_in_child([] { return run_cnn(1); });
  const std::vector<double> two = run_cnn(2);
  ASSERT_EQ(one.size(), 3u);
  ASSERT_EQ(two.size(), 3u);
  std::printf("conv1 pixels/s: 1 copy %.4g, 2 copies %.4g (x %.3f)\n", one[0], two[0],
              two[0] / one[0]);
  EXPECT_GE(two[0], 1.8 * one[0]);
  // Both runs are bound by conv1's tiles, and with ideal devices the copies compute the same
  // outputs as the single one (the same error against the float reference, bit for bit).
  EXPECT_EQ(one[1], static_cast<double>(LayerResource::kTile));
  EXPECT_EQ(two[1], static_cast<double>(LayerResource::kTile));
  EXPECT_GT(one[2], 0.0);
  EXPECT_EQ(two[2], one[2]);
}

}  // namespace
}  // namespace kirchhoff
