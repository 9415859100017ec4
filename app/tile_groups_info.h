// `kirchhoff info` on a chip with digital tiles or tile groups: one line per group (kind, count,
// tile indices, format), its peak TOPS, TOPS/W and area, from the same cost functions as a run
// (analog: host/peak_figures.h; digital: models/digital_mvm.h).
#pragma once

#include <string>

#include "config/chip_config.h"

namespace kirchhoff::app {

// Empty for a single-kind analog chip.
std::string tile_groups_text(const config::ChipConfig& cfg);

}  // namespace kirchhoff::app
