// `kirchhoff run ... --baseline NAME`: the analog run and the same workload on a digital
// accelerator (baseline/digital_model.h) side by side, at each accounting level of the run
// (tile, chip, system; report/efficiency_levels.h and the baseline's levels, docs/baselines.md):
// energy per inference, latency, throughput and their ratios (digital / analog: above 1 the
// analog chip spends less energy, or takes longer).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "baseline/digital_model.h"
#include "report/run_report.h"

namespace kirchhoff::app {

// The summary's "baseline" section:
//   {"accelerator", "source", "precision", "batch",
//    "levels": {"tile"|"chip"|"system": {"analog_energy_per_inference_pj",
//               "digital_energy_per_inference_pj", "energy_ratio_digital_over_analog",
//               "analog_tops_per_w", "digital_tops_per_w"}},
//    "latency_ns": {"analog", "digital", "ratio_digital_over_analog"},
//    "throughput_samples_per_s": {"analog", "digital", "ratio_digital_over_analog"},
//    "digital": <the baseline's own JSON, baseline/baseline_report.h>}
// Analog energy per inference = the level's energy over the inference span / samples; analog
// latency the mean sample latency.
nlohmann::ordered_json side_by_side_json(const RunReport& analog,
                                         const baseline::BaselineResult& digital);

// The console block printed after the run's table.
std::string side_by_side_text(const RunReport& analog, const baseline::BaselineResult& digital);

// The analog side's figures, per inference, at each level (tile, chip, system).
struct AnalogFigures {
  double tile_pj = 0, chip_pj = 0, system_pj = 0;  // energy per inference
  double tile_tops_per_w = 0, chip_tops_per_w = 0, system_tops_per_w = 0;
  double latency_mean_ns = 0, throughput_samples_per_s = 0;
};
// A single-chip run's figures (its summary's levels).
AnalogFigures analog_figures(const RunReport& analog);
// The same section and block for any analog figures (a multi-chip system's totals:
// app/system_commands.cpp).
nlohmann::ordered_json side_by_side_json(const AnalogFigures& analog,
                                         const baseline::BaselineResult& digital);
std::string side_by_side_text(const AnalogFigures& analog, const baseline::BaselineResult& digital);

}  // namespace kirchhoff::app
