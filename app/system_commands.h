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
// `replication` and `conv_packing` (the text of --conv-packing) go to every chip's mapper, as on
// one chip; `calibration` (a .npy, may be empty) calibrates every chip's converter ranges.
struct SystemMapRequest {
  std::string config, workload;
  std::vector<std::string> sets;
  bool json = false;
  int replication = 1;
  std::string conv_packing = "off";
  std::string calibration;
  double uint8_scale = 1.0 / 255.0;
};
int system_map(const SystemMapRequest& r);

struct SystemRunRequest {
  std::string config, out, workload, inputs, labels;
  std::vector<std::string> sets;  // applied to every chip
  long long samples = -1;
  bool repeat = false;
  double sample_interval_ns = 0;
  double uint8_scale = 1.0 / 255.0;
  traces::TraceOptions trace;  // per chip, in DIR/<chip>/
  bool outputs = false;        // DIR/outputs.npy, DIR/reference_outputs.npy (the network's)
  std::string calibration;     // C.npy for every chip's converter ranges (empty: the inputs)
  int replication = 1;         // --replication, to every chip's mapper
  std::string conv_packing = "off";
  std::string baseline;  // accelerator preset or file: the side-by-side of the whole network
  int baseline_batch = 1;
};
int system_run(const SystemRunRequest& r);

}  // namespace kirchhoff::app
