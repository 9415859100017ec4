// The synthetic workload of `kirchhoff run --workload dense`: one Dense layer
// (workload.in_features x workload.out_features, no bias, no activation) with random weights
// and random input samples drawn from the run's seed, built as a WorkloadGraph like any
// imported network, so it is mapped by compiler/ and executed by the same host.
//
// Random numbers (models/random_stream.h, keyed by (seed, name)):
//   weights  stream "workload.weights", event 0, element r * out + c: N(0, 1) x weight_std
//            (crossbar order [in][out], as a native workload draws a layer's weights)
//   inputs   stream "workload.inputs", event s (sample), element r: U(-input_max, input_max)
#pragma once

#include <cstdint>
#include <vector>

#include "config/chip_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct DefaultWorkload {
  WorkloadGraph graph;                     // name "default", input "x" [1, in], layer "fc"
  std::vector<std::vector<float>> inputs;  // workload.samples x in_features
};

DefaultWorkload make_default_workload(const config::SyntheticWorkload& w, std::uint64_t seed);

}  // namespace kirchhoff
