// Native YAML workloads whose sizes or weights used to pass: a random weight matrix too large
// for the IR's int sizes (it was allocated, or its count wrapped), NaN weights from a .npy, an
// input dimension beyond an int. Each is a WorkloadError naming file:line:column.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "tests/workloads/workload_test_files.h"
#include "workloads/native_workload.h"
#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

namespace fs = std::filesystem;

std::string dir() {
  return test::workload_dir();
}
std::string write(const std::string& name, const std::string& text) {
  return test::write_workload_file(name, text);
}
std::string error_of(const std::string& path) {
  return test::workload_error_of([&] { load_workload(path); });
}

TEST(NativeBad, RandomWeightsBeyondTheIrSizesAreAnErrorNotAnAllocation) {
  const std::string p = write("huge.yaml", R"(input: {shape: [1, 784]}
layers:
  - {name: fc, op: dense, out: 2000000000}
)");
  EXPECT_EQ(error_of(p), p + ":3:5: 784 x 2000000000 = 1568000000000 weights; allowed: at most " +
                             std::to_string(std::numeric_limits<int>::max()) + " per layer");
}

TEST(NativeBad, NanWeightsFromANpyAreRejected) {
  std::vector<float> w(4 * 2, 0.5f);
  w[5] = std::numeric_limits<float>::quiet_NaN();
  write_npy(dir() + "/w_nan.npy", {4, 2}, w);
  const std::string p = write("nan.yaml", R"(input: {shape: [1, 4]}
layers:
  - {name: fc, op: dense, out: 2, weights: w_nan.npy}
)");
  const std::string e = error_of(p);
  EXPECT_NE(e.find(p + ":3:44: " + dir() +
                   "/w_nan.npy: element 5 is NaN; allowed: finite "
                   "float32 values"),
            std::string::npos)
      << e;
}

TEST(NativeBad, AnInputDimensionBeyondAnIntIsRejected) {
  const std::string p = write("wide.yaml", R"(input: {shape: [1, 3000000000]}
layers:
  - {name: fc, op: dense, out: 2}
)");
  EXPECT_EQ(error_of(p), p + ":3:5: dense input features is 3000000000; allowed: integer in [1, "
                             "2147483647]");
}

TEST(NativeBad, ADirectoryIsNotAWorkload) {
  const std::string d = dir() + "/w.yaml";
  fs::create_directories(d);
  EXPECT_EQ(error_of(d), d + ": is a directory; expected a workload file (.onnx, .yaml)");
}

}  // namespace
}  // namespace kirchhoff
