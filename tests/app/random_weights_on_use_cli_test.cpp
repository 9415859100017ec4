// `random_weights: on_use` (the graph does not hold the dense layers' seeded random weights; they
// are drawn again for programming and for the float reference): the MLP run on the 64-tile PCM
// chip writes the same summary.json, apart from the wall time, as with the weights held.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"

namespace {

namespace fs = std::filesystem;

nlohmann::json run_mlp(const std::string& workload, const std::string& tag) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const fs::path out = fs::temp_directory_path() / ("kh_on_use_" + tag);
  fs::remove_all(out);
  const kirchhoff::test::CliResult r = kirchhoff::test::run_cli(
      "--log-level warn run " + src + "/configs/chips/hermes64.yaml --workload " + workload +
      " --inputs " + src + "/tests/data/fmnist_inputs.npy --samples 4 --seed 7 " +
      "--set tile.read.time_since_programming_s=3600 --quiet --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.output;
  nlohmann::json j = kirchhoff::test::read_summary(out);
  j.erase("wall_s");
  fs::remove_all(out);
  return j;
}

TEST(RandomWeightsOnUseCli, MlpSummaryIsTheSameAsWithTheWeightsHeld) {
  const std::string held =
      std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/workloads/mlp_synthetic.yaml";
  std::ostringstream text;
  text << "random_weights: on_use\n" << std::ifstream(held).rdbuf();
  const fs::path on_use = fs::temp_directory_path() / "kh_on_use_mlp_synthetic.yaml";
  std::ofstream(on_use) << text.str();
  const nlohmann::json a = run_mlp(held, "held");
  const nlohmann::json b = run_mlp(on_use.string(), "on_use");
  fs::remove(on_use);
  ASSERT_TRUE(a.contains("energy_pj")) << a.dump(1);
  EXPECT_EQ(a, b) << nlohmann::json::diff(a, b).dump(1);
}

}  // namespace
