#include "host/workload_simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <stdexcept>

#include "chip/chip.h"
#include "host/dataflow_stage.h"
#include "host/workload_host.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

int argmax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

// ||a - b|| / ||b|| over all samples' vectors concatenated.
double rel_l2(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
  std::vector<float> fa, fb;
  for (std::size_t s = 0; s < a.size() && s < b.size(); ++s) {
    if (a[s].size() != b[s].size()) return -1;
    fa.insert(fa.end(), a[s].begin(), a[s].end());
    fb.insert(fb.end(), b[s].begin(), b[s].end());
  }
  return relative_l2_error(fa, fb);
}

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
  for (std::size_t k = 0; k < stages.size(); ++k) {
    r.layer_names.push_back(g.layers.at(static_cast<std::size_t>(stages[k].observed_layer)).name);
    r.layer_rel_l2_error.push_back(rel_l2(host.layer_outputs()[k], ref_layers[k]));
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
    int chip_ok = 0, ref_ok = 0;
    for (std::size_t s = 0; s < n; ++s) {
      if (!r.outputs[s].empty() && argmax(r.outputs[s]) == (*labels)[s]) ++chip_ok;
      if (argmax(r.reference[s]) == (*labels)[s]) ++ref_ok;
    }
    r.top1_chip = static_cast<double>(chip_ok) / static_cast<double>(n);
    r.top1_reference = static_cast<double>(ref_ok) / static_cast<double>(n);
  }
  r.summary =
      summarise(cfg, recorder, host.latencies_ns(), host.programming_done().to_seconds() * 1e9,
                host.finished().to_seconds() * 1e9, end.to_seconds() * 1e9, r.outputs, r.reference);
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
    spec.latencies_ns = host.stage_latencies_ns().at(k);
    specs.push_back(std::move(spec));
  }
  r.summary.layers = layer_figures(recorder, specs, r.summary.inference_span_ns);
  double read_ns = 0;
  for (double d : host.output_read_ns()) read_ns += d;
  if (!host.output_read_ns().empty())
    r.summary.output_read_ns = read_ns / static_cast<double>(host.output_read_ns().size());
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
