// Fashion-MNIST images as the CNN and trained-network tests feed them to a run.
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

// The first `n` images of the trained networks' test set (data/fmnist/test_images_u8.npy,
// uint8 [N, 28, 28]) scaled as `kirchhoff run` scales uint8 inputs (pixel x (1 / 255) in
// double, then float), with their labels (test_labels_u8.npy).
struct LabelledImages {
  std::vector<std::vector<float>> inputs;
  std::vector<int> labels;
};

inline LabelledImages fmnist_test_set(int n) {
  const std::string dir = std::string(KIRCHHOFF_SOURCE_DIR) + "/data/fmnist";
  const NpyArray img = read_npy(dir + "/test_images_u8.npy");
  const NpyArray lab = read_npy(dir + "/test_labels_u8.npy");
  LabelledImages set;
  for (std::size_t s = 0; s < static_cast<std::size_t>(n); ++s) {
    std::vector<float> x(784);
    for (std::size_t i = 0; i < 784; ++i)
      x[i] = static_cast<float>(img.u8.at(s * 784 + i) * (1.0 / 255.0));
    set.inputs.push_back(std::move(x));
  }
  set.labels.assign(lab.u8.begin(), lab.u8.begin() + n);
  return set;
}

}  // namespace kirchhoff::test
