// What `kirchhoff run` streams through the chip: a network and its input samples (and labels),
// from one of three sources:
//   --workload FILE --inputs X.npy [--labels Y.npy]   a network file and its inputs
//   --workload dense                                  the synthetic one-layer workload of the
//                                                     config's workload.* keys (inputs from the
//                                                     seed)
//   (neither)                                         the built-in demo (app/builtin_demo.h): the
//                                                     shipped CNN on the first 256 test images
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff::app {

inline constexpr const char* kDenseWorkload = "dense";

struct RunWorkloadRequest {
  std::string workload, inputs, labels;  // as given on the command line
  long long samples = -1;                // --samples (-1: the source's default)
  bool repeat = false;
  double uint8_scale = 1.0 / 255.0;
};

struct RunWorkload {
  WorkloadGraph graph;
  std::vector<std::vector<float>> inputs;
  std::vector<int> labels;  // empty without labels
  bool synthetic = false;   // the dense workload (mapping errors name the workload.* keys)
  bool builtin_demo = false;
};

// Throws UsageError for options that do not go together, WorkloadError for bad files.
RunWorkload load_run_workload(const RunWorkloadRequest& r, const config::ChipConfig& cfg);

}  // namespace kirchhoff::app
