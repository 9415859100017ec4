// Per-layer DAC input ranges from a calibration pass on the float reference (no simulation).
//
// tile.dac.range_mode = calibrated: for every mapped weight layer, the values that layer's
// crossbars receive are taken from workloads/reference_model.h over the calibration samples
// (the first tile.dac.calibration_samples of `samples`): its input, the output of the layer
// feeding it (the graph input for the first layer). The layer's range is the
// tile.dac.calibration_percentile of their |x| (100: the largest). An LSTM's crossbars also
// receive its hidden state h in (-1, 1), so its range is at least 1. A layer whose calibration
// inputs are all zero keeps tile.dac.range. range_mode = fixed leaves every range at 0 (the
// tiles use tile.dac.range), as does abs_max (the tiles scale each vector by its max |x|). With
// tile.dac.layer_ranges set, calibrated takes the ranges from that list (a run's
// config.resolved.yaml records them) and needs no samples.
#pragma once

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/chip_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// Writes MappedLayer::dac_range of every layer of `plan`. Throws WorkloadError when calibration
// is asked for without samples, or a sample has the wrong size.
void calibrate_input_ranges(const WorkloadGraph& g, const config::ChipConfig& cfg,
                            const std::vector<std::vector<float>>& samples, MappingPlan& plan);

// `ranges` (one per mapped layer of `plan`, config key `key`) as floats; throws WorkloadError
// naming the key and the layers when the count differs.
std::vector<float> given_layer_ranges(const WorkloadGraph& g, const MappingPlan& plan,
                                      const std::vector<double>& ranges, const std::string& key);

// The p-th percentile (p in [0, 100], nearest rank) of |v|; 0 for an empty v. Reorders v.
float abs_percentile(std::vector<float>& v, double p);

}  // namespace kirchhoff
