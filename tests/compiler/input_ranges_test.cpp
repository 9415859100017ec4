// Per-layer DAC input ranges from the float reference (compiler/input_ranges.h): a layer's range
// is a percentile of |x| over the values its crossbars receive on the calibration samples.
#include "compiler/input_ranges.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/common/two_dense_fixture.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

using test::small_chip;
using test::two_dense;
const std::vector<std::vector<float>>& kSamples = test::kTwoDenseSamples;

TEST(InputRanges, CalibratedIsTheDefaultMode) {
  EXPECT_EQ(small_chip().tile.dac.range_mode, DacRangeMode::kCalibrated);
}

TEST(InputRanges, CalibratedRangeIsTheLargestInputOfEachLayer) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = small_chip();
  cfg.tile.dac.range_mode = DacRangeMode::kCalibrated;
  MappingPlan plan = map_workload(g, cfg);
  calibrate_input_ranges(g, cfg, kSamples, plan);
  ASSERT_EQ(plan.layers.size(), 2u);
  EXPECT_EQ(plan.layers[0].dac_range, 2.0f);
  EXPECT_EQ(plan.layers[1].dac_range, 6.0f);
}

TEST(InputRanges, PercentileAndSampleCountChooseTheRange) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = small_chip();
  cfg.tile.dac.range_mode = DacRangeMode::kCalibrated;
  cfg.tile.dac.calibration_percentile = 50;  // nearest rank 2 of 4
  MappingPlan plan = map_workload(g, cfg);
  calibrate_input_ranges(g, cfg, kSamples, plan);
  EXPECT_EQ(plan.layers[0].dac_range, 1.0f);  // 0.5, [1], 1, 2
  EXPECT_EQ(plan.layers[1].dac_range, 1.0f);  // 0, [1], 2, 6
  cfg.tile.dac.calibration_percentile = 100;
  cfg.tile.dac.calibration_samples = 1;  // only (1, -1): relu1 gives (2, 0)
  calibrate_input_ranges(g, cfg, kSamples, plan);
  EXPECT_EQ(plan.layers[0].dac_range, 1.0f);
  EXPECT_EQ(plan.layers[1].dac_range, 2.0f);
}

TEST(InputRanges, FixedModeLeavesTheTileRange) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = small_chip();
  cfg.tile.dac.range_mode = DacRangeMode::kFixed;
  MappingPlan plan = map_workload(g, cfg);
  calibrate_input_ranges(g, cfg, {}, plan);
  for (const MappedLayer& m : plan.layers) EXPECT_EQ(m.dac_range, 0.0f) << m.name;
}

TEST(InputRanges, CalibratedWithoutSamplesIsAnErrorThatSaysWhatIsAllowed) {
  const WorkloadGraph g = two_dense();
  config::ChipConfig cfg = small_chip();
  cfg.tile.dac.range_mode = DacRangeMode::kCalibrated;
  MappingPlan plan = map_workload(g, cfg);
  try {
    calibrate_input_ranges(g, cfg, {}, plan);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_STREQ(e.what(),
                 "two: tile.dac.range_mode calibrated needs calibration samples; allowed: at "
                 "least one input sample (or tile.dac.range_mode=fixed)");
  }
}

TEST(InputRanges, AbsPercentileTakesTheNearestRank) {
  std::vector<float> v = {-4.0f, 1.0f, -2.0f, 3.0f};
  EXPECT_EQ(abs_percentile(v, 100), 4.0f);
  v = {-4.0f, 1.0f, -2.0f, 3.0f};
  EXPECT_EQ(abs_percentile(v, 75), 3.0f);
  v = {-4.0f, 1.0f, -2.0f, 3.0f};
  EXPECT_EQ(abs_percentile(v, 1), 1.0f);
  std::vector<float> empty;
  EXPECT_EQ(abs_percentile(empty, 50), 0.0f);
}

}  // namespace
}  // namespace kirchhoff
