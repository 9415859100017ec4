// Per-sample results, streamed: the workload host hands each sample's record over as the sample
// completes (SampleRecord) and keeps none of it; SampleResults folds the records into running
// sums in sample order (a sample that completes before an earlier one waits in a small reorder
// buffer, at most the samples in flight), computing each sample's float reference as it folds
// it. So a run holds per-sample records only for the samples in flight, whatever the number of
// samples, and the figures are the same, bit for bit, as those computed from every sample's
// stored vectors: the same sums, taken in the same order (relative_l2_error over all samples'
// vectors concatenated, and summarise's output error).
// Still per sample: one double per sample for the latency percentiles and histogram (exact
// p50 / p99 need every latency), and, only with keep_outputs, the outputs and references.
// Pure C++.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <vector>

#include "host/dataflow_stage.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// What the host knows of one sample once its network output has been read.
struct SampleRecord {
  std::vector<std::vector<float>> stage_outputs;  // per stage: its observed layer's value
  std::vector<float> output;                      // the network output (a final softmax applied)
  std::vector<double> stage_latencies_ns;         // per stage (WorkloadHost::run_stage)
  double output_read_ns = 0;                      // the host's read of the result
  bool complete = false;                          // the output was read
};

class SampleResults {
 public:
  using Callback = std::function<void(std::size_t, const std::vector<float>&)>;
  // Sample s's float reference value of layer `layer` of g, already computed elsewhere (a
  // multi-chip run holds the whole network's: system/system_simulation.h). The values must be
  // those run_reference(g, inputs[s]) gives.
  using Reference = std::function<const std::vector<float>&(std::size_t s, int layer)>;
  // `inputs` and `labels` (one per sample, or null) must outlive this. `on_reference` (may be
  // empty) gets each sample's reference output, in sample order. Without `reference` each
  // sample's reference is computed from `inputs` as it is folded; with it, `inputs` only gives
  // the number of samples.
  SampleResults(const WorkloadGraph& g, const std::vector<DataflowStage>& stages,
                const std::vector<std::vector<float>>& inputs, const std::vector<int>* labels,
                bool keep_outputs, Callback on_reference, Reference reference = {});

  // Sample s's record (samples in any order, each once).
  void add(std::size_t s, SampleRecord record);
  // Folds the samples that never completed (a failed run) as empty records, in order.
  void finish();

  // Per stage: ||chip - reference|| / ||reference|| over all samples (-1 when a sample's sizes
  // differ, e.g. a sample the host never completed); as relative_l2_error.
  std::vector<double> stage_rel_l2_error() const;
  // Over the network outputs: sums of squared errors and of squared references, the largest
  // absolute error (summarise).
  double output_err2() const { return out_err2_; }
  double output_ref2() const { return out_ref2_; }
  double output_max_abs_error() const { return out_max_abs_; }
  int top1_chip_correct() const { return chip_ok_; }
  int top1_reference_correct() const { return ref_ok_; }
  // Per stage: the sum over samples of its latency contribution, in sample order.
  const std::vector<double>& stage_latency_sum_ns() const { return stage_latency_sum_; }
  double output_read_sum_ns() const { return read_sum_; }
  std::size_t folded() const { return next_; }
  // The most per-sample records held at once (waiting in the reorder buffer).
  std::size_t max_records_held() const { return max_held_; }
  // With keep_outputs: every sample's network output (chip, reference), in sample order.
  std::vector<std::vector<float>> outputs, reference;

 private:
  void fold(std::size_t s, const SampleRecord& r);

  const WorkloadGraph& g_;
  const std::vector<DataflowStage>& stages_;
  const std::vector<std::vector<float>>& inputs_;
  const std::vector<int>* labels_;
  bool keep_;
  Callback on_reference_;
  Reference reference_;
  std::map<std::size_t, SampleRecord> waiting_;
  std::size_t next_ = 0, max_held_ = 0;
  std::vector<double> e2_, r2_;
  std::vector<bool> size_mismatch_;
  double out_err2_ = 0, out_ref2_ = 0, out_max_abs_ = 0;
  int chip_ok_ = 0, ref_ok_ = 0;
  std::vector<double> stage_latency_sum_;
  double read_sum_ = 0;
};

}  // namespace kirchhoff
