// Per-layer ADC full scales from the float reference (compiler/output_ranges.h): a layer's full
// scale is a percentile of the |column sums| its tiles convert (input / DAC range, clipped, times
// w / w_max) on the calibration samples; ranges given in tile.*.layer_ranges replace the pass.
#include "compiler/output_ranges.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/calibrated_config.h"
#include "compiler/input_ranges.h"
#include "tests/common/two_dense_fixture.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

using test::small_chip;
using test::two_dense;
const std::vector<std::vector<float>>& kSamples = test::kTwoDenseSamples;

config::ChipConfig calibrated_chip() {
  config::ChipConfig cfg = small_chip();
  cfg.tile.mapping.scaling = WeightScaling::kPerColumn;  // fc1: w_max 2 and 3, w_n = identity
  cfg.tile.dac.range_mode = DacRangeMode::kCalibrated;
  cfg.tile.adc.range_mode = AdcRangeMode::kCalibrated;
  return cfg;
}

MappingPlan calibrated_plan(const WorkloadGraph& g, const config::ChipConfig& cfg,
                            const std::vector<std::vector<float>>& samples) {
  MappingPlan plan = map_workload(g, cfg);
  calibrate_input_ranges(g, cfg, samples, plan);
  calibrate_output_ranges(g, cfg, samples, plan);
  return plan;
}

// DAC ranges 2 (fc1) and 6 (fc2). fc1 converts x / 2: |z| in {0.5, 0.5, 0.25, 1}; fc2 converts
// relu1 / 6 = (1/3, 0) and (1/6, 1) times ones: z = 1/3 and 7/6.
TEST(OutputRanges, CalibratedFullScaleIsTheLargestColumnSumOfEachLayer) {
  const WorkloadGraph g = two_dense();
  const MappingPlan plan = calibrated_plan(g, calibrated_chip(), kSamples);
  ASSERT_EQ(plan.layers.size(), 2u);
  EXPECT_EQ(plan.layers[0].dac_range, 2.0f);
  EXPECT_EQ(plan.layers[1].dac_range, 6.0f);
  EXPECT_FLOAT_EQ(plan.layers[0].adc_range, 1.0f);
  EXPECT_FLOAT_EQ(plan.layers[1].adc_range, 7.0f / 6.0f);
}

TEST(OutputRanges, PercentileChoosesTheFullScale) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = calibrated_chip();
  cfg.tile.adc.calibration_percentile = 50;  // nearest rank 2 of 4, 1 of 2
  const MappingPlan plan = calibrated_plan(g, cfg, kSamples);
  EXPECT_FLOAT_EQ(plan.layers[0].adc_range, 0.5f);
  EXPECT_FLOAT_EQ(plan.layers[1].adc_range, 1.0f / 3.0f);
}

// Under abs_max every vector is divided by its own max |x|: fc1 converts (1, -1) and (0.25, 1),
// fc2 (1, 0) and (1/6, 1).
TEST(OutputRanges, AbsMaxInputsAreScaledPerVector) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = calibrated_chip();
  cfg.tile.dac.range_mode = DacRangeMode::kAbsMax;
  const MappingPlan plan = calibrated_plan(g, cfg, kSamples);
  EXPECT_EQ(plan.layers[0].dac_range, 0.0f);
  EXPECT_FLOAT_EQ(plan.layers[0].adc_range, 1.0f);
  EXPECT_FLOAT_EQ(plan.layers[1].adc_range, 7.0f / 6.0f);
}

TEST(OutputRanges, FixedModeLeavesTheTileBound) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = calibrated_chip();
  cfg.tile.adc.range_mode = AdcRangeMode::kFixed;
  const MappingPlan plan = calibrated_plan(g, cfg, kSamples);
  for (const MappedLayer& m : plan.layers) EXPECT_EQ(m.adc_range, 0.0f) << m.name;
}

// The ranges a calibration recorded (with_calibrated_ranges, as config.resolved.yaml holds them)
// give the same plan without samples.
TEST(OutputRanges, RecordedRangesReplaceTheCalibrationPass) {
  const WorkloadGraph g = two_dense();
  const config::ChipConfig cfg = calibrated_chip();
  EXPECT_TRUE(needs_calibration_samples(cfg));
  const MappingPlan first = calibrated_plan(g, cfg, kSamples);
  const config::ChipConfig recorded = with_calibrated_ranges(cfg, first);
  EXPECT_FALSE(needs_calibration_samples(recorded));
  EXPECT_EQ(recorded.tile.dac.layer_ranges, (std::vector<double>{2.0, 6.0}));
  const MappingPlan again = calibrated_plan(g, recorded, {});
  for (std::size_t i = 0; i < first.layers.size(); ++i) {
    EXPECT_EQ(again.layers[i].dac_range, first.layers[i].dac_range);
    EXPECT_EQ(again.layers[i].adc_range, first.layers[i].adc_range);
  }
}

TEST(OutputRanges, RecordedRangesOfTheWrongCountAreAnErrorNamingTheKeyAndLayers) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = calibrated_chip();
  cfg.tile.adc.layer_ranges = {1.0};
  MappingPlan plan = map_workload(g, cfg);
  try {
    calibrate_output_ranges(g, cfg, kSamples, plan);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_STREQ(e.what(),
                 "two: tile.adc.layer_ranges has 1 values but the workload has 2 weight layers "
                 "(fc1, fc2); allowed: one range per weight layer in graph order, or an empty "
                 "list (calibrate from the inputs)");
  }
}

TEST(OutputRanges, CalibratedWithoutSamplesIsAnErrorThatSaysWhatIsAllowed) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = calibrated_chip();
  cfg.tile.dac.range_mode = DacRangeMode::kFixed;
  MappingPlan plan = map_workload(g, cfg);
  try {
    calibrate_output_ranges(g, cfg, {}, plan);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_STREQ(e.what(),
                 "two: tile.adc.range_mode calibrated needs calibration samples; allowed: at "
                 "least one input sample (or tile.adc.range_mode=fixed)");
  }
}

}  // namespace
}  // namespace kirchhoff
