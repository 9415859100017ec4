// A Relu fused into the duration readout (compiler/readout_activation.h): the mapper fuses it
// when the layer's tiles convert to durations, the host programs their READOUT_ACTIVATION
// register, and the stage runs no DPU op for it. With ideal devices the fused run's outputs
// equal the unfused run's (a DPU Relu after a signed readout) to within the readouts' steps, and
// the DPU does one op less per sample, whose energy is the Relu's. One simulation per process (the
// other run of a comparison in a child, tests/common/child_run.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "models/dpu_cost.h"
#include "tests/common/child_run.h"
#include "tests/common/graph_builders.h"

namespace kirchhoff {
namespace {

constexpr int kSamples = 4;
constexpr int kIn = 64, kOut = 32;

WorkloadGraph dense_relu(bool bias) {
  return test::flat_graph(
      "dense_relu", kIn,
      {test::dense_layer("fc", Layer::kGraphInput, kIn, kOut,
                         test::sawtooth_weights(kIn * kOut, 0.01f, 9),
                         bias ? std::vector<float>(kOut, 0.05f) : std::vector<float>{}),
       test::relu_layer("relu", 0, kOut)});
}

config::ChipConfig chip(const std::string& fuse, const std::string& conversion = "duration") {
  // 16-bit durations: both readouts' steps are far below the tolerance of the comparison
  // (8-bit ones differ by up to one signed step of B / 127).
  return config::load_config(
      "", {"chip.tiles=2", "chip.mesh_cols=2", "chip.mesh_rows=2", "chip.global_dpus=0",
           "tile.rows=64", "tile.cols=32", "tile.device.type=ideal", "tile.read.compensation=none",
           "tile.output_conversion=" + conversion, "tile.duration.bits=16", "tile.adc.bits=16",
           "tile.duration.fuse_activation=" + fuse});
}

struct ChipRun {
  MappingPlan plan;
  WorkloadRunResult result;
  std::uint64_t dpu_ops = 0;
  double dpu_pj = 0;
};

ChipRun run(const config::ChipConfig& cfg, const WorkloadGraph& g) {
  ChipRun r;
  r.plan = map_workload(g, cfg);
  std::vector<std::vector<float>> inputs;
  for (int s = 0; s < kSamples; ++s) {
    std::vector<float> x(kIn);
    for (int i = 0; i < kIn; ++i)
      x[static_cast<std::size_t>(i)] = 0.05f * static_cast<float>((i * (s + 3)) % 11 - 5);
    inputs.push_back(std::move(x));
  }
  traces::Recorder recorder;
  r.result = run_workload_simulation(cfg, g, r.plan, inputs, nullptr, {}, recorder);
  const traces::Totals t = recorder.totals();
  r.dpu_ops = t.events[static_cast<int>(traces::EventKind::kDpuOp)];
  r.dpu_pj = t.energy[traces::EnergyCategory::kDpu];
  return r;
}

TEST(ReadoutActivationRun, TheFusedReluEqualsTheDpuReluAndSavesItsOp) {
  const WorkloadGraph g = dense_relu(false);
  // The unfused run in a child: [fused?, DPU ops, DPU pJ, outputs..., reference outputs...].
  const std::vector<double> unfused = test::run_in_child([&] {
    const ChipRun u = run(chip("false"), g);
    std::vector<double> v;
    if (u.result.host_failed) return v;
    v = {static_cast<double>(u.plan.layers[0].readout_activation), static_cast<double>(u.dpu_ops),
         u.dpu_pj};
    for (const auto& out : u.result.outputs) v.insert(v.end(), out.begin(), out.end());
    for (const auto& ref : u.result.reference) v.insert(v.end(), ref.begin(), ref.end());
    return v;
  });
  const config::ChipConfig fused_cfg = chip("true");
  const ChipRun fused = run(fused_cfg, g);
  ASSERT_FALSE(fused.result.host_failed);
  ASSERT_EQ(unfused.size(), 3u + 2u * kSamples * kOut);
  EXPECT_EQ(fused.plan.layers[0].readout_activation, DurationActivation::kRelu);
  EXPECT_EQ(fused.plan.layers[0].readout_activation_layer, 1);
  EXPECT_EQ(unfused[0], static_cast<double>(DurationActivation::kNone));

  int negative_before_relu = 0;
  for (int s = 0; s < kSamples; ++s) {
    const std::vector<float>& a = fused.result.outputs[static_cast<std::size_t>(s)];
    ASSERT_EQ(a.size(), static_cast<std::size_t>(kOut));
    const double* b = unfused.data() + 3 + s * kOut;
    const double* ref = unfused.data() + 3 + kSamples * kOut + s * kOut;
    double scale = 0;
    for (int c = 0; c < kOut; ++c) scale = std::max(scale, std::fabs(b[c]));
    ASSERT_GT(scale, 0.0);
    for (int c = 0; c < kOut; ++c) {
      EXPECT_GE(a[static_cast<std::size_t>(c)], 0.0f) << "sample " << s << " column " << c;
      // The readouts differ by less than one signed step (here 2^-17 at outputs up to ~0.05):
      // the ReLU window's step is half as large.
      EXPECT_NEAR(a[static_cast<std::size_t>(c)], b[c], 1e-3 * scale)
          << "sample " << s << " column " << c;
      negative_before_relu += ref[c] == 0.0;
    }
  }
  EXPECT_GT(negative_before_relu, 0);  // the Relu cut something: the comparison means something

  // Unfused: accumulate + Relu per sample; fused: the accumulate only.
  EXPECT_EQ(unfused[1], 2.0 * kSamples);
  EXPECT_EQ(fused.dpu_ops, 1u * kSamples);
  const double relu_pj =
      DpuCostModel(fused_cfg.dpu).cost(DpuOp::kRelu, static_cast<std::uint64_t>(kOut)).energy_pj;
  ASSERT_GT(relu_pj, 0.0);
  EXPECT_NEAR(unfused[2] - fused.dpu_pj, kSamples * relu_pj, 1e-9 * kSamples * relu_pj);
}

TEST(ReadoutActivationRun, NotFusedWithABias) {
  const ChipRun biased = run(chip("true"), dense_relu(true));
  ASSERT_FALSE(biased.result.host_failed);
  EXPECT_EQ(biased.plan.layers[0].readout_activation, DurationActivation::kNone);
  EXPECT_EQ(biased.dpu_ops, 2u * kSamples);  // the bias comes after the readout: Relu in the DPU
}

TEST(ReadoutActivationRun, NotFusedWithAnAdcReadout) {
  const ChipRun adc = run(chip("true", "adc"), dense_relu(false));
  ASSERT_FALSE(adc.result.host_failed);
  EXPECT_EQ(adc.plan.layers[0].readout_activation, DurationActivation::kNone);
  EXPECT_EQ(adc.dpu_ops, 2u * kSamples);
}

}  // namespace
}  // namespace kirchhoff
