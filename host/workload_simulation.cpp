#include "host/workload_simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>

#include "chip/chip.h"
#include "host/dataflow_stage.h"
#include "host/sample_results.h"
#include "host/workload_host.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
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
  const auto& stages = host.stages();
  const std::vector<double> stage_errors = results.stage_rel_l2_error();
  for (std::size_t k = 0; k < stages.size(); ++k) {
    r.layer_names.push_back(g.layers.at(static_cast<std::size_t>(stages[k].observed_layer)).name);
    r.layer_rel_l2_error.push_back(stage_errors[k]);
    ConverterClipCounts c;
    for (const int tile : plan.layers.at(static_cast<std::size_t>(stages[k].mapped_layer)).tiles) {
      const ConverterClipCounts& t = chip.tile(tile).clip_counts();
      c.dac_inputs += t.dac_inputs;
      c.dac_clipped += t.dac_clipped;
      c.adc_outputs += t.adc_outputs;
      c.adc_saturated += t.adc_saturated;
    }
    r.layer_dac_clipped_fraction.push_back(fraction(c.dac_clipped, c.dac_inputs));
    r.layer_adc_saturated_fraction.push_back(fraction(c.adc_saturated, c.adc_outputs));
  }
  r.clip_warning_fraction = cfg.tile.clip_warning_fraction;
  if (labels != nullptr && n > 0 && !r.host_failed) {
    r.top1_chip = static_cast<double>(results.top1_chip_correct()) / static_cast<double>(n);
    r.top1_reference =
        static_cast<double>(results.top1_reference_correct()) / static_cast<double>(n);
  }
  r.summary =
      summarise(cfg, recorder, host.latencies_ns(), host.programming_done().to_seconds() * 1e9,
                host.finished().to_seconds() * 1e9, end.to_seconds() * 1e9,
                {results.output_err2(), results.output_ref2(), results.output_max_abs_error()});
  std::vector<std::string> tile_layers(static_cast<std::size_t>(chip.num_tiles()));
  for (const TileRoute& route : plan.routes)
    tile_layers.at(static_cast<std::size_t>(route.tile)) = route.layer_name;
  add_tile_figures(r.summary, recorder, tile_layers);
  std::vector<LayerSpec> specs;
  for (std::size_t k = 0; k < stages.size(); ++k) {
    LayerSpec spec;
    spec.layer = stages[k].layer;
    spec.name = g.layers.at(static_cast<std::size_t>(spec.layer)).name;
    spec.tiles = plan.layers.at(static_cast<std::size_t>(stages[k].mapped_layer)).tiles;
    spec.kind = to_string(plan.layers.at(static_cast<std::size_t>(stages[k].mapped_layer)).kind);
    spec.latency_sum_ns = results.stage_latency_sum_ns().at(k);
    spec.samples = n;
    specs.push_back(std::move(spec));
  }
  r.summary.layers = layer_figures(recorder, specs, r.summary.inference_span_ns);
  if (n > 0) r.summary.output_read_ns = results.output_read_sum_ns() / static_cast<double>(n);
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
