// The built-in demo of `kirchhoff run` without CONFIG or --workload: the shipped Fashion-MNIST
// CNN (data/fmnist/cnn.onnx) on the hermes64 preset (configs/chips/hermes64.yaml), streaming the
// first kDemoSamples of the shipped test images with their labels. The files are compiled into
// the program (cmake/KirchhoffEmbed.cmake), so the demo runs from any directory and an installed
// binary needs no data files.
#pragma once

#include <string>

namespace kirchhoff::app {

// One compiled-in file: the name messages give it ("built-in data/fmnist/cnn.onnx") and its bytes.
struct BuiltinFile {
  std::string name;
  std::string bytes;
};

inline constexpr int kDemoSamples = 256;  // of the 1,000 shipped test images

BuiltinFile demo_chip_config();  // YAML text
BuiltinFile demo_network();      // ONNX
BuiltinFile demo_images();       // .npy, uint8 [1000, 28, 28]
BuiltinFile demo_labels();       // .npy, int64 [1000]

}  // namespace kirchhoff::app
