// Fashion-MNIST images as the CNN tests feed them to a run.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "workloads/npy.h"

namespace kirchhoff::test {

// The first `n` images (all 32 when n < 0) of the test data's Fashion-MNIST sample
// (tests/data/fmnist_u8.npy, uint8 [32, 28, 28]) as 784 floats each in [0, 1] (u8 / 255.0f).
inline std::vector<std::vector<float>> fmnist_images(int n = -1) {
  const NpyArray u8 = read_npy(std::string(KIRCHHOFF_TEST_DATA_DIR) + "/fmnist_u8.npy");
  const int count = n < 0 ? static_cast<int>(u8.shape.at(0)) : n;
  std::vector<std::vector<float>> inputs;
  for (int s = 0; s < count; ++s) {
    std::vector<float> x(784);
    for (std::size_t i = 0; i < 784; ++i)
      x[i] = u8.u8[static_cast<std::size_t>(s) * 784 + i] / 255.0f;
    inputs.push_back(std::move(x));
  }
  return inputs;
}

}  // namespace kirchhoff::test
