// `kirchhoff map` of the full RNN-T step (configs/workloads/rnnt_step.yaml): the plan reports
// its 45,276,416 weights and the tiles it needs; a chip with too few tiles is refused with the
// number it would need (exit code 2).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/common/cli_runner.h"

namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kStep = kSource + "/configs/workloads/rnnt_step.yaml";

TEST(RnntMapCli, FullStepOnA1024TileChipReportsWeightsAndTiles) {
  const auto r = kirchhoff::test::run_cli(
      "map " + kSource + "/configs/chips/hermes64.yaml --workload " + kStep +
      " --set chip.tiles=1024 --set chip.mesh_cols=32 --set chip.mesh_rows=32");
  ASSERT_EQ(r.code, 0) << r.output;
  std::printf("%s", r.output.c_str());
  EXPECT_NE(r.output.find("702 of 1024 tiles (256 x 256)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("45276416 w"), std::string::npos) << r.output;
  // The largest layer: enc_lstm3, [W; R] of (2,048 + 1,024) x 4,096 in 12 x 16 tiles.
  EXPECT_NE(r.output.find("enc_lstm3"), std::string::npos);
}

TEST(RnntMapCli, TooFewTilesNamesTheNumberNeeded) {
  const auto stock = kirchhoff::test::run_cli("map " + kSource +
                                              "/configs/chips/hermes64.yaml --workload " + kStep);
  EXPECT_EQ(stock.code, 2) << stock.output;
  EXPECT_NE(stock.output.find("needs 702 tiles, the chip has 64 (tile 256 x 256)"),
            std::string::npos)
      << stock.output;
  // The 14 nm chip's 512 x 512 tiles: 185 of them, 34 per chip.
  const auto ibm = kirchhoff::test::run_cli("map " + kSource +
                                            "/configs/chips/ibm14nm34.yaml --workload " + kStep);
  EXPECT_EQ(ibm.code, 2) << ibm.output;
  EXPECT_NE(ibm.output.find("needs 185 tiles, the chip has 34 (tile 512 x 512)"), std::string::npos)
      << ibm.output;
}

}  // namespace
