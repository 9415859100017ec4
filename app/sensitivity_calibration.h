// mapper.placement: sensitivity without mapper.layer_errors: `kirchhoff run` measures them.
// A calibration pass runs the workload's first N samples (--sensitivity-samples, default 16) on
// the all-analog chip (the same chip with every tile the analog tile of its groups) and takes
// each weight layer's relative L2 error against the float reference (summary.json
// layer_rel_l2_error, host/sample_results.h); the mapper then places the layers that add the
// most error digital while the digital tile budget lasts (compiler/layer_placement.h).
//
// A SystemC kernel elaborates once per process, so the pass is a child `kirchhoff run` of this
// program (/proc/self/exe) on a temporary folder, removed afterwards; its log is kept in the
// error message when it fails. An explicit mapper.layer_errors list is used as given (no pass).
#pragma once

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/chip_config.h"

namespace kirchhoff::app {

constexpr int kDefaultSensitivitySamples = 16;

// True when cfg asks for the sensitivity placement, gives no layer_errors and has both analog
// and digital tiles (otherwise the placement needs no errors or refuses them itself).
bool needs_measured_layer_errors(const config::ChipConfig& cfg);

struct SensitivityPass {
  std::string workload, inputs;  // as given to `run` (files)
  double uint8_scale = 1.0 / 255.0;
  int samples = kDefaultSensitivitySamples;
};

struct MeasuredLayerErrors {
  std::vector<std::string> names;  // the executed layers' names (with their post-ops)
  std::vector<double> errors;      // per weight layer in graph order
};

// The all-analog chip of cfg: no tile groups, every tile the first analog group's tile (the
// `tile:` section when it is analog). Throws UsageError when cfg has no analog tile.
config::ChipConfig all_analog_chip(const config::ChipConfig& cfg);

// Runs the calibration pass; throws UsageError for samples < 1 or a workload without input
// files (the built-in demo, the dense workload) and std::runtime_error when the pass fails.
MeasuredLayerErrors measure_layer_errors(const config::ChipConfig& cfg, const SensitivityPass& p);

// "sensitivity placement: measured on N samples of the all-analog chip ...: name err, ..."
std::string measured_text(const MeasuredLayerErrors& m, int samples);
// "sensitivity placement: digital layers a, b (k of the chip's d digital tiles)" from the plan.
std::string chosen_text(const MappingPlan& plan, const config::ChipConfig& cfg);

}  // namespace kirchhoff::app
