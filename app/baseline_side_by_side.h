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

}  // namespace kirchhoff::app
