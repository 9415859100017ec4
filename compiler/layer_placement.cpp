#include "compiler/layer_placement.h"

#include <algorithm>
#include <numeric>

#include "config/tile_groups.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

std::string names_of(const std::vector<PlacementLayer>& layers) {
  std::string s;
  for (const auto& l : layers) s += (s.empty() ? "" : ", ") + l.name;
  return s;
}

}  // namespace

std::vector<TileKind> place_layers(const std::string& workload,
                                   const std::vector<PlacementLayer>& layers,
                                   const config::ChipConfig& cfg,
                                   const std::vector<std::string>& cli_digital_layers) {
  auto fail = [&](const std::string& what) { throw WorkloadError(workload + ": " + what); };
  const int digital = static_cast<int>(config::tiles_of_kind(cfg, TileKind::kDigital).size());
  const int analog = cfg.chip.tiles - digital;
  const std::size_t n = layers.size();
  const std::vector<std::string>& list =
      cli_digital_layers.empty() ? cfg.mapper.digital_layers : cli_digital_layers;
  const bool by_list =
      !cli_digital_layers.empty() || cfg.mapper.placement == config::PlacementRule::kList;
  if (digital == 0) {
    if (by_list && !list.empty()) {
      fail("digital layers " +
           [&] {
             std::string s;
             for (const auto& l : list) s += (s.empty() ? "" : ", ") + l;
             return s;
           }() +
           " requested, but the chip has no digital tiles; allowed: a chip with digital tiles "
           "(chip.tile_groups with kind: digital, or tile.kind: digital)");
    }
    return std::vector<TileKind>(n, TileKind::kAnalog);
  }
  if (analog == 0) return std::vector<TileKind>(n, TileKind::kDigital);

  std::vector<TileKind> kinds(n, TileKind::kAnalog);
  if (by_list) {
    for (const std::string& name : list) {
      auto it = std::find_if(layers.begin(), layers.end(),
                             [&](const PlacementLayer& l) { return l.name == name; });
      if (it == layers.end()) {
        fail("digital layer '" + name +
             "' is not a Dense, Conv2d or LSTM layer of the workload; allowed: one of " +
             names_of(layers));
      }
      kinds[static_cast<std::size_t>(it - layers.begin())] = TileKind::kDigital;
    }
    return kinds;
  }
  if (cfg.mapper.placement == config::PlacementRule::kFirstLast) {
    kinds.front() = TileKind::kDigital;
    kinds.back() = TileKind::kDigital;
    return kinds;
  }
  // Sensitivity.
  const auto& e = cfg.mapper.layer_errors;
  if (e.size() != n) {
    fail(
        "mapper.placement sensitivity needs mapper.layer_errors with one error per weight "
        "layer (" +
        std::to_string(n) + ": " + names_of(layers) + "), got " + std::to_string(e.size()) +
        "; allowed: the layer_rel_l2_error list of an all-analog run's summary.json");
  }
  std::vector<double> added(n);
  for (std::size_t k = 0; k < n; ++k) {
    double in = 0.0;
    for (int s : layers[k].sources) {
      if (s >= 0) in = std::max(in, e[static_cast<std::size_t>(s)]);
    }
    added[k] = e[k] - in;
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return added[a] > added[b]; });
  const int budget = cfg.mapper.digital_tile_budget > 0
                         ? std::min(cfg.mapper.digital_tile_budget, digital)
                         : digital;
  int used = 0;
  for (std::size_t k : order) {
    if (used + layers[k].tiles <= budget) {
      kinds[k] = TileKind::kDigital;
      used += layers[k].tiles;
    }
  }
  return kinds;
}

}  // namespace kirchhoff
