// Tile groups of a hybrid chip (key chip.tile_groups): the chip's tiles in index order, a run of
// `count` tiles per group, each group of one kind (analog or digital) with its own parameters:
// the chip's `tile:` section with the group's `tile:` keys applied on top (tile.kind = the
// group's kind). Without groups every tile is the `tile:` section (single-kind chips unchanged).
#pragma once

#include <string>
#include <vector>

#include "config/config_error.h"
#include "models/tile_params.h"

namespace kirchhoff::config {

// One key of a group's `tile:` map as written: its dotted path under tile ("digital.clock_ghz"),
// its value as YAML text and where it was written (for messages).
struct TileGroupSetting {
  std::string path;
  std::string value_yaml;
  Location where;
};

struct TileGroup {
  TileKind kind = TileKind::kAnalog;
  int count = 0;
  std::vector<TileGroupSetting> settings;
  Location where;   // the group's entry in the file
  TileParams tile;  // resolved by resolve_tile_groups (config/tile_groups.h)
};

}  // namespace kirchhoff::config
