// `kirchhoff map` and `kirchhoff run` with --conv-packing (compiler/conv_packing.h): the plan
// shows the kernel copies per crossbar and the MVMs per sample, and a bad value is refused with
// exit code 2 before anything runs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/common/cli_runner.h"

namespace {

const std::string kCnn = std::string(KIRCHHOFF_SOURCE_DIR) + "/data/fmnist/cnn.onnx";
const std::string kChip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";

nlohmann::json plan_layer(const std::string& extra, int layer) {
  const auto r =
      kirchhoff::test::run_cli("map " + kChip + " --workload " + kCnn + " --json" + extra);
  EXPECT_EQ(r.code, 0) << r.output;
  return nlohmann::json::parse(r.output)["layers"][layer];
}

TEST(ConvPackingCli, MapPacksOnRequestAndShowsPackingPerLayer) {
  // conv1: 9 x 8 kernel matrix, 28 copies in 256 x 256; its 784 pixels take 28 MVMs.
  const nlohmann::json conv1 = plan_layer(" --conv-packing auto", 0);
  EXPECT_EQ(conv1["packing"], 28);
  EXPECT_EQ(conv1["mvms_per_sample"], 28);
  // The default is one pixel per MVM (packing costs accuracy on PCM: compiler/conv_packing.h).
  for (const char* off_flag : {"", " --conv-packing off"}) {
    const nlohmann::json off = plan_layer(off_flag, 0);
    EXPECT_EQ(off["packing"], 1) << off_flag;
    EXPECT_EQ(off["mvms_per_sample"], 784) << off_flag;
  }
  const nlohmann::json four = plan_layer(" --conv-packing 4", 0);
  EXPECT_EQ(four["packing"], 4);
  EXPECT_EQ(four["mvms_per_sample"], 196);
  const auto text = kirchhoff::test::run_cli("map " + kChip + " --workload " + kCnn);
  ASSERT_EQ(text.code, 0) << text.output;
  EXPECT_NE(text.output.find("mvm/smp  pack"), std::string::npos) << text.output;
}

TEST(ConvPackingCli, BadPackingIsRefusedWithExitCode2) {
  for (const std::string command : {"map", "run"}) {
    const auto r = kirchhoff::test::run_cli(command + " " + kChip + " --workload " + kCnn +
                                            " --conv-packing 0");
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(
        r.output.find(command + " --conv-packing: '0' is not a packing; allowed: auto, off or an "
                                "integer 1 .. 999999999"),
        std::string::npos)
        << r.output;
  }
}

}  // namespace
