// The figures of one chip's share of a workload run, from the chip, its workload host and its
// recorder once the simulation has ended: the run summary (energies, latencies, tiles, layers),
// and per executed stage its layer's name, relative L2 error against the float reference and
// its tiles' DAC clipping / ADC saturation. Shared by the single-chip run
// (host/workload_simulation.h) and each chip of a multi-chip system (system/).
#pragma once

#include <vector>

#include <systemc>

#include "chip/chip.h"
#include "compiler/mapper.h"
#include "config/chip_config.h"
#include "host/sample_results.h"
#include "host/workload_host.h"
#include "host/workload_simulation.h"
#include "traces/recorder.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// `results`: the chip's samples folded (host/sample_results.h), `samples` of them. Fills
// r.summary, r.layer_names, r.layer_rel_l2_error, the clip fractions and clip_warning_fraction.
void chip_run_figures(const config::ChipConfig& cfg, const WorkloadGraph& g,
                      const MappingPlan& plan, Chip& chip, const WorkloadHost& host,
                      const traces::Recorder& recorder, sc_core::sc_time end,
                      const SampleResults& results, std::size_t samples, WorkloadRunResult& r);

// ||a - b|| / ||b|| over all samples' vectors concatenated (-1 when sizes differ).
double rel_l2_over_samples(const std::vector<std::vector<float>>& a,
                           const std::vector<std::vector<float>>& b);

}  // namespace kirchhoff
