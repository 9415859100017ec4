// The CNN test model (Conv 1->8 3x3 pad 1, BatchNorm, Relu, MaxPool 2, Conv 8->16 3x3, Relu,
// GlobalAveragePool, Flatten, Gemm 16->10, Softmax) executed on the SystemC chip: every output
// pixel of a convolution is one MVM of its im2col patch (784 and 144 per sample), the patches'
// results go to the layer's DPU (here every layer is one crossbar block: its tile's local DPU)
// that adds the bias and runs BatchNorm, Relu and the pooling as DPU commands. One simulation
// per TEST.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/dataflow_stage.h"
#include "host/workload_simulation.h"
#include "tests/common/fmnist_images.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

WorkloadRunResult run_cnn(const std::vector<std::string>& extra, int samples,
                          traces::Totals* totals) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  const std::vector<std::vector<float>> inputs = test::fmnist_images();
  const NpyArray labels_u8 = read_npy(kData + "/fmnist_labels.npy");
  const std::vector<int> labels(labels_u8.u8.begin(), labels_u8.u8.end());
  std::vector<std::string> o = {"chip.tiles=4",           "chip.mesh_cols=3",
                                "chip.mesh_rows=2",       "chip.global_dpus=2",
                                "tile.device.type=ideal", "tile.dac.noise_management=true"};
  o.insert(o.end(), extra.begin(), extra.end());
  const config::ChipConfig cfg = config::load_config("", o);
  const MappingPlan plan = map_workload(g, cfg);
  traces::Recorder recorder;
  WorkloadRunOptions options;
  options.samples = samples;
  WorkloadRunResult r = run_workload_simulation(cfg, g, plan, inputs, &labels, options, recorder);
  *totals = recorder.totals();
  return r;
}

TEST(WorkloadRunCnn, IdealDevicesAnd24BitConvertersMatchTheFloatReference) {
  // As for the MLP: 24-bit converters, an ADC bound nothing reaches and fp32 DPUs leave only
  // quantisation steps of ~1e-7 relative.
  traces::Totals totals;
  const WorkloadRunResult r = run_cnn(
      {"tile.dac.bits=24", "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"}, 8, &totals);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.layer_names.size(), 3u);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k) {
    std::printf("layer %s: rel L2 error %.3g\n", r.layer_names[k].c_str(), r.layer_rel_l2_error[k]);
    EXPECT_LT(r.layer_rel_l2_error[k], 1e-4) << r.layer_names[k];
  }
  EXPECT_LT(r.summary.output_rel_l2_error, 1e-4);
  EXPECT_EQ(r.top1_chip, r.top1_reference);
  // 784 + 144 + 1 MVMs per sample.
  EXPECT_EQ(r.summary.mvms, 8u * (784u + 144u + 1u));
  EXPECT_GT(totals.energy[traces::EnergyCategory::kNetwork], 0.0);
  // Every layer is one crossbar block, so it reduces and runs its post-ops in its tile's local
  // DPU (no partial-sum packets): the packets are conv2's 144 patches and fc's input, multicast
  // from the previous layer's DPU node, and conv1's 784 patches, streamed by conv1's DPU node
  // (the host wrote the image into its inbox) to its own tile through the node's interface.
  EXPECT_EQ(totals.events[static_cast<int>(traces::EventKind::kPacketDelivery)],
            8u * (784u + 145u));
  std::printf("%s", to_text(r.summary).c_str());
}

TEST(WorkloadRunCnn, EightBitConvertersAreCloseAndPipelined) {
  traces::Totals totals;
  const WorkloadRunResult r = run_cnn({}, 8, &totals);
  ASSERT_FALSE(r.host_failed);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k)
    std::printf("layer %s: rel L2 error %.3g\n", r.layer_names[k].c_str(), r.layer_rel_l2_error[k]);
  std::printf("%s", to_text(r.summary).c_str());
  std::printf("top-1 chip %.3f reference %.3f\n", r.top1_chip, r.top1_reference);
  EXPECT_LT(r.summary.output_rel_l2_error, 0.1);
  EXPECT_GT(r.summary.throughput_samples_per_s, 1e9 / r.summary.latency_first_ns);
}

}  // namespace
}  // namespace kirchhoff

namespace kirchhoff {
namespace {

TEST(WorkloadRunCnn, RunsInTheLocalDpusOfHermesLike64) {
  // hermes64 has no global DPU: each layer reduces and pools in its tile's local DPU.
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  const std::vector<std::vector<float>> inputs = test::fmnist_images(4);
  const config::ChipConfig cfg = config::load_config(
      std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml",
      {"tile.device.type=ideal", "tile.dac.noise_management=true", "tile.dac.bits=24",
       "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"});
  const MappingPlan plan = map_workload(g, cfg);
  ASSERT_EQ(plan.global_dpus, 0);
  for (const DataflowStage& st : make_dataflow_stages(g, plan)) {
    for (const DataflowReplica& rep : st.replicas) {
      EXPECT_EQ(rep.site, DpuSite::kTileDpu) << st.name;
      EXPECT_EQ(rep.dpu, rep.row_blocks.at(0).at(0).tile) << st.name;
    }
  }
  traces::Recorder recorder;
  WorkloadRunOptions options;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, options, recorder);
  ASSERT_FALSE(r.host_failed);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k) {
    std::printf("local DPUs: layer %s rel L2 error %.3g\n", r.layer_names[k].c_str(),
                r.layer_rel_l2_error[k]);
    EXPECT_LT(r.layer_rel_l2_error[k], 1e-4) << r.layer_names[k];
  }
  // The outputs equal the numpy float64 reference written with the model.
  const NpyArray expected = read_npy(kData + "/cnn_expected.npy");  // [4, 10]
  ASSERT_EQ(r.outputs.size(), 4u);
  for (std::size_t s = 0; s < 4; ++s) {
    ASSERT_EQ(r.outputs[s].size(), 10u);
    float scale = 0;
    for (std::size_t i = 0; i < 10; ++i)
      scale = std::max(scale, std::fabs(expected.f32[s * 10 + i]));
    for (std::size_t i = 0; i < 10; ++i)
      EXPECT_NEAR(r.outputs[s][i], expected.f32[s * 10 + i], 1e-4 * scale) << s << " " << i;
  }
  EXPECT_GT(recorder.totals().energy[traces::EnergyCategory::kDpu], 0.0);
}

}  // namespace
}  // namespace kirchhoff
