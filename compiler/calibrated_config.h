// The converter ranges a calibration pass chose, carried into the configuration so that a run
// repeated from its config.resolved.yaml uses the same ranges without the calibration inputs.
#pragma once

#include "compiler/mapper.h"
#include "config/chip_config.h"

namespace kirchhoff {

// True when tile.dac.range_mode or tile.adc.range_mode is calibrated without its
// tile.*.layer_ranges list, i.e. calibrate_input_ranges / calibrate_output_ranges need samples.
bool needs_calibration_samples(const config::ChipConfig& cfg);

// cfg with tile.dac.layer_ranges (range_mode calibrated) and tile.adc.layer_ranges (likewise)
// set to the plan's per-layer ranges; the other keys unchanged.
config::ChipConfig with_calibrated_ranges(config::ChipConfig cfg, const MappingPlan& plan);

}  // namespace kirchhoff
