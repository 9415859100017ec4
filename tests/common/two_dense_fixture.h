// The calibration passes' test network and chip (tests/compiler/input_ranges_test.cpp,
// output_ranges_test.cpp): fc1 (2 x 2, W = diag(2, 3)) -> relu1 -> fc2 (2 x 1, ones), fc2
// reading relu1's output, on a chip of two 4 x 4 tiles, and the two calibration samples.
#pragma once

#include <vector>

#include "config/chip_config.h"
#include "tests/common/graph_builders.h"

namespace kirchhoff::test {

inline WorkloadGraph two_dense() {
  return flat_graph("two", 2,
                    {dense_layer("fc1", Layer::kGraphInput, 2, 2, {2.0f, 0.0f, 0.0f, 3.0f}),
                     relu_layer("relu1", 0, 2), dense_layer("fc2", 1, 2, 1, {1.0f, 1.0f})});
}

// Two 4 x 4 tiles on a 2 x 2 mesh, no global DPU, one host port.
inline config::ChipConfig small_chip() {
  config::ChipConfig c;
  c.tile.rows = 4;
  c.tile.cols = 4;
  c.chip.tiles = 2;
  c.chip.mesh_cols = 2;
  c.chip.mesh_rows = 2;
  c.chip.global_dpus = 0;
  c.host.ports = 1;
  return c;
}

// Samples (1, -1) and (0.5, 2): fc1 sees |x| in {1, 1, 0.5, 2}; relu1 gives (2, 0) and (1, 6).
inline const std::vector<std::vector<float>> kTwoDenseSamples = {{1.0f, -1.0f}, {0.5f, 2.0f}};

}  // namespace kirchhoff::test
