// What sparsity-aware mapping (compiler/sparsity.h) saved, per mapped layer and in total: the
// rows and columns kept, the tiles a dense mapping would use, the tiles used, the tiles saved
// and the weight utilisation (non-zero weights / cells of the tiles) of the dense and the
// packed mapping. Part of `kirchhoff map` (text and JSON, compiler/plan_report.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "compiler/mapper.h"

namespace kirchhoff {

// Tiles of a dense mapping (every layer's dense_blocks x replicas).
int dense_tiles(const MappingPlan& plan);

// A table per layer and a total line; empty when no layer dropped a row or column.
std::string sparsity_text(const MappingPlan& plan);

// {"dense_tiles", "tiles_used", "tiles_saved", "dense_weight_utilisation",
//  "weight_utilisation", "layers": [{"name", "kept_rows", "rows", "kept_cols", "cols",
//  "dense_tiles", "tiles", "tiles_saved", "nonzero_weights", "dense_weight_utilisation",
//  "weight_utilisation"}, ...]}; a weight utilisation is the fraction of the tiles' cells
// (dense mapping: dense_tiles, packed: tiles) that hold a non-zero weight, over all replicas.
nlohmann::ordered_json sparsity_json(const MappingPlan& plan);

}  // namespace kirchhoff
