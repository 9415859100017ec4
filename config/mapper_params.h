// Settings of the compiler's mapper that a chip configuration carries (key section `mapper`).
#pragma once

#include <string>
#include <vector>

namespace kirchhoff::config {

// auto: the mapper drops every all-zero row and column of a layer's weight matrix and packs the
// rest into fewer tiles (compiler/sparsity.h); off: every weight is placed (dense mapping).
enum class SparsityMode { kAuto, kOff };

// Which weight layers go to digital tiles on a chip that has them (compiler/layer_placement.h).
// list: the layers named in digital_layers; first_last: the first and the last weight layer;
// sensitivity: the layers that lose the most accuracy when analog (layer_errors), most
// sensitive first, while the digital tiles (digital_tile_budget) last.
enum class PlacementRule { kList, kFirstLast, kSensitivity };

struct MapperParams {
  SparsityMode sparsity = SparsityMode::kAuto;
  PlacementRule placement = PlacementRule::kList;
  std::vector<std::string> digital_layers;
  // Per mapped weight layer in graph order: the relative L2 error of its output on an all-analog
  // run (summary.json layer_rel_l2_error); sensitivity ranks layers by the error each adds.
  std::vector<double> layer_errors;
  int digital_tile_budget = 0;  // digital tiles the sensitivity rule may use; 0: all of them
};

}  // namespace kirchhoff::config
