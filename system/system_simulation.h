// One simulation of a workload partitioned across the chips of a system (compiler/
// system_partition.h): every share's chip is the single-chip `Chip` module, named after the
// system's chip inside the module "system" (system.c0.tile3), with its own WorkloadHost
// (host/workload_host.h) and recorder. The samples stream through the pipeline: chip k's host
// hands sample s's output, once it is at its off-chip port (the router of its host port 0's
// node), to the links of the route to every later chip that reads it (system/chip_link.h); it
// arrives at that chip's off-chip port as one part of its input (host/sample_inbox.h), and the
// chip starts the sample when every part is there, while chip k takes the next sample. The
// graph input goes through the host port of every chip that reads it (the first chip, and e.g.
// RNN-T's encoder chip: compiler/system_cuts.h); the last chip's outputs through its host port.
// A sample's latency runs from its first start on any chip to the last chip's output read.
// A SystemC kernel elaborates once per process: call this once per process.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "host/workload_simulation.h"
#include "system/chip_link.h"
#include "traces/recorder.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct SystemRunResult {
  std::vector<std::string> chip_names;   // per share
  std::vector<WorkloadRunResult> chips;  // per share: its summary and its layers' errors
  std::vector<LinkFigures> links;        // every link direction that carried traffic
  std::vector<std::vector<float>> outputs, reference;  // network output per sample
  std::vector<double> latencies_ns;  // per sample: first chip's start -> last chip's output read
  double latency_mean_ns = 0, latency_p99_ns = 0;
  double inference_span_ns = 0;  // first chip's programming done -> last output read
  double throughput_samples_per_s = 0;
  double chips_energy_pj = 0;  // the chips' inference-span energy (system level, static incl.)
  double links_energy_pj = 0;
  double energy_per_inference_pj = 0;  // (chips + links) / samples
  std::uint64_t ops = 0;
  double tops_per_w = 0;  // ops / (chips + links energy)
  double output_rel_l2_error = 0;
  double top1_chip = -1, top1_reference = -1;
  std::int64_t cut_bytes = 0;  // per inference, from the partition
  bool host_failed = false;
  double wall_s = 0;
};

// `recorders`: one per share (the CLI attaches its sinks). Throws like run_workload_simulation.
SystemRunResult run_system_simulation(const config::SystemConfig& sys, const WorkloadGraph& g,
                                      SystemPartition& partition,
                                      const std::vector<std::vector<float>>& inputs,
                                      const std::vector<int>* labels,
                                      const WorkloadRunOptions& options,
                                      std::vector<std::unique_ptr<traces::Recorder>>& recorders);

nlohmann::ordered_json to_json(const SystemRunResult& r);
std::string to_text(const SystemRunResult& r);

}  // namespace kirchhoff
