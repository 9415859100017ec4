// Per-layer DAC input ranges on the trained Fashion-MNIST networks (data/fmnist/): with
// tile.dac.range_mode=fixed every layer shares tile.dac.range = 1 and the hidden activations
// above 1 clip (counted per layer); with calibrated the compiler sets each layer's range from the
// float reference over the calibration samples (compiler/input_ranges.h), the host programs it
// into the layer's tiles, and with ideal devices, 24-bit converters and fp32 DPUs the chip equals
// the float network. One simulation per TEST (a SystemC kernel elaborates once per process).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/input_ranges.h"
#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/fmnist_images.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kFmnist = std::string(KIRCHHOFF_SOURCE_DIR) + "/data/fmnist";
const std::string kChip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
constexpr int kSamples = 32;

// Ideal devices, 24-bit converters, an ADC bound no trained layer's output reaches, fp32 DPUs.
const std::vector<std::string> kExact = {
    "chip.tiles=60",          "chip.global_dpus=4",
    "tile.device.type=ideal", "tile.dac.bits=24",
    "tile.adc.bits=24",       "tile.adc.bound=1000",
    "dpu.format=fp32",        "tile.dac.calibration_samples=32"};

struct RangesRun {
  WorkloadRunResult r;
  MappingPlan plan;
};

RangesRun run_model(const std::string& model, std::vector<std::string> overrides,
                    int samples = kSamples) {
  const WorkloadGraph g = import_onnx(kFmnist + "/" + model);
  const test::LabelledImages set = test::fmnist_test_set(samples);
  const std::vector<std::vector<float>>& inputs = set.inputs;
  const std::vector<int>& labels = set.labels;
  const config::ChipConfig cfg = config::load_config(kChip, overrides);
  RangesRun run;
  run.plan = map_workload(g, cfg);
  calibrate_input_ranges(g, cfg, inputs, run.plan);
  traces::Recorder recorder;
  run.r =
      run_workload_simulation(cfg, g, run.plan, inputs, &labels, WorkloadRunOptions{}, recorder);
  EXPECT_FALSE(run.r.host_failed);
  for (std::size_t k = 0; k < run.r.layer_names.size(); ++k) {
    std::printf("%s %s: rel L2 %.3g, DAC clipped %.4f, ADC saturated %.4f\n", model.c_str(),
                run.r.layer_names[k].c_str(), run.r.layer_rel_l2_error[k],
                run.r.layer_dac_clipped_fraction[k], run.r.layer_adc_saturated_fraction[k]);
  }
  std::printf("%s: output rel L2 %.3g, top-1 chip %.3f reference %.3f\n", model.c_str(),
              run.r.summary.output_rel_l2_error, run.r.top1_chip, run.r.top1_reference);
  return run;
}

std::vector<std::string> with(std::vector<std::string> o, const std::string& extra) {
  o.push_back(extra);
  return o;
}

// Calibrated over the same samples it then runs: the first layer's inputs never clip; a later
// layer's chip inputs carry the earlier layers' 24-bit steps, so its largest input may exceed
// the reference's largest by a step (measured: at most 0.05 % of the inputs, by ~1e-5
// relative); only those steps remain.
void expect_equals_reference(const std::string& model) {
  const RangesRun run = run_model(model, with(kExact, "tile.dac.range_mode=calibrated"));
  for (const MappedLayer& m : run.plan.layers) EXPECT_GT(m.dac_range, 0.0f) << m.name;
  EXPECT_EQ(run.r.layer_dac_clipped_fraction.at(0), 0.0);
  for (std::size_t k = 0; k < run.r.layer_names.size(); ++k) {
    EXPECT_LT(run.r.layer_dac_clipped_fraction[k], 1e-3) << run.r.layer_names[k];
    EXPECT_EQ(run.r.layer_adc_saturated_fraction[k], 0.0) << run.r.layer_names[k];
  }
  EXPECT_LT(run.r.summary.output_rel_l2_error, 1e-4);
  EXPECT_EQ(run.r.top1_chip, run.r.top1_reference);
}

TEST(WorkloadRunRanges, CalibratedMlpEqualsItsFloatReference) {
  expect_equals_reference("mlp.onnx");
}
TEST(WorkloadRunRanges, CalibratedCnnEqualsItsFloatReference) {
  expect_equals_reference("cnn.onnx");
}
TEST(WorkloadRunRanges, CalibratedLstmEqualsItsFloatReference) {
  expect_equals_reference("lstm.onnx");
}

// The accuracy issue's case: one range of 1 for every layer clips the CNN's hidden activations,
// and the run counts it (the first layer's inputs, pixels / 255, never clip).
TEST(WorkloadRunRanges, FixedRangeClipsTheCnnsHiddenLayersAndCountsIt) {
  const RangesRun run = run_model("cnn.onnx", with(kExact, "tile.dac.range_mode=fixed"));
  for (const MappedLayer& m : run.plan.layers) EXPECT_EQ(m.dac_range, 0.0f) << m.name;
  ASSERT_GE(run.r.layer_names.size(), 2u);
  EXPECT_EQ(run.r.layer_dac_clipped_fraction[0], 0.0);
  double clipped = 0;
  for (std::size_t k = 1; k < run.r.layer_names.size(); ++k)
    clipped = std::max(clipped, run.r.layer_dac_clipped_fraction[k]);
  EXPECT_GT(clipped, 0.01);
  EXPECT_GT(run.r.summary.output_rel_l2_error, 0.01);
}

// 8-bit converters (the stock chip's) with ideal devices: calibrated ranges keep each trained
// network's top-1 within 1 percentage point of the float network on 1,000 test images
// (measured: MLP 89.5 % vs 89.7 %, LSTM 87.3 % vs 87.4 %). The CNN is not held to it yet: its
// small convolution outputs use a few steps of the fixed ADC bound 12 (no saturation, 6.3 %
// rel. L2 error, 89.0 % vs 90.3 %); with tile.adc.range_mode=calibrated it is
// (tests/host/workload_run_range_modes_test.cpp).
void expect_top1_within_one_point(const std::string& model) {
  const RangesRun run = run_model(model,
                                  {"chip.tiles=60", "chip.global_dpus=4", "tile.device.type=ideal",
                                   "tile.dac.range_mode=calibrated"},
                                  1000);
  EXPECT_GE(run.r.top1_chip, run.r.top1_reference - 0.01);
}

TEST(WorkloadRunRanges, EightBitMlpKeepsItsTop1WithinOnePoint) {
  expect_top1_within_one_point("mlp.onnx");
}
TEST(WorkloadRunRanges, EightBitLstmKeepsItsTop1WithinOnePoint) {
  expect_top1_within_one_point("lstm.onnx");
}

}  // namespace
}  // namespace kirchhoff
