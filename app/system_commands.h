// `info`, `map` and `run` on a system file (config/system_config.h: a YAML file with a
// top-level `system:` key; docs/multichip.md). The subcommands detect it and hand over here.
#pragma once

#include <string>
#include <vector>

#include "traces/trace_options.h"

namespace kirchhoff::app {

// The chips, their configurations and the links of the topology.
int system_info(const std::string& path, const std::vector<std::string>& sets);

// The partition (which layers on which chip, bytes per inference per link) and each chip's plan.
int system_map(const std::string& path, const std::vector<std::string>& sets,
               const std::string& workload, bool json);

struct SystemRunRequest {
  std::string config, out, workload, inputs, labels;
  std::vector<std::string> sets;  // applied to every chip
  long long samples = -1;
  bool repeat = false;
  double sample_interval_ns = 0;
  double uint8_scale = 1.0 / 255.0;
  traces::TraceOptions trace;  // only the defaults are allowed on a system
  bool outputs = false;
  std::vector<std::string> refused;  // run options given that a system run does not take
};
int system_run(const SystemRunRequest& r);

}  // namespace kirchhoff::app
