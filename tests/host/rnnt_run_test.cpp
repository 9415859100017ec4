// The RNN-T step (configs/workloads/rnnt_small.yaml: rnnt_step.yaml's structure with fewer
// units) on one chip: the prediction network and the encoder each start from a Slice of the one
// input vector, written by the host (two host-fed stages), and meet in the joint network's Add,
// whose second operand the prediction branch's DPU sends over the network. With ideal devices,
// 24-bit converters and fp32 DPUs every layer matches the float reference. Also a Slice as a
// DPU post-op. One simulation per TEST.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/dataflow_stage.h"
#include "host/workload_simulation.h"
#include "models/random_stream.h"
#include "workloads/native_workload.h"
#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

// 24-bit converters, an ADC bound nothing reaches and fp32 DPUs (as the LSTM and MLP runs).
config::ChipConfig exact_chip() {
  return config::load_config(
      "", {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4", "chip.global_dpus=2",
           "tile.device.type=ideal", "tile.dac.noise_management=true", "tile.dac.bits=24",
           "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"});
}

// Acoustic features ~ N(0, 1) and a one-hot previous token (label s % 28) per sample.
std::vector<std::vector<float>> rnnt_inputs(const WorkloadGraph& g, int samples, int frames) {
  const int width = static_cast<int>(g.input_shape.at(1));
  std::vector<std::vector<float>> inputs;
  RandomStream rng(99, "test.rnnt_inputs");
  for (int s = 0; s < samples; ++s) {
    std::vector<float> x(static_cast<std::size_t>(width), 0.0f);
    for (int i = 0; i < frames; ++i)
      x[static_cast<std::size_t>(i)] =
          static_cast<float>(rng.normal(static_cast<std::uint64_t>(s), i));
    x[static_cast<std::size_t>(frames + s % 28)] = 1.0f;
    inputs.push_back(std::move(x));
  }
  return inputs;
}

TEST(RnntRun, SmallStepOnOneChipMatchesTheFloatReference) {
  const WorkloadGraph g = load_native_workload(std::string(KIRCHHOFF_SOURCE_DIR) +
                                               "/configs/workloads/rnnt_small.yaml");
  const config::ChipConfig cfg = exact_chip();
  const MappingPlan plan = map_workload(g, cfg);
  const std::vector<DataflowStage> stages = make_dataflow_stages(g, plan);
  ASSERT_EQ(stages.size(), 11u);
  EXPECT_TRUE(stages[0].host_fed);        // pred_embed: the token slice
  EXPECT_TRUE(stages[4].host_fed);        // enc_lstm1: the frames slice
  EXPECT_FALSE(stages[5].host_fed);       // enc_lstm2: fed by enc_lstm1's DPU
  ASSERT_EQ(stages[3].sends.size(), 1u);  // joint_pred goes on to joint_enc's DPU
  EXPECT_EQ(stages[3].sends[0].to_stage, 9);
  // The host's input to each branch is exactly the reference's slice (bit for bit).
  const auto inputs = rnnt_inputs(g, 6, 32);
  const auto ref = run_reference(g, inputs[1]);
  EXPECT_EQ(host_stage_input(g, stages[0], inputs[1]),
            ref.at(static_cast<std::size_t>(g.find("token"))));
  EXPECT_EQ(host_stage_input(g, stages[4], inputs[1]),
            ref.at(static_cast<std::size_t>(g.find("frames"))));

  traces::Recorder recorder;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, WorkloadRunOptions{}, recorder);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.layer_names.size(), 11u);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k) {
    std::printf("layer %s: rel L2 error %.3g\n", r.layer_names[k].c_str(), r.layer_rel_l2_error[k]);
    EXPECT_LT(r.layer_rel_l2_error[k], 1e-4) << r.layer_names[k];
  }
  EXPECT_LT(r.summary.output_rel_l2_error, 1e-4);
  // MVMs per step: the embedding 1, the prediction LSTMs 1 + 1, joint_pred 1, the encoder's
  // first two LSTMs 2 + 2 (two frames), the last three 1 + 1 + 1, joint_enc 1, joint_out 1.
  EXPECT_EQ(r.summary.mvms, 6u * 13u);
  EXPECT_EQ(r.summary.samples, 6);
  std::printf("%s", to_text(r.summary).c_str());
}

TEST(RnntRun, ASliceInTheDpuKeepsItsPartOfTheVector) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kirchhoff_rnnt_run_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "slice_post.yaml").string();
  std::ofstream(path) << R"(seed: 5
input: {name: x, shape: [1, 24]}
layers:
  - {name: fc1, op: dense, out: 40, bias: random}
  - {name: act, op: tanh}
  - {name: right, op: slice, axis: 1, start: 16}
  - {name: fc2, op: dense, out: 8}
)";
  const WorkloadGraph g = load_native_workload(path);
  const config::ChipConfig cfg = exact_chip();
  const MappingPlan plan = map_workload(g, cfg);
  const std::vector<DataflowStage> stages = make_dataflow_stages(g, plan);
  ASSERT_EQ(stages.size(), 2u);
  ASSERT_EQ(stages[0].post_ops.size(), 2u);
  EXPECT_TRUE(stages[0].post_ops[1].slice);
  EXPECT_EQ(stages[0].observed_layer, g.find("right"));  // what fc2's tiles get: 24 values
  std::vector<std::vector<float>> inputs;
  RandomStream rng(3, "test.slice_inputs");
  for (int s = 0; s < 4; ++s) {
    std::vector<float> x(24);
    for (int i = 0; i < 24; ++i)
      x[static_cast<std::size_t>(i)] =
          static_cast<float>(rng.normal(static_cast<std::uint64_t>(s), i));
    inputs.push_back(std::move(x));
  }
  traces::Recorder recorder;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, WorkloadRunOptions{}, recorder);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.layer_names, (std::vector<std::string>{"right", "fc2"}));
  EXPECT_LT(r.layer_rel_l2_error[0], 1e-4);
  EXPECT_LT(r.layer_rel_l2_error[1], 1e-4);
  EXPECT_EQ(r.summary.mvms, 4u * 2u);
}

}  // namespace
}  // namespace kirchhoff
