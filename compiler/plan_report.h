// Human- and machine-readable forms of a MappingPlan: a text table per layer (blocks, tiles,
// row/column/cell utilisation) with totals, and JSON with every tile's route and every
// reduction site (for `kirchhoff map CONFIG --workload W [--json]`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "compiler/mapper.h"

namespace kirchhoff {

std::string plan_text(const MappingPlan& plan);
nlohmann::ordered_json plan_json(const MappingPlan& plan);

}  // namespace kirchhoff
