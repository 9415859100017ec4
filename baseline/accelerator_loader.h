// Reading an accelerator file (configs/accelerators/*.yaml): one YAML document with one top-level
// map `accelerator:`, validated as strictly as a chip configuration (config/config_loader.h):
// an unknown key names file:line:column and the nearest valid key ("did you mean"), a value of
// the wrong type or out of range names the key, the value and what is allowed, and the
// cross-field checks name the keys involved. Every error is a config::ConfigError (exit 2).
//
//   accelerator:
//     name: h100                    # required
//     description: "..."            # one line
//     precision: int8               # int8 | fp16: what a baseline computes in by default
//     int8: {peak_tops: 1979, energy_per_mac_pj: 0.7074}
//     fp16: {peak_tops: 989.5, energy_per_mac_pj: 1.415}
//     sram: {capacity_mib: 50, energy_per_byte_pj: 0, bandwidth_tb_per_s: 0}
//     dram: {bandwidth_gb_per_s: 3350, energy_per_byte_pj: 31.2}
//     static_power_w: 0
//     utilisation: 1
//     layer_overhead_ns: 5000         # per weight layer
//     inference_overhead_ns: 0        # per batch
#pragma once

#include <string>
#include <vector>

#include "baseline/accelerator_config.h"

namespace kirchhoff::baseline {

// Loads `path`, then applies each "accelerator.key=value" of `overrides`, then the cross-field
// checks.
AcceleratorConfig load_accelerator(const std::string& path,
                                   const std::vector<std::string>& overrides = {});
// The same from text that is not a file (a built-in preset); `source` names it in messages.
AcceleratorConfig load_accelerator_text(const std::string& source, const std::string& text,
                                        const std::vector<std::string>& overrides = {});

// True when `text` is one YAML document whose top level is a map with an `accelerator` key (an
// accelerator file rather than a chip configuration). Throws ConfigError on bad YAML.
bool is_accelerator_text(const std::string& source, const std::string& text);

}  // namespace kirchhoff::baseline
