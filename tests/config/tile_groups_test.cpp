// Hybrid chips (chip.tile_groups, config/tile_groups.h): groups inherit the tile section, their
// own keys override it, single-kind configs are unchanged, and bad groups are refused with the
// file, line and column, the key and what is allowed.
#include <gtest/gtest.h>

#include <string>

#include "config/config_error.h"
#include "config/config_loader.h"
#include "config/tile_groups.h"
#include "tests/common/thrown_message.h"

namespace kirchhoff::config {
namespace {

const std::string kHybrid =
    "chip:\n"
    "  tiles: 6\n"
    "  mesh_cols: 3\n"
    "  mesh_rows: 2\n"
    "  tile_groups:\n"
    "    - kind: analog\n"
    "      count: 4\n"
    "    - kind: digital\n"
    "      count: 2\n"
    "      tile:\n"
    "        digital:\n"
    "          weight_format: int4\n"
    "tile:\n"
    "  rows: 128\n"
    "  cols: 64\n"
    "  dac:\n"
    "    bits: 6\n";

std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  return kirchhoff::test::thrown_message<ConfigError>(
      [&] { load_config_text("hybrid.yaml", text, sets); }, "");
}

TEST(TileGroups, GroupsInheritTheTileSectionAndOverrideTheirKeys) {
  const ChipConfig cfg = load_config_text("hybrid.yaml", kHybrid);
  ASSERT_EQ(cfg.chip.tile_groups.size(), 2u);
  EXPECT_EQ(tile_params_of(cfg, 3).kind, TileKind::kAnalog);
  EXPECT_EQ(tile_params_of(cfg, 4).kind, TileKind::kDigital);
  EXPECT_EQ(tile_params_of(cfg, 4).digital.weight_format, DigitalFormat::kInt4);
  EXPECT_EQ(tile_params_of(cfg, 0).digital.weight_format, DigitalFormat::kInt8);
  EXPECT_EQ(tile_params_of(cfg, 5).rows, 128);  // the tile section, written after the groups
  EXPECT_EQ(tile_params_of(cfg, 5).dac.bits, 6);
  EXPECT_EQ(tiles_of_kind(cfg, TileKind::kDigital), (std::vector<int>{4, 5}));
}

TEST(TileGroups, SetOverridesOfTheTileSectionReachEveryGroup) {
  const ChipConfig cfg = load_config_text("hybrid.yaml", kHybrid, {"tile.digital.clock_ghz=2"});
  EXPECT_EQ(tile_params_of(cfg, 5).digital.clock_ghz, 2.0);
  EXPECT_EQ(tile_params_of(cfg, 5).digital.weight_format, DigitalFormat::kInt4);
}

TEST(TileGroups, ResolvedConfigReloadsToTheSameGroups) {
  const ChipConfig cfg = load_config_text("hybrid.yaml", kHybrid);
  const ChipConfig again = load_config_text("resolved.yaml", resolved_yaml(cfg));
  ASSERT_EQ(again.chip.tile_groups.size(), 2u);
  EXPECT_EQ(again.chip.tile_groups[1].count, 2);
  EXPECT_EQ(tile_params_of(again, 5).digital.weight_format, DigitalFormat::kInt4);
  EXPECT_EQ(resolved_yaml(again), resolved_yaml(cfg));
}

TEST(TileGroups, SingleKindConfigHasNoGroupsAndEveryTileIsTheTileSection) {
  const ChipConfig cfg = load_config_text("one.yaml", "chip:\n  tiles: 2\n  mesh_cols: 2\n");
  EXPECT_TRUE(cfg.chip.tile_groups.empty());
  EXPECT_EQ(tiles_of_kind(cfg, TileKind::kAnalog), (std::vector<int>{0, 1}));
  const ChipConfig all =
      load_config_text("d.yaml", "chip:\n  tiles: 2\n  mesh_cols: 2\n", {"tile.kind=digital"});
  EXPECT_EQ(tiles_of_kind(all, TileKind::kDigital), (std::vector<int>{0, 1}));
}

TEST(TileGroups, CountsThatDoNotAddUpToChipTilesAreRefused) {
  std::string t = kHybrid;
  t.replace(t.find("count: 4"), 8, "count: 3");
  EXPECT_EQ(error_of(t),
            "hybrid.yaml: chip.tile_groups: the groups' counts add up to 5 tiles, chip.tiles is "
            "6; allowed: counts that add up to chip.tiles");
}

TEST(TileGroups, UnknownKindNamesItsPlace) {
  std::string t = kHybrid;
  t.replace(t.find("kind: digital"), 13, "kind: optical");
  EXPECT_EQ(error_of(t),
            "hybrid.yaml:8:13: chip.tile_groups[1].kind: value 'optical' is not allowed; "
            "allowed: one of: analog, digital");
}

TEST(TileGroups, UnknownTileKeyOfAGroupIsRefused) {
  std::string t = kHybrid;
  t.replace(t.find("weight_format: int4"), 19, "weight_fmt: int4");
  EXPECT_EQ(error_of(t),
            "hybrid.yaml:12:23: chip.tile_groups[1].tile: unknown key 'digital.weight_fmt'; "
            "allowed: a key of tile other than kind, e.g. digital.weight_format (kirchhoff "
            "config --schema)");
}

TEST(TileGroups, BadValueInAGroupNamesTheKeyAndLine) {
  std::string t = kHybrid;
  t.replace(t.find("weight_format: int4"), 19, "weight_format: int2");
  EXPECT_EQ(error_of(t),
            "hybrid.yaml:12:26: tile.digital.weight_format: value 'int2' is not allowed; "
            "allowed: one of: int8, int4, fp16");
}

TEST(TileGroups, MissingCountAndUnknownGroupKeyAreRefused) {
  EXPECT_EQ(error_of("chip:\n  tile_groups:\n    - kind: digital\n"),
            "hybrid.yaml:3:7: chip.tile_groups[0]: count is missing; allowed: the number of "
            "tiles of the group, an integer in [1, 65536]");
  EXPECT_EQ(error_of("chip:\n  tile_groups:\n    - count: 1\n      size: 2\n"),
            "hybrid.yaml:4:7: chip.tile_groups[0]: unknown key 'size'; allowed: kind, count, "
            "tile");
}

TEST(TileGroups, AGroupWithAnotherTileSizeIsRefused) {
  std::string t = kHybrid;
  t.replace(t.find("        digital:\n"), 0, "        rows: 256\n");
  EXPECT_EQ(error_of(t),
            "hybrid.yaml:8:7: chip.tile_groups[1]: tiles of 256 x 64 differ from tile.rows x "
            "tile.cols (128 x 64); allowed: every group with the chip's tile size");
}

}  // namespace
}  // namespace kirchhoff::config
