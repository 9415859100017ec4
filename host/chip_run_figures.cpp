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
                      const std::vector<std::vector<std::vector<float>>>& ref_layers,
                      const std::vector<std::vector<float>>& outputs,
                      const std::vector<std::vector<float>>& reference, WorkloadRunResult& r) {
  const auto& stages = host.stages();
  for (std::size_t k = 0; k < stages.size(); ++k) {
    r.layer_names.push_back(g.layers.at(static_cast<std::size_t>(stages[k].observed_layer)).name);
    r.layer_rel_l2_error.push_back(rel_l2_over_samples(host.layer_outputs()[k], ref_layers.at(k)));
    ConverterClipCounts c;
    for (const int tile : plan.layers.at(static_cast<std::size_t>(stages[k].mapped_layer)).tiles) {
      const ConverterClipCounts& t = chip.tile(tile).model().clip_counts();
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
                host.finished().to_seconds() * 1e9, end.to_seconds() * 1e9, outputs, reference);
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
    spec.latencies_ns = host.stage_latencies_ns().at(k);
    specs.push_back(std::move(spec));
  }
  r.summary.layers = layer_figures(recorder, specs, r.summary.inference_span_ns);
  double read_ns = 0;
  for (double d : host.output_read_ns()) read_ns += d;
  if (!host.output_read_ns().empty())
    r.summary.output_read_ns = read_ns / static_cast<double>(host.output_read_ns().size());
}

}  // namespace kirchhoff
