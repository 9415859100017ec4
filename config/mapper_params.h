// Settings of the compiler's mapper that a chip configuration carries (key section `mapper`).
#pragma once

namespace kirchhoff::config {

// auto: the mapper drops every all-zero row and column of a layer's weight matrix and packs the
// rest into fewer tiles (compiler/sparsity.h); off: every weight is placed (dense mapping).
enum class SparsityMode { kAuto, kOff };

struct MapperParams {
  SparsityMode sparsity = SparsityMode::kAuto;
};

}  // namespace kirchhoff::config
