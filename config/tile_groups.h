// Resolving and querying the tile groups of a hybrid chip (config/tile_group.h).
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"

namespace kirchhoff::config {

// Applies each group's `tile:` keys on top of cfg.tile (tile.kind = the group's kind) into
// group.tile, and checks the groups: counts add up to chip.tiles, every key is a tile key,
// every group has tile.rows x tile.cols (the mapper cuts layers into blocks of one size).
// Throws ConfigError naming the group and key. No groups: nothing to do.
void resolve_tile_groups(ChipConfig& cfg, const std::string& source);

// The parameters of tile i (its group's, or cfg.tile without groups).
const TileParams& tile_params_of(const ChipConfig& cfg, int tile);
// Tile indices of each kind, ascending.
std::vector<int> tiles_of_kind(const ChipConfig& cfg, TileKind kind);

}  // namespace kirchhoff::config
