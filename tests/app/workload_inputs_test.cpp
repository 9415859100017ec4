// --labels files (app::read_labels): a float32 label must be a non-negative integer an int can
// hold; anything else is a WorkloadError naming the file and the label, never a conversion the
// C++ standard leaves undefined (found by fuzz/fuzz_npy).
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <limits>

#include "app/workload_inputs.h"
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

std::string error_of(const std::string& path, std::size_t samples) {
  try {
    read_labels(path, samples);
  } catch (const WorkloadError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadLabels, FloatLabelsThatAreIntegersAreClasses) {
  const std::string p = labels_file("ok.npy", {0, 7, 2147483520.0f});
  EXPECT_EQ(read_labels(p, 3), (std::vector<int>{0, 7, 2147483520}));
}

TEST(ReadLabels, LabelsNoIntHoldsAreErrors) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::string big = labels_file("big.npy", {1, 3e9f});
  EXPECT_EQ(error_of(big, 2), big + ": label 1 is " + std::to_string(3e9f) +
                                  "; allowed: non-negative integer classes");
  const std::string edge = labels_file("edge.npy", {2147483648.0f});
  EXPECT_NE(error_of(edge, 1).find(edge + ": label 0 is 2147483648"), std::string::npos);
  const std::string p_inf = labels_file("inf.npy", {inf});
  EXPECT_EQ(error_of(p_inf, 1), p_inf + ": label 0 is inf; allowed: non-negative integer classes");
  const std::string p_nan = labels_file("nan.npy", {nan});
  EXPECT_NE(error_of(p_nan, 1).find(p_nan + ": label 0 is "), std::string::npos);
  const std::string neg = labels_file("neg.npy", {-1});
  EXPECT_EQ(error_of(neg, 1),
            neg + ": label 0 is -1.000000; allowed: non-negative integer classes");
}

}  // namespace
}  // namespace kirchhoff::app
