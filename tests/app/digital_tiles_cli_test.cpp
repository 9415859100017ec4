// `kirchhoff map`, `run` and `info` on hybrid chips: --digital-layers places layers on digital
// tiles (the plan shows each layer's kind), info prints the tile groups with their peak
// figures, and bad requests exit 2 with a message naming what was wrong and what is allowed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/common/cli_runner.h"

namespace {

const std::string kSrc = KIRCHHOFF_SOURCE_DIR;
const std::string kCnn = kSrc + "/data/fmnist/cnn.onnx";
const std::string kChip = kSrc + "/configs/chips/hermes64.yaml";
const std::string kHybrid = kSrc + "/configs/chips/rram_sram_hybrid.yaml";
const std::string kGroups =
    " --set 'chip.tile_groups=[{kind: analog, count: 60}, {kind: digital, count: 4}]'";

TEST(DigitalTilesCli, MapPutsTheListedLayersOnDigitalTiles) {
  const auto r = kirchhoff::test::run_cli("map " + kChip + " --workload " + kCnn + kGroups +
                                          " --digital-layers conv1,fc2 --json");
  ASSERT_EQ(r.code, 0) << r.output;
  const nlohmann::json p = nlohmann::json::parse(r.output);
  EXPECT_EQ(p["layers"][0]["kind"], "digital");
  EXPECT_EQ(p["layers"][0]["tiles"], nlohmann::json::array({60}));
  EXPECT_EQ(p["layers"][1]["kind"], "analog");
  EXPECT_EQ(p["layers"][3]["kind"], "digital");
  EXPECT_EQ(p["layers"][3]["tiles"], nlohmann::json::array({61}));
}

TEST(DigitalTilesCli, TheHybridPresetPlacesFirstAndLastLayerOnItsSramTiles) {
  const auto r = kirchhoff::test::run_cli("map " + kHybrid + " --workload " + kCnn + " --json");
  ASSERT_EQ(r.code, 0) << r.output;
  const nlohmann::json p = nlohmann::json::parse(r.output);
  EXPECT_EQ(p["layers"][0]["kind"], "digital");
  EXPECT_EQ(p["layers"][0]["tiles"], nlohmann::json::array({256}));
  EXPECT_EQ(p["layers"][2]["kind"], "analog");
  EXPECT_EQ(p["layers"][3]["tiles"], nlohmann::json::array({257}));
}

TEST(DigitalTilesCli, InfoShowsTheGroupsWithPeakFigures) {
  const auto r = kirchhoff::test::run_cli("info " + kHybrid);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("Tile groups"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  analog       256       0-255   analog"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("  digital        2     256-257     int8"), std::string::npos)
      << r.output;
}

TEST(DigitalTilesCli, DigitalLayersOnAnAnalogChipExit2) {
  const auto r =
      kirchhoff::test::run_cli("map " + kChip + " --workload " + kCnn + " --digital-layers conv1");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(kCnn + ": digital layers conv1 requested, but the chip has no digital "
                                 "tiles; allowed: a chip with digital tiles"),
            std::string::npos)
      << r.output;
}

TEST(DigitalTilesCli, EmptyLayerNameIsAUsageError) {
  for (const std::string command : {"map", "run"}) {
    const auto r = kirchhoff::test::run_cli(command + " " + kChip + " --workload " + kCnn +
                                            kGroups + " --digital-layers conv1,,fc2");
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find(command + " --digital-layers: empty layer name in 'conv1,,fc2'; "
                                      "allowed: comma-separated layer names, e.g. conv1,fc3"),
              std::string::npos)
        << r.output;
  }
}

TEST(DigitalTilesCli, BadTileGroupsExit2WithTheKey) {
  const auto r = kirchhoff::test::run_cli("validate " + kChip +
                                          " --set 'chip.tile_groups=[{kind: digital, count: 3}]'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(kChip + ": chip.tile_groups: the groups' counts add up to 3 tiles, "
                                  "chip.tiles is 64; allowed: counts that add up to chip.tiles"),
            std::string::npos)
      << r.output;
}

}  // namespace
