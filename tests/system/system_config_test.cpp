// The system file (config/system_config.h): what the shipped systems hold, and the exact
// messages for bad input (file:line:column, the key, what is allowed).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "config/config_error.h"
#include "config/system_config.h"

namespace kirchhoff::config {
namespace {

const std::string kSystems = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/systems/";

// A system file in the configs/systems folder (so ../chips/ resolves), removed afterwards.
struct TempSystem {
  std::string path;
  explicit TempSystem(const std::string& text, const std::string& name = "test_tmp.yaml")
      : path(kSystems + std::to_string(::getpid()) + "_" + name) {
    std::ofstream(path) << text;
  }
  ~TempSystem() { std::remove(path.c_str()); }
};

std::string error_of(const std::string& text) {
  TempSystem f(text);
  try {
    load_system_config(f.path);
  } catch (const ConfigError& e) {
    std::string m = e.what();
    const auto at = m.find(f.path);
    if (at == 0) m = "FILE" + m.substr(f.path.size());
    return m;
  }
  return "no error";
}

TEST(SystemConfig, ShippedSmallSystemHoldsThreeFourTileChipsOnARingOfDieToDieLinks) {
  const SystemConfig s = load_system_config(kSystems + "hermes4_x3.yaml");
  ASSERT_EQ(s.chips.size(), 3u);
  EXPECT_EQ(s.chips[0].name, "c0");
  EXPECT_EQ(s.chips[2].name, "c2");
  for (const auto& c : s.chips) {
    EXPECT_EQ(c.config.chip.tiles, 4);
    EXPECT_EQ(c.config.chip.mesh_cols, 2);
  }
  EXPECT_EQ(s.topology, Topology::kRing);
  EXPECT_EQ(s.link.preset, "die_to_die");
  EXPECT_DOUBLE_EQ(s.link.total_gbps(), 512.0);
  EXPECT_DOUBLE_EQ(s.link.latency_ns, 2.0);
  EXPECT_DOUBLE_EQ(s.link.energy_pj_per_bit, 0.5);
}

TEST(SystemConfig, ShippedRnntSystemIsFive14nmChipsOnBoardLinks) {
  const SystemConfig s = load_system_config(kSystems + "ibm14nm34_x5.yaml");
  ASSERT_EQ(s.chips.size(), 5u);
  EXPECT_EQ(s.chips[4].config.chip.tiles, 34);
  EXPECT_EQ(s.link.preset, "board_pcie");
  EXPECT_DOUBLE_EQ(s.link.total_gbps(), 16 * 15.75);
  EXPECT_DOUBLE_EQ(s.link.latency_ns, 600.0);
}

TEST(SystemConfig, LinkKeysOverrideThePresetAndCommandLineSetsReachEveryChip) {
  TempSystem f(
      "system:\n  chips:\n    - {name: a, config: ../chips/hermes64.yaml}\n"
      "    - {name: b, config: ../chips/hermes64.yaml}\n"
      "  link: {preset: board_pcie, lanes: 4, latency_ns: 1000}\n  topology: star\n");
  const SystemConfig s = load_system_config(f.path, {"tile.adc.bits=6"});
  EXPECT_EQ(s.link.lanes, 4);
  EXPECT_DOUBLE_EQ(s.link.latency_ns, 1000.0);
  EXPECT_DOUBLE_EQ(s.link.bandwidth_gbps, 15.75);
  EXPECT_EQ(s.topology, Topology::kStar);
  EXPECT_EQ(s.chips[1].config.tile.adc.bits, 6);
}

TEST(SystemConfig, DetectsASystemFileByItsTopLevelKey) {
  EXPECT_TRUE(is_system_file(kSystems + "hermes4_x3.yaml"));
  EXPECT_FALSE(is_system_file(std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml"));
  EXPECT_FALSE(is_system_file(kSystems + "no_such_file.yaml"));
}

TEST(SystemConfig, UnknownKeySaysWhereAndWhatWasMeant) {
  EXPECT_EQ(error_of("system:\n  chips: [{count: 2, config: ../chips/hermes64.yaml}]\n"
                     "  topolgy: ring\n"),
            "FILE:3:3: unknown key 'system.topolgy' (did you mean 'system.topology'?); allowed: "
            "chips, link, topology, mesh_cols");
  EXPECT_EQ(error_of("system:\n  chips: [{count: 2, config: ../chips/hermes64.yaml}]\n"
                     "  link: {bandwidth_gps: 10}\n"),
            "FILE:3:10: unknown key 'system.link.bandwidth_gps' (did you mean "
            "'system.link.bandwidth_gbps'?); allowed: preset, bandwidth_gbps, lanes, latency_ns, "
            "energy_pj_per_bit");
}

TEST(SystemConfig, BadValuesNameTheKeyAndWhatIsAllowed) {
  EXPECT_EQ(error_of("system:\n  chips: [{count: 2, config: ../chips/hermes64.yaml}]\n"
                     "  link: {preset: ucie}\n"),
            "FILE:3:18: system.link.preset: unknown preset 'ucie' (did you mean 'board_pcie'?); "
            "allowed: die_to_die, board_pcie");
  EXPECT_EQ(error_of("system:\n  chips: [{count: 2, config: ../chips/hermes64.yaml}]\n"
                     "  link: {latency_ns: -5}\n"),
            "FILE:3:22: system.link.latency_ns: value -5 is out of range; allowed: number in "
            "[0, 1e+09]");
  EXPECT_EQ(error_of("system:\n  chips: [{count: 2, config: ../chips/hermes64.yaml}]\n"
                     "  topology: torus\n"),
            "FILE:3:13: system.topology: unknown topology 'torus' (did you mean 'star'?); "
            "allowed: ring, mesh2d, fully_connected, star");
  EXPECT_EQ(error_of("system:\n  chips: [{count: 0, config: ../chips/hermes64.yaml}]\n"),
            "FILE:2:19: system.chips[0].count: value 0 is out of range; allowed: integer in "
            "[1, 1024]");
}

TEST(SystemConfig, ChipsMustBeAListOfExistingDistinctFiles) {
  EXPECT_EQ(error_of("system:\n  topology: ring\n"),
            "FILE:2:3: system.chips: missing; allowed: a list of {name, config} or {count, "
            "config}");
  EXPECT_EQ(error_of("system:\n  chips: [{name: a, config: ../chips/nope.yaml}]\n"),
            "FILE:2:29: system.chips[0].config: '../chips/nope.yaml' (" +
                std::string(KIRCHHOFF_SOURCE_DIR) +
                "/configs/chips/nope.yaml): no such chip configuration file");
  EXPECT_EQ(error_of("system:\n  chips:\n    - {name: a, config: ../chips/hermes64.yaml}\n"
                     "    - {name: a, config: ../chips/hermes64.yaml}\n"),
            "FILE:4:14: system.chips[1].name: chip 'a' is named twice");
  EXPECT_EQ(error_of("system:\n  chips: [{nam: a, config: ../chips/hermes64.yaml}]\n"),
            "FILE:2:12: unknown key 'system.chips[0].nam' (did you mean 'system.chips[0].name'?); "
            "allowed: name, config, count, set");
}

TEST(SystemConfig, AChipFileErrorNamesThatFile) {
  TempSystem f(
      "system:\n  chips: [{name: a, config: ../chips/hermes64.yaml, set: [tile.rowz=3]}]\n");
  try {
    load_system_config(f.path);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("tile.rowz"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff::config
