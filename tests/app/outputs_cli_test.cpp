// `kirchhoff run --outputs`: DIR/outputs.npy and DIR/reference_outputs.npy hold the chip's and
// the float reference's network output per sample; their error is the summary's; a run that is
// interrupted leaves neither (nor a .partial file).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/common/cli_runner.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/common/temp_dir.h"
#include "workloads/npy.h"
#include "workloads/reference_model.h"

namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / ("kh_outputs_cli_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(OutputsCli, MlpOutputFilesHoldEverySampleAndTheSummarysError) {
  const fs::path dir = fresh_dir("mlp");
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const fs::path out = dir / "out";
  const kirchhoff::test::CliResult r = kirchhoff::test::run_cli(
      "run " + src + "/configs/chips/hermes64.yaml --set chip.tiles=60 --set " +
      "chip.global_dpus=4 --workload " + src + "/tests/data/mlp.onnx --inputs " + src +
      "/tests/data/fmnist_inputs.npy --samples 5 --outputs --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("outputs.npy, reference_outputs.npy"), std::string::npos) << r.output;
  kirchhoff::Shape chip_shape, ref_shape;
  const std::vector<float> chip =
      kirchhoff::read_npy_f32((out / "outputs.npy").string(), nullptr, &chip_shape);
  const std::vector<float> ref =
      kirchhoff::read_npy_f32((out / "reference_outputs.npy").string(), nullptr, &ref_shape);
  EXPECT_EQ(chip_shape, (kirchhoff::Shape{5, 1, 10}));
  EXPECT_EQ(ref_shape, chip_shape);
  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  const double err = summary["output_rel_l2_error"];
  EXPECT_GT(err, 0.0);
  EXPECT_NEAR(kirchhoff::relative_l2_error(chip, ref), err, 1e-12 * err);
  EXPECT_FALSE(fs::exists(out / "outputs.npy.partial"));
  fs::remove_all(dir);
}

TEST(OutputsCli, InterruptedRunLeavesNoOutputsNpy) {
  const fs::path dir = fresh_dir("interrupted");
  const fs::path out = dir / "out";
  const fs::path log = dir / "log.txt";
  const pid_t pid =
      kirchhoff::test::start_cli({"run", "--workload", "dense", "--set", "workload.samples=100000",
                                  "--events", "--outputs", "--out", out.string()},
                                 log.string());
  ASSERT_GE(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool running = false;
  while (!running && std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    running = fs::exists(out / "outputs.npy.partial", ec) &&
              fs::file_size(out / "events.csv.partial", ec) >= 1'000'000 && !ec;
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(running) << "the run did not start: " << slurp(log);
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << slurp(log);
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT) << slurp(log);
  EXPECT_FALSE(fs::exists(out / "outputs.npy"));
  EXPECT_FALSE(fs::exists(out / "outputs.npy.partial"));
  EXPECT_FALSE(fs::exists(out));  // nothing of the run is left
  fs::remove_all(dir);
}

}  // namespace
