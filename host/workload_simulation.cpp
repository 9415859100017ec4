#include "host/workload_simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <stdexcept>

#include "chip/chip.h"
#include "host/chip_run_figures.h"
#include "host/dataflow_stage.h"
#include "host/workload_host.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

int argmax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

WorkloadRunResult run_workload_simulation(const config::ChipConfig& cfg, const WorkloadGraph& g,
                                          const MappingPlan& plan,
                                          const std::vector<std::vector<float>>& all_inputs,
                                          const std::vector<int>* labels,
                                          const WorkloadRunOptions& options,
                                          traces::Recorder& recorder) {
  const auto wall0 = std::chrono::steady_clock::now();
  std::size_t n = all_inputs.size();
  if (options.samples >= 0) n = std::min(n, static_cast<std::size_t>(options.samples));
  const std::vector<std::vector<float>> inputs(all_inputs.begin(),
                                               all_inputs.begin() + static_cast<std::ptrdiff_t>(n));
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
  std::exception_ptr output_error;  // an exception must not unwind through the SystemC thread
  std::size_t samples_done = 0;
  if (options.on_output || options.on_samples_done) {
    host.set_output_callback([&](int s, const std::vector<float>& y) {
      if (options.on_samples_done) options.on_samples_done(++samples_done);
      if (output_error || !options.on_output) return;
      try {
        options.on_output(static_cast<std::size_t>(s), y);
      } catch (...) {
        output_error = std::current_exception();
      }
    });
  }
  const sc_core::sc_time end = run_to_end(chip, recorder);
  if (output_error) std::rethrow_exception(output_error);

  WorkloadRunResult r;
  r.host_failed = host.failed();
  r.outputs = host.outputs();
  // The float reference of every layer on the same inputs.
  const auto& stages = host.stages();
  std::vector<std::vector<std::vector<float>>> ref_layers(stages.size());
  const int out_layer = g.output_layer();
  for (const auto& x : inputs) {
    const std::vector<std::vector<float>> ref = run_reference(g, x);
    for (std::size_t k = 0; k < stages.size(); ++k)
      ref_layers[k].push_back(ref.at(static_cast<std::size_t>(stages[k].observed_layer)));
    r.reference.push_back(ref.at(static_cast<std::size_t>(out_layer)));
    if (options.on_reference) options.on_reference(r.reference.size() - 1, r.reference.back());
  }
  if (labels != nullptr && n > 0 && !r.host_failed) {
    int chip_ok = 0, ref_ok = 0;
    for (std::size_t s = 0; s < n; ++s) {
      if (!r.outputs[s].empty() && argmax(r.outputs[s]) == (*labels)[s]) ++chip_ok;
      if (argmax(r.reference[s]) == (*labels)[s]) ++ref_ok;
    }
    r.top1_chip = static_cast<double>(chip_ok) / static_cast<double>(n);
    r.top1_reference = static_cast<double>(ref_ok) / static_cast<double>(n);
  }
  chip_run_figures(cfg, g, plan, chip, host, recorder, end, ref_layers, r.outputs, r.reference, r);
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
