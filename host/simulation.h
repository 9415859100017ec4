// One simulation of the built-in workload on a chip built from `cfg`: elaborates the chip and
// the host, runs SystemC to completion and returns the summary. A SystemC kernel elaborates
// once per process, so call this once per process.
#pragma once

#include <vector>

#include "config/chip_config.h"
#include "report/run_summary.h"
#include "traces/recorder.h"

namespace kirchhoff {

struct SimulationResult {
  RunSummary summary;
  std::vector<std::vector<float>> outputs;    // chip outputs, samples x out
  std::vector<std::vector<float>> reference;  // float GEMV of the same weights and inputs
  bool host_failed = false;
};

SimulationResult run_simulation(const config::ChipConfig& cfg, traces::Recorder& recorder);

}  // namespace kirchhoff
