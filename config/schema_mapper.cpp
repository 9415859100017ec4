// Keys of the compiler's mapper (config/mapper_params.h).
#include "config/schema.h"

namespace kirchhoff::config {

void register_mapper_fields(Schema& s) {
  s.add_enum<SparsityMode>(
      "mapper.sparsity",
      "auto: drop the all-zero rows and columns of every weight layer and pack the remaining "
      "weights into fewer tiles (the host gathers the kept inputs and scatters the kept outputs; "
      "pruned channels, rows and row-shared N:M patterns save tiles); off: map every weight",
      {{"auto", SparsityMode::kAuto}, {"off", SparsityMode::kOff}},
      [](ChipConfig& c) -> SparsityMode& { return c.mapper.sparsity; });
}

}  // namespace kirchhoff::config
