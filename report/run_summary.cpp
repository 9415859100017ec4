#include "report/run_summary.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <utility>

#include "config/chip_area.h"

namespace kirchhoff {

double percentile(std::vector<double> v, double pct) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const double rank = std::ceil(pct / 100.0 * static_cast<double>(v.size()));
  const std::size_t i = rank < 1.0 ? 0 : static_cast<std::size_t>(rank) - 1;
  return v[std::min(i, v.size() - 1)];
}

RunSummary summarise(const config::ChipConfig& cfg, const traces::Recorder& recorder,
                     const std::vector<double>& latencies_ns, double programming_done_ns,
                     double inference_done_ns, double sim_time_ns, const OutputErrorSums& errors) {
  RunSummary s;
  s.chip = cfg.chip.name;
  s.seed = cfg.sim.seed;
  s.samples = static_cast<int>(latencies_ns.size());
  s.sim_time_ns = sim_time_ns;
  s.programming_time_ns = programming_done_ns;
  if (!latencies_ns.empty()) {
    s.latency_first_ns = latencies_ns.front();
    double sum = 0;
    for (double l : latencies_ns) sum += l;
    s.latency_mean_ns = sum / static_cast<double>(latencies_ns.size());
    s.latency_p50_ns = percentile(latencies_ns, 50);
    s.latency_p99_ns = percentile(latencies_ns, 99);
  }
  s.latency_histogram = make_latency_histogram(latencies_ns);
  const double span_ns = inference_done_ns - programming_done_ns;
  s.inference_span_ns = span_ns;
  if (span_ns > 0) s.throughput_samples_per_s = s.samples / (span_ns * 1e-9);
  const traces::Totals& totals = recorder.totals();
  s.mvms = totals.events[static_cast<std::size_t>(traces::EventKind::kMvm)];
  s.energy = totals.energy;
  const RunEfficiency eff = run_efficiency(recorder, programming_done_ns, span_ns);
  s.ops = eff.inference_ops;
  s.tile_level = eff.tile;
  s.chip_level = eff.chip;
  s.system_level = eff.system;
  s.programming = eff.programming;
  const ChipArea area = chip_area(cfg);
  set_area(s.tile_level, cfg.chip.tiles * area.tile.total_mm2());
  set_area(s.chip_level, area.total_mm2());
  set_area(s.system_level, area.total_mm2());
  s.tops = s.chip_level.tops;
  s.tops_per_w = s.chip_level.tops_per_w;
  s.output_rel_l2_error =
      errors.ref2 > 0 ? std::sqrt(errors.err2 / errors.ref2) : std::sqrt(errors.err2);
  s.output_max_abs_error = errors.max_abs;
  return s;
}

void add_tile_figures(RunSummary& s, const traces::Recorder& recorder,
                      const std::vector<std::string>& tile_layers) {
  s.tiles.clear();
  const traces::Totals& totals = recorder.totals();
  int index = 0;
  double sum = 0, max = 0;
  for (std::uint32_t c = 0; c < recorder.num_components(); ++c) {
    const traces::ComponentInfo& info = recorder.component(c);
    if (info.category != "tile") continue;
    const int tile = index++;
    if (c >= totals.per_component.size()) continue;
    const auto& pc = totals.per_component[c];
    const bool programmed = pc.energy[traces::EnergyCategory::kProgramming] > 0;
    if (pc.mvms == 0 && !programmed) continue;
    TileFigures f;
    f.tile = tile;
    f.name = info.name;
    if (static_cast<std::size_t>(tile) < tile_layers.size()) f.layer = tile_layers[tile];
    f.mvms = pc.mvms;
    f.mvm_busy_ns = static_cast<double>(pc.mvm_ps) * 1e-3;
    f.utilisation = s.inference_span_ns > 0 ? f.mvm_busy_ns / s.inference_span_ns : 0.0;
    f.energy = pc.energy;
    sum += f.utilisation;
    max = std::max(max, f.utilisation);
    s.tiles.push_back(std::move(f));
  }
  s.tile_utilisation_mean = s.tiles.empty() ? 0.0 : sum / static_cast<double>(s.tiles.size());
  s.tile_utilisation_max = max;
}

