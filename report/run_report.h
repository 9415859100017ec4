// What `kirchhoff run` reports: the run's figures (report/run_summary.h) and the workload's
// accuracy against its float reference (per executed layer, top-1 with labels). to_json gives
// DIR/summary.json, to_text the console table.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/run_summary.h"

namespace kirchhoff {

// One executed weight layer (with its post-ops), named after the last op run on its output.
struct LayerError {
  std::string layer;
  double rel_l2_error = 0;  // ||y_chip - y_ref|| / ||y_ref|| over all samples
  // Fractions over all the layer's tiles and MVMs: DAC inputs outside the full scale (clipped),
  // ADC conversions at +-bound (saturated).
  double dac_clipped_fraction = 0;
  double adc_saturated_fraction = 0;
};

struct RunReport {
  RunSummary summary;
  std::string workload;                 // workload name
  std::vector<LayerError> layers;       // in execution order
  double top1_chip = -1;                // fraction in [0, 1]; -1 without labels
  double top1_reference = -1;           // the float reference's, likewise
  double clip_warning_fraction = 0.01;  // tile.clip_warning_fraction: to_text warns above it
};

// The summary's fields (to_json(RunSummary)), then "workload", "layer_rel_l2_error" (an object
// by layer name), "layer_dac_clipped_fraction" and "layer_adc_saturated_fraction" (likewise)
// and, with labels, "top1_chip" and "top1_reference".
nlohmann::ordered_json to_json(const RunReport& r);
// The summary's table, then one "rel. L2 error <layer>" line per layer, the top-1 line and a
// "warning:" line for every layer whose clipped or saturated fraction exceeds
// clip_warning_fraction.
std::string to_text(const RunReport& r);

}  // namespace kirchhoff
