// --labels files (app::read_labels): a float32 label must be an integer class of the model an int
// can hold; anything else is a WorkloadError naming the file and the label, never a conversion the
// C++ standard leaves undefined (found by fuzz/fuzz_npy).
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <limits>

#include "app/workload_inputs.h"
#include "tests/common/thrown_message.h"
#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace kirchhoff::app {
namespace {

std::string labels_file(const std::string& name, const std::vector<float>& labels) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kirchhoff_labels_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  write_npy(path, {static_cast<std::int64_t>(labels.size())}, labels);
  return path;
}

std::string error_of(const std::string& path, std::size_t samples, std::int64_t classes) {
  return kirchhoff::test::thrown_message<WorkloadError>(
      [&] { read_labels(path, samples, classes); }, "no error");
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ReadLabels, FloatLabelsThatAreIntegersAreClasses) {
  const std::string p = labels_file("ok.npy", {0, 7, 9});
  EXPECT_EQ(read_labels(p, 3, 10), (std::vector<int>{0, 7, 9}));
  // A model output wider than an int can hold: classes are still ints.
  const std::string wide = labels_file("wide.npy", {2147483520.0f});
  EXPECT_EQ(read_labels(wide, 1, 4000000000LL), (std::vector<int>{2147483520}));
}

TEST(ReadLabels, LabelsNoIntHoldsAreErrors) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::string big = labels_file("big.npy", {1, 3e9f});
  const std::string e_big = error_of(big, 2, 4000000000LL);
  EXPECT_TRUE(has(e_big, big + ": label 1 (byte offset 132) is " + std::to_string(3e9)));
  EXPECT_TRUE(has(e_big, "; allowed: an integer class in [0, 2147483647)")) << e_big;
  const std::string p_inf = labels_file("inf.npy", {inf});
  EXPECT_TRUE(
      has(error_of(p_inf, 1, 10), p_inf + ": label 0 (byte offset 128) is inf, not an integer"));
  const std::string p_nan = labels_file("nan.npy", {nan});
  EXPECT_TRUE(
      has(error_of(p_nan, 1, 10), ", not an integer; allowed: an integer class in [0, 10)"));
  const std::string neg = labels_file("neg.npy", {-1});
  EXPECT_EQ(error_of(neg, 1, 10),
            neg +
                ": label 0 (byte offset 128) is -1.000000; allowed: an "
                "integer class in [0, 10) (the model's output has 10 values)");
}

TEST(ReadInputs, AModelInputOfNoValuesIsAnErrorNotAHugeAllocation) {
  // 2^32 samples of 0 values each: the file is valid, but the model input holds nothing, so
  // there is nothing to stream (found by fuzz_npy: 2^32 empty vectors, 96 GiB of headers).
  const auto dir =
      std::filesystem::temp_directory_path() / ("kirchhoff_inputs_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "empty_samples.npy").string();
  write_npy(path, {4294967296LL, 0}, std::vector<float>{});
  WorkloadGraph g;
  g.name = "empty";
  g.input_name = "x";
  g.input_shape = {1, 0};
  try {
    read_inputs(path, g, 1.0 / 255);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_EQ(std::string(e.what()), path +
                                         ": the model's input [1, 0] holds no values; allowed: "
                                         "a model input of at least one value");
  }
}

}  // namespace
}  // namespace kirchhoff::app