namespace {

nlohmann::ordered_json level_json(const EfficiencyLevel& l) {
  return {{"energy_pj", l.energy_pj},   {"power_w", l.power_w},   {"tops", l.tops},
          {"tops_per_w", l.tops_per_w}, {"area_mm2", l.area_mm2}, {"tops_per_mm2", l.tops_per_mm2}};
}

nlohmann::ordered_json energy_json(const traces::EnergyPj& energy) {
  nlohmann::ordered_json e;
  e["total"] = energy.total();
  for (std::size_t c = 0; c < traces::kNumEnergyCategories; ++c) {
    e[std::string(traces::to_string(static_cast<traces::EnergyCategory>(c)))] = energy.pj[c];
  }
  return e;
}

// One line per layer: its share of the sample latency and of the inference energy, and what
// limits it.
std::string layer_table(const RunSummary& s) {
  std::string o =
      fmt::format("  {:<14}{:<8}{:>6}{:>10}{:>13}{:>14}{:>8}  {}\n", "layer", "kind", "tiles",
                  "MVMs", "latency ns", "energy pJ", "util %", "limit (busy %)");
  for (const LayerFigures& l : s.layers) {
    const std::string name = l.name.size() <= 13 ? l.name : l.name.substr(0, 12) + "~";
    o += fmt::format("  {:<14}{:<8}{:>6}{:>10}{:>13.1f}{:>14.6g}{:>8.1f}  {} ({:.1f})\n", name,
                     l.kind, l.tiles, l.mvms, l.latency_ns, l.energy.total(), 100 * l.utilisation,
                     to_string(l.limit), 100 * l.busy[static_cast<std::size_t>(l.limit)]);
  }
  o += fmt::format("  {:<14}{:<8}{:>6}{:>10}{:>13.1f}\n", "(output read)", "", "", "",
                   s.output_read_ns);
  return o;
}

}  // namespace

nlohmann::ordered_json to_json(const RunSummary& s) {
  nlohmann::ordered_json j;
  j["chip"] = s.chip;
  j["seed"] = s.seed;
  j["samples"] = s.samples;
  j["sim_time_ns"] = s.sim_time_ns;
  j["wall_s"] = s.wall_s;
  j["programming_time_ns"] = s.programming_time_ns;
  j["latency_ns"] = {{"first", s.latency_first_ns},
                     {"mean", s.latency_mean_ns},
                     {"p50", s.latency_p50_ns},
                     {"p99", s.latency_p99_ns}};
  j["latency_histogram_ns"] = {{"min", s.latency_histogram.min_ns},
                               {"max", s.latency_histogram.max_ns},
                               {"bin_width", s.latency_histogram.bin_width_ns},
                               {"counts", s.latency_histogram.counts}};
  j["throughput_samples_per_s"] = s.throughput_samples_per_s;
  j["mvms"] = s.mvms;
  j["ops"] = s.ops;
  j["tops"] = s.tops;
  j["tops_per_w"] = s.tops_per_w;
  j["efficiency"] = {{"tile", level_json(s.tile_level)},
                     {"chip", level_json(s.chip_level)},
                     {"system", level_json(s.system_level)}};
  j["programming"] = {{"time_ns", s.programming.time_ns},
                      {"energy_pj", s.programming.energy_pj},
                      {"host_io_energy_pj", s.programming.host_io_energy_pj}};
  j["energy_pj"] = energy_json(s.energy);
  j["output_rel_l2_error"] = s.output_rel_l2_error;
  j["output_max_abs_error"] = s.output_max_abs_error;
  j["inference_time_ns"] = s.inference_span_ns;
  j["tile_utilisation"] = {{"tiles_used", s.tiles.size()},
                           {"mean", s.tile_utilisation_mean},
                           {"max", s.tile_utilisation_max}};
  nlohmann::ordered_json tiles = nlohmann::ordered_json::array();
  for (const TileFigures& t : s.tiles) {
    nlohmann::ordered_json o;
    o["tile"] = t.tile;
    o["name"] = t.name;
    o["layer"] = t.layer;
    o["mvms"] = t.mvms;
    o["mvm_busy_ns"] = t.mvm_busy_ns;
    o["utilisation"] = t.utilisation;
    o["energy_pj"] = energy_json(t.energy);
    tiles.push_back(std::move(o));
  }
  j["tiles"] = std::move(tiles);
  if (!s.layers.empty()) {
    nlohmann::ordered_json layers = nlohmann::ordered_json::array();
    for (const LayerFigures& l : s.layers) {
      nlohmann::ordered_json o;
      o["name"] = l.name;
      o["kind"] = l.kind;
      o["tiles"] = l.tiles;
      o["mvms"] = l.mvms;
      o["ops"] = l.ops;
      o["latency_ns"] = l.latency_ns;
      o["energy_pj"] = energy_json(l.energy);
      o["utilisation"] = l.utilisation;
      nlohmann::ordered_json busy;
      for (std::size_t r = 0; r < kNumLayerResources; ++r)
        busy[to_string(static_cast<LayerResource>(r))] = l.busy[r];
      o["busy"] = std::move(busy);
      o["limit"] = to_string(l.limit);
      layers.push_back(std::move(o));
    }
    j["layers"] = std::move(layers);
    j["output_read_ns"] = s.output_read_ns;
  }
  return j;
}

