#include "host/workload_simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>

#include "chip/chip.h"
#include "host/chip_run_figures.h"
#include "host/dataflow_stage.h"
#include "host/sample_results.h"
#include "host/workload_host.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
WorkloadRunResult run_workload_simulation(const config::ChipConfig& cfg, const WorkloadGraph& g,
                                          const MappingPlan& plan,
                                          const std::vector<std::vector<float>>& all_inputs,
                                          const std::vector<int>* labels,
                                          const WorkloadRunOptions& options,
                                          traces::Recorder& recorder) {
  const auto wall0 = std::chrono::steady_clock::now();
  std::size_t n = all_inputs.size();
  if (options.samples >= 0) n = std::min(n, static_cast<std::size_t>(options.samples));
  // The inputs themselves (not copied when all of them run).
  std::vector<std::vector<float>> first_inputs;
  if (n < all_inputs.size())
    first_inputs.assign(all_inputs.begin(), all_inputs.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<std::vector<float>>& inputs = n < all_inputs.size() ? first_inputs : all_inputs;
  (void)make_dataflow_stages(g, plan);  // what cannot execute fails before elaboration
  const std::size_t in_size = static_cast<std::size_t>(numel(g.input_shape));
  for (std::size_t s = 0; s < n; ++s) {
    if (inputs[s].size() != in_size) {
      throw WorkloadError("inputs: sample " + std::to_string(s) + " has " +
                          std::to_string(inputs[s].size()) +
                          " values; allowed: " + std::to_string(in_size) + " (the workload input " +
                          shape_str(g.input_shape) + ")");
    }
  }
  if (labels != nullptr && labels->size() < n) {
    throw std::invalid_argument("labels: " + std::to_string(labels->size()) + " for " +
                                std::to_string(n) + " samples; allowed: one label per sample");
  }

  Chip chip("chip", cfg, &recorder);
  WorkloadHost host("host", chip, g, plan, inputs,
                    sc_core::sc_time(options.sample_interval_ns, sc_core::SC_NS), &recorder);
  host.socket.bind(chip.host_target());
  // An exception must not unwind through the SystemC thread: the first one thrown by on_output
  // or on_reference is rethrown after the simulation.
  std::exception_ptr callback_error;
  auto guarded = [&](const std::function<void(std::size_t, const std::vector<float>&)>& f) {
    return [&callback_error, &f](std::size_t s, const std::vector<float>& y) {
      if (callback_error || !f) return;
      try {
        f(s, y);
      } catch (...) {
        callback_error = std::current_exception();
      }
    };
  };
  // Each sample's record is folded into running sums (in sample order) as it completes, with
  // its float reference: nothing per sample outlives the samples in flight.
  SampleResults results(
      g, host.stages(), inputs, labels, options.keep_outputs,
      options.on_reference ? guarded(options.on_reference) : SampleResults::Callback{});
  const auto on_output = guarded(options.on_output);
  std::size_t samples_done = 0;
  host.set_sample_callback([&](int s, SampleRecord&& rec) {
    if (rec.complete) {
      if (options.on_samples_done) options.on_samples_done(++samples_done);
      on_output(static_cast<std::size_t>(s), rec.output);
    }
    results.add(static_cast<std::size_t>(s), std::move(rec));
  });
  const sc_core::sc_time end = run_to_end(chip, recorder);
  host.flush_incomplete_samples();
  results.finish();
  if (callback_error) std::rethrow_exception(callback_error);

  WorkloadRunResult r;
  r.host_failed = host.failed();
  r.outputs = std::move(results.outputs);
  r.reference = std::move(results.reference);
  r.max_sample_records_held = host.max_records_held() + results.max_records_held();
  if (labels != nullptr && n > 0 && !r.host_failed) {
    r.top1_chip = static_cast<double>(results.top1_chip_correct()) / static_cast<double>(n);
    r.top1_reference =
        static_cast<double>(results.top1_reference_correct()) / static_cast<double>(n);
  }
  chip_run_figures(cfg, g, plan, chip, host, recorder, end, results, n, r);
  r.summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return r;
}

RunReport make_run_report(const WorkloadRunResult& r, const std::string& workload) {
  RunReport report;
  report.summary = r.summary;
  report.workload = workload;
  for (std::size_t i = 0; i < r.layer_names.size() && i < r.layer_rel_l2_error.size(); ++i)
    report.layers.push_back(
        {r.layer_names[i], r.layer_rel_l2_error[i],
         i < r.layer_dac_clipped_fraction.size() ? r.layer_dac_clipped_fraction[i] : 0.0,
         i < r.layer_adc_saturated_fraction.size() ? r.layer_adc_saturated_fraction[i] : 0.0});
  report.clip_warning_fraction = r.clip_warning_fraction;
  report.top1_chip = r.top1_chip;
  report.top1_reference = r.top1_reference;
  return report;
}

}  // namespace kirchhoff
