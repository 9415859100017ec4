// The time-ordered traces (VCD, timeline, power) release events behind the simulation's clock:
// work a tile books ahead (its recalibration queued behind programming) no longer pushes their
// horizon past what the host port records at the current time. Before, the shipped MLP on
// hermes64 had 5 host transfers 51.7 us later than the 10 us reorder window, drawn at the
// wrong time in waves.vcd.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;

TEST(LateEvents, TheShippedMlpAndCnnTracesHaveNoLateEvents) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  for (const std::string model : {"mlp", "cnn"}) {
    const fs::path dir = kirchhoff::test::process_temp_dir() / ("kh_late_events_" + model);
    fs::remove_all(dir);
    const kirchhoff::test::CliResult r = kirchhoff::test::run_cli(
        "run " + src + "/configs/chips/hermes64.yaml --workload " + src + "/data/fmnist/" + model +
        ".onnx --inputs " + src + "/data/fmnist/test_images_u8.npy --samples 16 --vcd --perfetto " +
        "--power 100 --out " + dir.string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_EQ(r.output.find("later than the reorder window"), std::string::npos)
        << model << ": " << r.output;
    EXPECT_TRUE(fs::exists(dir / "waves.vcd") && fs::exists(dir / "power.csv")) << model;
    fs::remove_all(dir);
  }
}

}  // namespace
