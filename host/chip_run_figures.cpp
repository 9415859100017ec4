#include "host/chip_run_figures.h"

#include <cstdint>
#include <string>

#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

double rel_l2_over_samples(const std::vector<std::vector<float>>& a,
                           const std::vector<std::vector<float>>& b) {
  std::vector<float> fa, fb;
  for (std::size_t s = 0; s < a.size() && s < b.size(); ++s) {
    if (a[s].size() != b[s].size()) return -1;
    fa.insert(fa.end(), a[s].begin(), a[s].end());
    fb.insert(fb.end(), b[s].begin(), b[s].end());
  }
  return relative_l2_error(fa, fb);
}

void chip_run_figures(const config::ChipConfig& cfg, const WorkloadGraph& g,
                      const MappingPlan& plan, Chip& chip, const WorkloadHost& host,
                      const traces::Recorder& recorder, sc_core::sc_time end,
                      const SampleResults& results, std::size_t samples, WorkloadRunResult& r) {
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
    spec.samples = samples;
    specs.push_back(std::move(spec));
  }
  r.summary.layers = layer_figures(recorder, specs, r.summary.inference_span_ns);
  if (samples > 0)
    r.summary.output_read_ns = results.output_read_sum_ns() / static_cast<double>(samples);
}

}  // namespace kirchhoff
