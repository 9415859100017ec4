// `kirchhoff run` without CONFIG and --workload runs the built-in demo (app/builtin_demo.h): the
// shipped Fashion-MNIST CNN on the first 256 shipped test images, with their labels, on the
// compiled-in demo chip. Its float reference classifies 233 of those 256 images correctly (the
// shipped model, data/fmnist/README.md); the chip's top-1 is a PCM run with a fixed seed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kirchhoff::test::run_cli;

nlohmann::json summary(const fs::path& dir) {
  return kirchhoff::test::read_summary(dir);
}

fs::path out_dir(const std::string& name) {
  const fs::path d = kirchhoff::test::process_temp_dir() / ("kh_demo_" + name);
  fs::remove_all(d);
  return d;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DemoCli, RunWithoutArgumentsClassifiesTheShippedImages) {
  const fs::path out = out_dir("default");
  const auto r = run_cli("run --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = summary(out);
  EXPECT_EQ(j["workload"], "cnn");
  EXPECT_EQ(j["samples"], 256);
  EXPECT_DOUBLE_EQ(j["top1_reference"].get<double>(), 233.0 / 256.0);
  // PCM programming and read noise cost a few points; a broken chip path costs far more.
  EXPECT_GT(j["top1_chip"].get<double>(), 0.80);
  EXPECT_LE(j["top1_chip"].get<double>(), j["top1_reference"].get<double>() + 0.02);
  EXPECT_TRUE(has(r.output, "top-1 chip / reference")) << r.output;
  EXPECT_TRUE(has(r.output, "rel. L2 error fc2")) << r.output;
  EXPECT_TRUE(fs::exists(out / "config.resolved.yaml"));
  fs::remove_all(out);
}

TEST(DemoCli, AConfigWithoutWorkloadRunsTheDemoNetworkOnThatChip) {
  const fs::path out = out_dir("chip");
  const auto r = run_cli("run " + std::string(KIRCHHOFF_SOURCE_DIR) +
                         "/configs/chips/hermes64.yaml --set tile.device.type=ideal "
                         "--samples 8 --out " +
                         out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = summary(out);
  EXPECT_EQ(j["workload"], "cnn");
  EXPECT_EQ(j["samples"], 8);
  fs::remove_all(out);
}

TEST(DemoCli, MoreSamplesThanShippedNeedRepeat) {
  const fs::path out = out_dir("many");
  const auto r = run_cli("run --samples 1001 --out " + out.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "built-in data/fmnist/test_images_u8.npy")) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DemoCli, OptionsThatNeedAWorkloadFileAreRefused) {
  const auto inputs = run_cli("run --inputs x.npy --out " + out_dir("i").string());
  EXPECT_EQ(inputs.code, 2);
  EXPECT_TRUE(has(inputs.output,
                  "run: --inputs needs --workload FILE (the built-in demo brings "
                  "its own inputs)"))
      << inputs.output;
  const auto labels = run_cli("run --labels y.npy --out " + out_dir("l").string());
  EXPECT_EQ(labels.code, 2);
  EXPECT_TRUE(has(labels.output, "run: --labels needs --workload FILE and --inputs"))
      << labels.output;
  const auto file = run_cli("run --workload " + std::string(KIRCHHOFF_SOURCE_DIR) +
                            "/data/fmnist/cnn.onnx --out " + out_dir("f").string());
  EXPECT_EQ(file.code, 2);
  EXPECT_TRUE(has(file.output, "cnn.onnx needs --inputs X.npy")) << file.output;
}

TEST(DemoCli, WorkloadKeysNeedTheDenseWorkload) {
  const fs::path out = out_dir("keys");
  const auto r = run_cli("run --set workload.samples=8 --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.output,
                  "run --set workload.samples=8: the workload.* keys configure the synthetic "
                  "workload; allowed with --workload dense"))
      << r.output;
  EXPECT_FALSE(fs::exists(out));
  const auto dense = run_cli("run --workload dense --set workload.samples=8 --out " + out.string());
  ASSERT_EQ(dense.code, 0) << dense.output;
  EXPECT_EQ(summary(out)["workload"], "default");
  EXPECT_EQ(summary(out)["samples"], 8);
  fs::remove_all(out);
}

}  // namespace
