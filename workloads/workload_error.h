// A workload the user got wrong: an ONNX or native YAML file that cannot be read, an operator
// Kirchhoff does not support, a shape mismatch, a bad .npy file, or a network that does not
// fit the chip. The message names the file, the place (node name and index, or line), what was
// wrong and what is allowed. Derived from std::invalid_argument so the CLI exits with 2.
#pragma once

#include <stdexcept>
#include <string>

namespace kirchhoff {

class WorkloadError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace kirchhoff
