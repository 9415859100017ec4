// The limiting resource per layer (report/layer_figures.h: the resource kind whose busiest
// member the layer uses is occupied the largest fraction of the inference span), on four runs
// each bound by a different kind: the CNN's first convolution one pixel per MVM (its tile), the
// CNN with a slow DPU clock (the DPUs' post-ops), the CNN with slow network links (conv2's patch
// vectors), and the one-layer default workload behind a slow host port. One simulation per TEST.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/fmnist_images.h"
#include "workloads/default_workload.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

double busy(const LayerFigures& l, LayerResource r) {
  return l.busy[static_cast<std::size_t>(r)];
}

// The busiest kind is the limit, and it is busy most of the span.
void expect_limit(const LayerFigures& l, LayerResource r) {
  EXPECT_EQ(l.limit, r) << l.name << ": limited by " << to_string(l.limit);
  EXPECT_GT(busy(l, r), 0.5) << l.name;
  for (std::size_t k = 0; k < kNumLayerResources; ++k)
    EXPECT_LE(l.busy[k], busy(l, r)) << l.name << " " << to_string(static_cast<LayerResource>(k));
}

RunSummary run_cnn(const std::string& packing, const std::vector<std::string>& extra) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  const std::vector<std::vector<float>> inputs = test::fmnist_images(8);
  std::vector<std::string> o = {"chip.tiles=4", "chip.mesh_cols=3", "chip.mesh_rows=2",
                                "chip.global_dpus=2", "tile.device.type=ideal"};
  o.insert(o.end(), extra.begin(), extra.end());
  const config::ChipConfig cfg = config::load_config("", o);
  MapperOptions mo;
  mo.conv_packing = parse_conv_packing(packing);
  const MappingPlan plan = map_workload(g, cfg, mo);
  traces::Recorder recorder;
  const WorkloadRunResult r = run_workload_simulation(cfg, g, plan, inputs, nullptr, {}, recorder);
  EXPECT_FALSE(r.host_failed);
  EXPECT_EQ(r.summary.layers.size(), 3u);
  return r.summary;
}

TEST(LimitingResourceRun, AnUnpackedFirstConvolutionIsTileBound) {
  const RunSummary s = run_cnn("off", {});
  ASSERT_EQ(s.layers.size(), 3u);
  expect_limit(s.layers[0], LayerResource::kTile);  // 784 MVMs per sample on one tile
}

TEST(LimitingResourceRun, ASlowDpuClockMakesTheConvolutionsDpuBound) {
  // 1 MHz DPUs: conv1's bias, BatchNorm, Relu and pooling over 6272 values take milliseconds.
  const RunSummary s = run_cnn("auto", {"dpu.clock_ghz=0.001"});
  ASSERT_EQ(s.layers.size(), 3u);
  expect_limit(s.layers[0], LayerResource::kDpu);
}

TEST(LimitingResourceRun, SlowLinksMakeTheSecondConvolutionLinkBound) {
  // conv2's 48 packed patch vectors per sample cross a link from conv1's DPU to conv2's tile.
  const RunSummary s = run_cnn("auto", {"noc.link_flits_per_cycle=0.015625"});
  ASSERT_EQ(s.layers.size(), 3u);
  expect_limit(s.layers[1], LayerResource::kLink);
}

TEST(LimitingResourceRun, ASlowHostPortMakesTheDefaultLayerHostBound) {
  // One 256 x 256 layer: every sample's 256 inputs and outputs cross a 1 MB/s host port.
  const config::ChipConfig cfg =
      config::load_config("", {"workload.samples=4", "host.port_bandwidth_GBps=0.001"});
  const DefaultWorkload w = make_default_workload(cfg.workload, cfg.sim.seed);
  const MappingPlan plan = map_workload(w.graph, cfg);
  traces::Recorder recorder;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, w.graph, plan, w.inputs, nullptr, {}, recorder);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.summary.layers.size(), 1u);
  expect_limit(r.summary.layers[0], LayerResource::kHostPort);
}

}  // namespace
}  // namespace kirchhoff
