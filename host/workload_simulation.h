// One simulation of a mapped workload on the SystemC chip: elaborates the chip and a
// WorkloadHost (host/workload_host.h), programs the plan's tiles, streams the samples through
// the network sample by sample (several in flight), and compares the chip's layer outputs with
// the float reference (workloads/reference_model.h) on the same inputs. Every figure of the summary
// comes from the recorder's events. A SystemC kernel elaborates once per process: call this
// once per process.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/chip_config.h"
#include "report/run_report.h"
#include "report/run_summary.h"
#include "traces/recorder.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

struct WorkloadRunOptions {
  int samples = -1;               // -1: all inputs
  double sample_interval_ns = 0;  // earliest spacing of sample injections; 0: back to back
  // Called as each sample completes: the chip's network output of sample s (during the
  // simulation, samples possibly out of order) and the float reference's (after it, in order).
  // An exception thrown by on_output is rethrown by run_workload_simulation after the
  // simulation; on_output sees no further samples once it threw.
  // Both run during the simulation (on_reference in sample order, as the samples' results are
  // folded: host/sample_results.h).
  std::function<void(std::size_t, const std::vector<float>&)> on_output, on_reference;
  // Keep every sample's network output and reference in WorkloadRunResult::outputs / reference
  // (memory grows with the samples); off, only running sums are kept.
  bool keep_outputs = true;
  // Called as each sample completes in the simulation with the number completed so far (1, 2,
  // ..., n), e.g. for a progress display. It must not throw.
  std::function<void(std::size_t)> on_samples_done;
};

struct WorkloadRunResult {
  RunSummary summary;
  // Per executed weight layer (with its post-ops): the graph layer whose output the chip
  // produced and its relative L2 error against the reference over all samples.
  std::vector<double> layer_rel_l2_error;
  std::vector<std::string> layer_names;
  // Per executed weight layer, over its tiles: DAC inputs clipped and ADC outputs saturated.
  std::vector<double> layer_dac_clipped_fraction, layer_adc_saturated_fraction;
  double clip_warning_fraction = 0.01;                 // tile.clip_warning_fraction
  double top1_chip = -1, top1_reference = -1;          // fractions in [0, 1]; -1 without labels
  std::vector<std::vector<float>> outputs, reference;  // samples x output (keep_outputs)
  // The most per-sample records (a sample's layer outputs and output) held at once: the
  // samples in flight in the host plus those waiting for an earlier one to complete; it does not
  // grow with the number of samples.
  std::size_t max_sample_records_held = 0;
  bool host_failed = false;
};

// `inputs`: one flattened sample each (numel(g.input_shape) values). `labels`: one class per
// input, or null. Throws std::invalid_argument when the plan holds layers that cannot execute
// yet (see host/dataflow_stage.h) and WorkloadError for wrong input sizes.
WorkloadRunResult run_workload_simulation(const config::ChipConfig& cfg, const WorkloadGraph& g,
                                          const MappingPlan& plan,
                                          const std::vector<std::vector<float>>& inputs,
                                          const std::vector<int>* labels,
                                          const WorkloadRunOptions& options,
                                          traces::Recorder& recorder);

// The run's report (summary.json, console table) for the workload named `workload`.
RunReport make_run_report(const WorkloadRunResult& r, const std::string& workload);

}  // namespace kirchhoff
