// What `kirchhoff baseline` prints and writes (--json): a BaselineResult per layer and in total,
// every figure with its unit.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "baseline/digital_model.h"

namespace kirchhoff::baseline {

// {"accelerator", "source", "workload", "precision", "batch", "weights_fit", "weight_bytes",
//  "sram_capacity_bytes", "macs_per_sample", "layers": [{"name", "op", "macs_per_sample",
//  "weight_bytes", "activation_bytes_per_sample", "sram_bytes_per_batch",
//  "dram_bytes_per_batch", "compute_time_ns", "sram_time_ns", "dram_time_ns", "time_ns",
//  "bound", "energy_pj": {"mac", "sram", "dram", "static", "total"} (per batch),
//  "energy_per_inference_pj"}], "io": {"bytes_per_batch", "time_ns", "energy_pj"},
//  "batch_time_ns", "batch_energy_pj", "latency_ns", "throughput_samples_per_s",
//  "energy_per_inference_pj": {"tile", "chip", "system"}, "tops", "tops_per_w"}
nlohmann::ordered_json to_json(const BaselineResult& r);

// A table of the layers (MACs, bytes, time, bound, energy per inference) and the totals.
std::string to_text(const BaselineResult& r);

}  // namespace kirchhoff::baseline