std::string to_text(const RunSummary& s) {
  std::string o = fmt::format("Kirchhoff run: chip '{}', seed {}\n", s.chip, s.seed);
  auto row = [&](const std::string& name, const std::string& value) {
    o += fmt::format("  {:<26}{}\n", name, value);
  };
  row("samples", fmt::format("{}", s.samples));
  row("simulated time", fmt::format("{:.3f} us", s.sim_time_ns * 1e-3));
  row("programming time", fmt::format("{:.3f} us", s.programming_time_ns * 1e-3));
  row("latency first / mean",
      fmt::format("{:.1f} / {:.1f} ns", s.latency_first_ns, s.latency_mean_ns));
  row("latency p50 / p99", fmt::format("{:.1f} / {:.1f} ns", s.latency_p50_ns, s.latency_p99_ns));
  row("throughput", fmt::format("{:.4g} samples/s", s.throughput_samples_per_s));
  row("MVMs / ops", fmt::format("{} / {}", s.mvms, s.ops));
  row("TOPS / TOPS/W (chip)", fmt::format("{:.4g} / {:.4g}", s.tops, s.tops_per_w));
  // The inference span only; the weight upload is the programming row.
  const std::pair<const char*, const EfficiencyLevel*> levels[] = {
      {"tile", &s.tile_level}, {"chip", &s.chip_level}, {"system", &s.system_level}};
  for (const auto& [name, l] : levels) {
    row(fmt::format("{} level", name),
        fmt::format("{:.6g} pJ, {:.4g} W, {:.4g} TOPS, {:.4g} TOPS/W, {:.4g} TOPS/mm^2",
                    l->energy_pj, l->power_w, l->tops, l->tops_per_w, l->tops_per_mm2));
  }
  row("area tiles / chip",
      fmt::format("{:.4g} / {:.4g} mm^2", s.tile_level.area_mm2, s.chip_level.area_mm2));
  row("programming",
      fmt::format("{:.3f} us, {:.6g} pJ (host I/O {:.6g} pJ)", s.programming.time_ns * 1e-3,
                  s.programming.energy_pj, s.programming.host_io_energy_pj));
  row("energy total", fmt::format("{:.6g} pJ", s.energy.total()));
  for (std::size_t c = 0; c < traces::kNumEnergyCategories; ++c) {
    row("  " + std::string(traces::to_string(static_cast<traces::EnergyCategory>(c))),
        fmt::format("{:.6g} pJ", s.energy.pj[c]));
  }
  row("tiles used / utilisation",
      fmt::format("{} / mean {:.1f} %, max {:.1f} %", s.tiles.size(), 100 * s.tile_utilisation_mean,
                  100 * s.tile_utilisation_max));
  // The tiles with the most energy (all of them when there are few).
  std::vector<const TileFigures*> by_energy;
  for (const TileFigures& t : s.tiles) by_energy.push_back(&t);
  std::stable_sort(by_energy.begin(), by_energy.end(), [](const auto* a, const auto* b) {
    return a->energy.total() > b->energy.total();
  });
  constexpr std::size_t kTilesShown = 8;
  for (std::size_t i = 0; i < by_energy.size() && i < kTilesShown; ++i) {
    const TileFigures& t = *by_energy[i];
    row(fmt::format("  tile {}{}", t.tile, t.layer.empty() ? "" : " (" + t.layer + ")"),
        fmt::format("{:.6g} pJ, {} MVMs, {:.1f} % busy", t.energy.total(), t.mvms,
                    100 * t.utilisation));
  }
  if (by_energy.size() > kTilesShown) {
    row("  ...", fmt::format("{} more in summary.json", by_energy.size() - kTilesShown));
  }
  if (!s.layers.empty()) o += layer_table(s);
  row("output rel. L2 error", fmt::format("{:.3e}", s.output_rel_l2_error));
  row("wall time", fmt::format("{:.3f} s", s.wall_s));
  return o;
}

}  // namespace kirchhoff
