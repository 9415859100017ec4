#include "app/tile_groups_info.h"

#include <fmt/format.h>

#include "config/chip_area.h"
#include "host/peak_figures.h"
#include "models/digital_mvm.h"

namespace kirchhoff::app {
namespace {

struct GroupPeak {
  double tops = 0, power_w = 0, area_mm2 = 0;
};

GroupPeak peak_of(const config::ChipConfig& cfg, const TileParams& t, int count) {
  GroupPeak g;
  g.area_mm2 = count * tile_area(t, cfg.area).total_mm2();
  if (t.kind == TileKind::kDigital) {
    const TileCost c = digital_mvm_cost(t.digital, t.rows, t.cols, 0);
    const double mw = c.energy.total_pj() / c.interval_ns + t.digital.static_power_mW;  // pJ/ns
    g.tops = count * digital_peak_tops(t.digital, t.rows, t.cols);
    g.power_w = count * mw * 1e-3;
    return g;
  }
  config::ChipConfig one = cfg;
  one.tile = t;
  one.chip.tile_groups.clear();
  const PeakFigures p = peak_figures(one);
  g.tops = count * p.tile.tops;
  g.power_w = count * p.tile.power_w;
  return g;
}

std::string line(const std::string& what, const TileParams& t, int first, int count,
                 const GroupPeak& p) {
  const std::string format =
      t.kind == TileKind::kDigital ? to_string(t.digital.weight_format) : "analog";
  return fmt::format("  {:<10} {:>5} {:>11} {:>8} {:>10.4g} {:>10.4g} {:>10.4g}\n", what, count,
                     fmt::format("{}-{}", first, first + count - 1), format, p.tops,
                     p.power_w > 0 ? p.tops / p.power_w : 0.0, p.area_mm2);
}

}  // namespace

std::string tile_groups_text(const config::ChipConfig& cfg) {
  if (cfg.chip.tile_groups.empty() && cfg.tile.kind == TileKind::kAnalog) return "";
  std::string s =
      "\nTile groups (peak: every tile of the group busy with full MVMs; tile + its static "
      "power, no DPU or network):\n";
  s += fmt::format("  {:<10} {:>5} {:>11} {:>8} {:>10} {:>10} {:>10}\n", "kind", "tiles", "ids",
                   "format", "peak TOPS", "TOPS/W", "area mm^2");
  if (cfg.chip.tile_groups.empty()) {
    s += line(to_string(cfg.tile.kind), cfg.tile, 0, cfg.chip.tiles,
              peak_of(cfg, cfg.tile, cfg.chip.tiles));
    return s;
  }
  int first = 0;
  for (const auto& g : cfg.chip.tile_groups) {
    s += line(to_string(g.kind), g.tile, first, g.count, peak_of(cfg, g.tile, g.count));
    first += g.count;
  }
  return s;
}

}  // namespace kirchhoff::app
