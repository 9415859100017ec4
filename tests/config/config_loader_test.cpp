#include "config/config_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_error.h"
#include "config/schema.h"
#include "tests/common/temp_dir_test.h"
#include "tests/common/thrown_message.h"

namespace kirchhoff::config {
namespace {

namespace fs = std::filesystem;

class ConfigFiles : public kirchhoff::test::TempDirTest {
 protected:
  // The message of the ConfigError that loading `path` throws ("" if none).
  static std::string error_of(const std::string& path, const std::vector<std::string>& sets = {}) {
    return kirchhoff::test::thrown_message<ConfigError>([&] { load_config(path, sets); }, "");
  }
};

TEST_F(ConfigFiles, DefaultsWithoutAFile) {
  const ChipConfig c = load_config("");
  EXPECT_EQ(c.tile.rows, 256);
  EXPECT_EQ(c.tile.dac.bits, 8);
  EXPECT_EQ(c.chip.tiles, 1);
  EXPECT_EQ(c.sim.seed, 1u);
}

TEST_F(ConfigFiles, LoadsTypedValuesOfEveryKind) {
  const auto p = file("a.yaml",
                      "sim: {seed: 7}\n"
                      "tile:\n"
                      "  rows: 128\n"
                      "  dac: {bits: 6, signed: false, encoding: bit_serial, t_lsb_ns: 0.5}\n"
                      "  device:\n"
                      "    type: table\n"
                      "    table: {levels_uS: [0, 10, 20], mean_uS: [0.5, 10, 19], "
                      "sigma_uS: [0.1, 0.5, 0.7]}\n");
  const ChipConfig c = load_config(p);
  EXPECT_EQ(c.sim.seed, 7u);
  EXPECT_EQ(c.tile.rows, 128);
  EXPECT_EQ(c.tile.dac.bits, 6);
  EXPECT_FALSE(c.tile.dac.is_signed);
  EXPECT_EQ(c.tile.dac.encoding, InputEncoding::kBitSerial);
  EXPECT_DOUBLE_EQ(c.tile.dac.t_lsb_ns, 0.5);
  EXPECT_EQ(c.tile.device.type, DeviceType::kTable);
  EXPECT_EQ(c.tile.device.table.mean_uS, (std::vector<double>{0.5, 10, 19}));
}

TEST_F(ConfigFiles, UnknownKeyNamesLineAndSuggestsNearest) {
  const auto p = file("typo.yaml", "tile:\n  dac:\n    bitz: 4\n");
  EXPECT_EQ(error_of(p), p + ":3:5: unknown key 'tile.dac.bitz'; did you mean 'tile.dac.bits'? "
                             "(kirchhoff config --schema lists every key)");
}

TEST_F(ConfigFiles, UnknownSectionSuggestsNearest) {
  const auto p = file("sec.yaml", "tyle:\n  rows: 4\n");
  EXPECT_NE(error_of(p).find(":1:1: unknown key 'tyle'; did you mean 'tile'?"), std::string::npos);
}

TEST_F(ConfigFiles, OutOfRangeNamesValueAndRange) {
  const auto p = file("neg.yaml", "tile:\n  rows: -4\n");
  EXPECT_EQ(error_of(p),
            p + ":2:9: tile.rows: value -4 is out of range; allowed: integer in [1, 65536]");
}

// Issue 15: chips of up to 65,536 tiles (a billion weights in 256 x 256 tiles needs 15,488).
TEST_F(ConfigFiles, ChipTilesGoUpTo65536) {
  const auto p = file("big.yaml", "chip:\n  tiles: 65536\n  mesh_cols: 256\n  mesh_rows: 256\n");
  EXPECT_EQ(load_config(p).chip.tiles, 65536);
  const auto q = file("over.yaml", "chip:\n  tiles: 65537\n  mesh_cols: 256\n  mesh_rows: 256\n");
  EXPECT_EQ(error_of(q),
            q + ":2:10: chip.tiles: value 65537 is out of range; allowed: integer in [1, 65536]");
}

TEST_F(ConfigFiles, WrongTypeNamesValueAndType) {
  const auto p = file("type.yaml", "tile:\n  adc:\n    bound: lots\n");
  EXPECT_EQ(error_of(p), p + ":3:12: tile.adc.bound: expected a number, got 'lots'; allowed: "
                             "number in [1e-12, 1e+12]");
  const auto q = file("int.yaml", "tile:\n  cols: 2.5\n");
  EXPECT_NE(error_of(q).find("tile.cols: expected an integer, got '2.5'"), std::string::npos);
  const auto b = file("bool.yaml", "tile:\n  dac:\n    signed: maybe\n");
  EXPECT_NE(error_of(b).find("tile.dac.signed: expected true or false, got 'maybe'"),
            std::string::npos);
}

TEST_F(ConfigFiles, BadEnumListsChoices) {
  const auto p = file("enum.yaml", "tile:\n  device:\n    type: flash\n");
  EXPECT_EQ(error_of(p), p + ":3:11: tile.device.type: value 'flash' is not allowed; allowed: "
                             "one of: ideal, pcm, rram, table");
}

TEST_F(ConfigFiles, SectionGivenAScalar) {
  const auto p = file("scalar.yaml", "tile: 5\n");
  EXPECT_EQ(error_of(p), p + ":1:1: tile: is a section; expected a map of keys under it");
}

TEST_F(ConfigFiles, MalformedYamlNamesPosition) {
  const auto p = file("bad.yaml", "tile:\n  rows: [1, 2\n");
  const std::string e = error_of(p);
  EXPECT_EQ(e.rfind(p + ":", 0), 0u) << e;
  EXPECT_NE(e.find("malformed YAML"), std::string::npos) << e;
}

TEST_F(ConfigFiles, MissingFile) {
  EXPECT_EQ(error_of((dir_ / "nope.yaml").string()),
            (dir_ / "nope.yaml").string() +
                ": cannot open the configuration file: No such file or directory; allowed: a "
                "readable YAML file");
}

TEST_F(ConfigFiles, CrossFieldMeshVersusTiles) {
  const auto ok = file("mesh_ok.yaml", "chip: {tiles: 9, mesh_cols: 3, mesh_rows: 3}\n");
  EXPECT_EQ(error_of(ok), "");
  const auto q =
      file("mesh2.yaml", "chip: {tiles: 8, global_dpus: 2, mesh_cols: 3, mesh_rows: 3}\n");
  EXPECT_EQ(error_of(q), q + ": chip.tiles (8) + chip.global_dpus (2) = 10 network nodes do not "
                             "fit a 3 x 3 mesh (9 nodes); allowed: chip.mesh_cols x "
                             "chip.mesh_rows >= chip.tiles + chip.global_dpus");
  const auto h = file("ports.yaml", "chip: {mesh_cols: 4, mesh_rows: 2}\nhost: {ports: 3}\n");
  EXPECT_EQ(error_of(h), h + ": host.ports (3) exceeds chip.mesh_rows (2): host ports attach one "
                             "per row on the west edge of the mesh");
}

// The schema's integer range [2, 4] also holds 3, which the weight mapping cannot split into
// differential pairs: validation refuses it instead of the run failing later.
TEST_F(ConfigFiles, DevicesPerWeightMustBeWholePairs) {
  const auto p = file("dpw.yaml", "tile:\n  mapping: {devices_per_weight: 3}\n");
  EXPECT_EQ(error_of(p), p + ": tile.mapping.devices_per_weight: value 3 is not allowed; allowed: "
                             "2 (one differential pair) or 4 (two pairs, the second weighted by "
                             "tile.mapping.significance_factor)");
}

TEST_F(ConfigFiles, CrossFieldConductanceAndTable) {
  const auto p = file("g.yaml", "tile:\n  device: {g_min_uS: 30, g_max_uS: 25}\n");
  EXPECT_EQ(error_of(p), p + ": tile.device.g_min_uS (30) must be below tile.device.g_max_uS (25)");
  const auto t = file("t.yaml", "tile:\n  device: {type: table, table: {levels_uS: [0, 1]}}\n");
  EXPECT_NE(error_of(t).find("tile.device.table: levels_uS, mean_uS and sigma_uS must have the "
                             "same length, at least 2 (got 2, 0, 0)"),
            std::string::npos);
}

// A measured ADC table must cover the configured width; the message names the keys and widths.
TEST_F(ConfigFiles, CrossFieldAdcEnergyTable) {
  const auto a = file("a.yaml", "tile:\n  adc: {type: table, table_bits: [4, 8]}\n");
  EXPECT_EQ(error_of(a), a + ": tile.adc.table_bits and tile.adc.table_energy_pj must have the "
                             "same length, at least 1, when tile.adc.type is table (got 2 and 0)");
  const auto b = file("b.yaml",
                      "tile:\n  adc: {type: table, bits: 5, table_bits: [4, 8], "
                      "table_energy_pj: [0.3, 2]}\n");
  EXPECT_EQ(error_of(b), b + ": tile.adc.bits (5) is not in tile.adc.table_bits [4, 8]; allowed: "
                             "one of the measured widths");
  const auto c = file("c.yaml",
                      "tile:\n  adc: {type: table, bits: 5, table_bits: [5.5], "
                      "table_energy_pj: [0.3]}\n");
  EXPECT_EQ(error_of(c), c + ": tile.adc.table_bits: 5.5 is not a whole number of bits");
  const auto ok = file("ok.yaml",
                       "tile:\n  adc: {type: table, bits: 5, table_bits: [4, 5], "
                       "table_energy_pj: [0.3, 0.5], table_conversion_ns: 5}\n");
  EXPECT_EQ(error_of(ok), "");
  EXPECT_DOUBLE_EQ(load_config(ok).tile.adc.table_energy_pj[1], 0.5);
}

TEST_F(ConfigFiles, ExtendsAppliesBaseThenOverrides) {
  file("base.yaml", "tile: {rows: 64, cols: 32}\nsim: {seed: 3}\n");
  const auto p = file("child.yaml", "extends: base.yaml\ntile: {cols: 16}\n");
  const ChipConfig c = load_config(p);
  EXPECT_EQ(c.tile.rows, 64);
  EXPECT_EQ(c.tile.cols, 16);
  EXPECT_EQ(c.sim.seed, 3u);
}

TEST_F(ConfigFiles, ExtendsErrorsPointIntoTheBaseFile) {
  const auto base = file("base.yaml", "tile:\n  rows: 0\n");
  const auto p = file("child.yaml", "extends: base.yaml\n");
  const std::string e = error_of(p);
  EXPECT_NE(e.find("base.yaml:2:9: tile.rows: value 0 is out of range"), std::string::npos) << e;
}

TEST_F(ConfigFiles, ExtendsCycleAndMissingBase) {
  file("a.yaml", "extends: b.yaml\n");
  const auto b = file("b.yaml", "extends: a.yaml\n");
  EXPECT_NE(error_of(b).find("extends: cycle"), std::string::npos);
  const auto m = file("m.yaml", "extends: gone.yaml\n");
  EXPECT_NE(error_of(m).find("m.yaml:1:10: extends: file '"), std::string::npos) << error_of(m);
}

TEST_F(ConfigFiles, DevicePresetAliasMapsOntoTileDevice) {
  const auto p = file("dev.yaml", "device:\n  type: pcm\n  g_max_uS: 20\n");
  const ChipConfig c = load_config(p);
  EXPECT_EQ(c.tile.device.type, DeviceType::kPcm);
  EXPECT_DOUBLE_EQ(c.tile.device.g_max_uS, 20.0);
}

TEST_F(ConfigFiles, SetOverridesWithTheSameValidation) {
  const ChipConfig c = load_config(
      "", {"tile.dac.bits=4", "tile.device.type=pcm", "tile.device.table.levels_uS=[1, 2]"});
  EXPECT_EQ(c.tile.dac.bits, 4);
  EXPECT_EQ(c.tile.device.type, DeviceType::kPcm);
  EXPECT_EQ(c.tile.device.table.levels_uS, (std::vector<double>{1, 2}));
  EXPECT_EQ(error_of("", {"tile.dac.bits=99"}),
            "--set tile.dac.bits=99: tile.dac.bits: value 99 is out of range; allowed: integer "
            "in [1, 24]");
  EXPECT_EQ(error_of("", {"tile.dac.bit=4"}),
            "--set tile.dac.bit=4: unknown key 'tile.dac.bit'; did you mean 'tile.dac.bits'?");
  EXPECT_EQ(error_of("", {"tile.dac.bits"}), "--set tile.dac.bits: expected key.path=value");
}

TEST_F(ConfigFiles, ResolvedConfigReloadsToTheSameConfig) {
  const ChipConfig c = load_config(
      "", {"tile.dac.bits=5", "tile.read.v_read_V=0.2", "sim.seed=99", "tile.device.type=rram"});
  const auto p = file("resolved.yaml", resolved_yaml(c));
  const ChipConfig d = load_config(p);
  EXPECT_EQ(resolved_yaml(c), resolved_yaml(d));
  EXPECT_EQ(d.tile.dac.bits, 5);
  EXPECT_DOUBLE_EQ(d.tile.read.v_read_V, 0.2);
  EXPECT_EQ(d.sim.seed, 99u);
}

TEST(Schema, EveryKeyHasDocAndTheTableListsIt) {
  const std::string table = schema_table();
  for (const auto& f : chip_schema().fields()) {
    EXPECT_FALSE(f.doc.empty()) << f.path;
    EXPECT_NE(table.find("| " + f.path + " |"), std::string::npos) << f.path;
  }
  EXPECT_NE(table.find("| tile.dac.t_lsb_ns | float | ns | 1 | number in [1e-06, 1e+06] |"),
            std::string::npos);
}

}  // namespace
}  // namespace kirchhoff::config
