// Per-layer ADC full scales from a calibration pass on the float reference (no simulation).
//
// tile.adc.range_mode = calibrated: for every mapped dense or convolution layer, the compiler
// forms what each of the layer's tiles would convert over the calibration samples (the first
// tile.dac.calibration_samples of `samples`) without noise or quantisation: the crossbar input
// (the layer's reference input; a convolution's im2col patches) divided by the layer's DAC full
// scale (MappedLayer::dac_range, tile.dac.range, or the vector's max |x| under abs_max) and
// clipped, times the tile's normalised weights (w / w_max of the tile's mapping, clipped to
// [-1, 1]), summed over the tile's rows. The layer's ADC full scale is the
// tile.adc.calibration_percentile of these |column sums| (100: the largest), so its typical
// output uses the ADC's codes. An LSTM keeps tile.adc.bound / gain (its crossbars also convert
// the recurrent state, which the reference does not expose), as does a layer whose column sums
// are all zero. With tile.adc.layer_ranges set, the full scales come from that list. fixed
// leaves every full scale at 0 (the tiles use tile.adc.bound / gain).
#pragma once

#include <vector>

#include "compiler/mapper.h"
#include "config/chip_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// Writes MappedLayer::adc_range of every layer of `plan`; call after calibrate_input_ranges
// (it uses the DAC ranges). Throws WorkloadError when calibration is asked for without
// samples or tile.adc.layer_ranges has the wrong length.
void calibrate_output_ranges(const WorkloadGraph& g, const config::ChipConfig& cfg,
                             const std::vector<std::vector<float>>& samples, MappingPlan& plan);

}  // namespace kirchhoff
