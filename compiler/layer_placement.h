// Per weight layer: analog or digital tiles (config/mapper_params.h, mapper.placement).
//   list:        the layers named in mapper.digital_layers (or MapperOptions::digital_layers,
//                the CLI's --digital-layers, which replaces it);
//   first_last:  the first and the last weight layer in graph order (as many chips keep them
//                in higher precision);
//   sensitivity: mapper.layer_errors holds, per weight layer, the relative L2 error of its
//                output on an all-analog run (summary.json layer_rel_l2_error; `kirchhoff run`
//                measures it when the list is not given: app/sensitivity_calibration.h); the error
//                a layer adds is its error minus the largest error of the layers feeding it (0 for
//                the host input). Layers are taken most-adding first and made digital while their
//                tiles fit in mapper.digital_tile_budget (0: every digital tile of the chip); a
//                layer that does not fit is skipped and the next one tried.
// A chip whose tiles are all digital maps every layer digital; one without digital tiles maps
// every layer analog (and refuses a non-empty digital list).
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"
#include "models/digital_tile_params.h"

namespace kirchhoff {

struct PlacementLayer {
  std::string name;
  int tiles = 0;             // tiles the layer needs (blocks x replicas)
  std::vector<int> sources;  // indices of the weight layers feeding it (-1: the host input)
};

// `workload` names the workload in messages; throws WorkloadError for a name that is not a
// weight layer, a wrong number of layer_errors, or digital layers on a chip without digital
// tiles.
std::vector<TileKind> place_layers(const std::string& workload,
                                   const std::vector<PlacementLayer>& layers,
                                   const config::ChipConfig& cfg,
                                   const std::vector<std::string>& cli_digital_layers);

}  // namespace kirchhoff
