// `random_weights: on_use` (the graph does not hold the dense layers' seeded random weights; they
// are drawn again for programming and for the float reference): the MLP run on the 64-tile PCM
// chip writes the same summary.json, apart from the wall time, as with the weights held.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"

namespace {

nlohmann::json run_mlp(const std::string& workload) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const kirchhoff::test::SummaryRun r = kirchhoff::test::run_for_summary(
      "--log-level warn run " + src + "/configs/chips/hermes64.yaml --workload " + workload +
      " --inputs " + src + "/tests/data/fmnist_inputs.npy --samples 4 --seed 7 " +
      "--set tile.read.time_since_programming_s=3600 --quiet");
  EXPECT_EQ(r.cli.code, 0) << r.cli.output;
  return r.summary;
}

TEST(RandomWeightsOnUseCli, MlpSummaryIsTheSameAsWithTheWeightsHeld) {
  const std::string held =
      std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/workloads/mlp_synthetic.yaml";
  std::ostringstream text;
  text << "random_weights: on_use\n" << std::ifstream(held).rdbuf();
  const kirchhoff::test::TempDir dir("kh-on-use");
  const std::string on_use = dir.file("mlp_synthetic.yaml");
  std::ofstream(on_use) << text.str();
  const nlohmann::json a = run_mlp(held);
  const nlohmann::json b = run_mlp(on_use);
  ASSERT_TRUE(a.contains("energy_pj")) << a.dump(1);
  EXPECT_EQ(a, b) << nlohmann::json::diff(a, b).dump(1);
}

}  // namespace
