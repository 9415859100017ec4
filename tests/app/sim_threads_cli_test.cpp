// sim.threads: the CNN run on the 64-tile PCM chip (programming noise, drift, read and ADC noise
// from the seed) writes the same summary.json, apart from the wall time, with one programming
// thread and with two: the random streams are keyed by tile and device, not shared.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"

namespace {

nlohmann::json run_with_threads(int threads) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const kirchhoff::test::SummaryRun r = kirchhoff::test::run_for_summary(
      "--log-level warn run " + src + "/configs/chips/hermes64.yaml --workload " + src +
      "/tests/data/cnn.onnx --inputs " + src +
      "/tests/data/fmnist_inputs.npy --samples 2 --seed 7 "
      "--set tile.read.time_since_programming_s=3600 --set sim.threads=" +
      std::to_string(threads) + " --quiet");
  EXPECT_EQ(r.cli.code, 0) << r.cli.output;
  return r.summary;
}

TEST(SimThreadsCli, OneAndTwoProgrammingThreadsGiveTheSameSummary) {
  const nlohmann::json one = run_with_threads(1);
  const nlohmann::json two = run_with_threads(2);
  ASSERT_TRUE(one.contains("energy_pj")) << one.dump(1);
  EXPECT_EQ(one, two) << nlohmann::json::diff(one, two).dump(1);
}

TEST(SimThreadsCli, ThreadCountOutsideItsRangeIsRefused) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const kirchhoff::test::CliResult r = kirchhoff::test::run_cli(
      "run " + src + "/configs/chips/hermes64.yaml --set sim.threads=0 --quiet");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("sim.threads"), std::string::npos) << r.output;
}

}  // namespace
