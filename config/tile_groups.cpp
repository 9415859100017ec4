#include "config/tile_groups.h"

#include <yaml-cpp/yaml.h>

#include "config/schema.h"

namespace kirchhoff::config {

void resolve_tile_groups(ChipConfig& cfg, const std::string& source) {
  auto& groups = cfg.chip.tile_groups;
  if (groups.empty()) return;
  const Schema& schema = chip_schema();
  int total = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    TileGroup& g = groups[i];
    const std::string gp = "chip.tile_groups[" + std::to_string(i) + "]";
    ChipConfig copy = cfg;
    copy.tile.kind = g.kind;
    for (const TileGroupSetting& s : g.settings) {
      const std::string path = "tile." + s.path;
      const Field* f = schema.find(path);
      if (f == nullptr || path == "tile.kind") {
        throw ConfigError(s.where, gp + ".tile: unknown key '" + s.path +
                                       "'; allowed: a key of tile other than kind, e.g. "
                                       "digital.weight_format (kirchhoff config --schema)");
      }
      f->set(copy, YAML::Load(s.value_yaml), s.where);
    }
    if (copy.tile.rows != cfg.tile.rows || copy.tile.cols != cfg.tile.cols) {
      throw ConfigError(g.where, gp + ": tiles of " + std::to_string(copy.tile.rows) + " x " +
                                     std::to_string(copy.tile.cols) +
                                     " differ from tile.rows x "
                                     "tile.cols (" +
                                     std::to_string(cfg.tile.rows) + " x " +
                                     std::to_string(cfg.tile.cols) +
                                     "); allowed: every group with the chip's tile size");
    }
    g.tile = copy.tile;
    total += g.count;
  }
  if (total != cfg.chip.tiles) {
    throw ConfigError(Location{source}, "chip.tile_groups: the groups' counts add up to " +
                                            std::to_string(total) + " tiles, chip.tiles is " +
                                            std::to_string(cfg.chip.tiles) +
                                            "; allowed: counts that add up to chip.tiles");
  }
}

const TileParams& tile_params_of(const ChipConfig& cfg, int tile) {
  int first = 0;
  for (const TileGroup& g : cfg.chip.tile_groups) {
    if (tile < first + g.count) return g.tile;
    first += g.count;
  }
  return cfg.tile;
}

std::vector<int> tiles_of_kind(const ChipConfig& cfg, TileKind kind) {
  std::vector<int> out;
  for (int i = 0; i < cfg.chip.tiles; ++i) {
    if (tile_params_of(cfg, i).kind == kind) out.push_back(i);
  }
  return out;
}

}  // namespace kirchhoff::config
