#include "compiler/calibrated_config.h"

namespace kirchhoff {

bool needs_calibration_samples(const config::ChipConfig& cfg) {
  const bool dac =
      cfg.tile.dac.range_mode == DacRangeMode::kCalibrated && cfg.tile.dac.layer_ranges.empty();
  const bool adc =
      cfg.tile.adc.range_mode == AdcRangeMode::kCalibrated && cfg.tile.adc.layer_ranges.empty();
  return dac || adc;
}

config::ChipConfig with_calibrated_ranges(config::ChipConfig cfg, const MappingPlan& plan) {
  if (cfg.tile.dac.range_mode == DacRangeMode::kCalibrated) {
    cfg.tile.dac.layer_ranges.clear();
    for (const MappedLayer& ml : plan.layers) cfg.tile.dac.layer_ranges.push_back(ml.dac_range);
  }
  if (cfg.tile.adc.range_mode == AdcRangeMode::kCalibrated) {
    cfg.tile.adc.layer_ranges.clear();
    for (const MappedLayer& ml : plan.layers) cfg.tile.adc.layer_ranges.push_back(ml.adc_range);
  }
  return cfg;
}

}  // namespace kirchhoff
