// Every way a sweep file can be wrong, by its message: file:line:col, the key, what is allowed.
#include <gtest/gtest.h>

#include "config/config_error.h"
#include "sweep/expansion.h"
#include "sweep_test_files.h"

namespace kirchhoff::sweep {
namespace {

using test::TempDir;
using test::write_text;

// The message of the ConfigError that parsing and expanding `text` throws ("" if none).
std::string error_of(const std::string& text) {
  TempDir dir;
  write_text(dir.file("chip.yaml"), "tile:\n  rows: 128\n");
  const std::string path = write_text(dir.file("s.yaml"), text);
  try {
    (void)expand_points(parse_sweep_file(path));
  } catch (const config::ConfigError& e) {
    std::string m = e.what();
    const auto at = m.find(path);
    if (at != std::string::npos) m.replace(at, path.size(), "s.yaml");
    return m;
  }
  return {};
}

TEST(SweepValidation, AValidFileHasNoError) {
  EXPECT_EQ(error_of("name: ok\nbase: chip.yaml\ngrid:\n  tile.adc.bits: [4]\n"), "");
}

TEST(SweepValidation, UnknownTopLevelKeyIsSuggested) {
  EXPECT_EQ(error_of("name: a\ngird:\n  tile.adc.bits: [4]\n"),
            "s.yaml:2:1: unknown key 'gird'; did you mean 'grid'? (allowed: name, base, run, set, "
            "grid, zip, random, seeds)");
}

TEST(SweepValidation, NameIsRequiredAndRestricted) {
  EXPECT_EQ(error_of("grid:\n  tile.adc.bits: [4]\n"),
            "s.yaml:1:1: 'name' is missing; allowed: a name of letters, digits, '_', '-'");
  EXPECT_EQ(error_of("name: a b\n"),
            "s.yaml:1:7: name: 'a b' is not allowed; allowed: letters, digits, '_' and '-' (at "
            "least one)");
}

TEST(SweepValidation, UnknownConfigKeyIsSuggestedFromTheSchema) {
  EXPECT_EQ(error_of("name: a\ngrid:\n  tile.adc.bitz: [4]\n"),
            "s.yaml:3:3: unknown key 'tile.adc.bitz'; did you mean 'tile.adc.bits'? (kirchhoff "
            "config --schema lists every key; run options are run.<option>)");
  EXPECT_EQ(error_of("name: a\nset:\n  tile.adc: 4\n"),
            "s.yaml:3:3: 'tile.adc' is a section, not a key; allowed: a key path under it "
            "(kirchhoff config --schema lists every key)");
}

TEST(SweepValidation, UnknownRunOptionIsSuggested) {
  EXPECT_EQ(error_of("name: a\nrun:\n  sampels: 4\n"),
            "s.yaml:3:3: unknown run option 'sampels'; did you mean 'samples'? (allowed: "
            "workload, inputs, labels, calibration, samples, repeat, seed, uint8_scale, "
            "sample_interval_ns, replication, outputs, events, power_window_ns, vcd, perfetto)");
  EXPECT_NE(error_of("name: a\ngrid:\n  run.sampels: [4]\n")
                .find("s.yaml:3:3: unknown run option 'run.sampels'; did you mean 'run.samples'?"),
            std::string::npos);
}

TEST(SweepValidation, RunOptionValuesAreChecked) {
  EXPECT_EQ(error_of("name: a\nrun:\n  samples: 0\n"),
            "s.yaml:3:12: run.samples: '0' is not allowed; allowed: integer in [1, 2147483647]");
  EXPECT_EQ(error_of("name: a\ngrid:\n  run.sample_interval_ns: [10, -1]\n"),
            "s.yaml:3:32: run.sample_interval_ns: '-1' is not allowed; allowed: number in [0, "
            "1e+09]");
  EXPECT_EQ(error_of("name: a\nrun:\n  events: yes please\n"),
            "s.yaml:3:11: run.events: 'yes please' is not allowed; allowed: true or false");
}

TEST(SweepValidation, TheSeedIsNotAnAxis) {
  EXPECT_NE(error_of("name: a\ngrid:\n  sim.seed: [1, 2]\n")
                .find("s.yaml:3:3: sim.seed: each point's seed derives from run.seed"),
            std::string::npos);
  EXPECT_NE(error_of("name: a\ngrid:\n  run.seed: [1, 2]\n")
                .find("s.yaml:3:3: run.seed: the seed is not an axis"),
            std::string::npos);
}

TEST(SweepValidation, AKeyIsGivenInOnePlace) {
  EXPECT_EQ(
      error_of("name: a\nset:\n  tile.rows: 128\ngrid:\n  tile.rows: [64]\n"),
      "s.yaml:5:3: 'tile.rows' is already given at line 3, column 3; allowed: each key in one "
      "place (set, grid, zip or random)");
}

TEST(SweepValidation, ListsMustBeNonEmptyAndZipListsOfOneLength) {
  EXPECT_EQ(error_of("name: a\ngrid:\n  tile.rows: []\n"),
            "s.yaml:3:14: grid.tile.rows: expected a non-empty list of values, e.g. [4, 6, 8]");
  EXPECT_EQ(error_of("name: a\ngrid:\n  tile.rows: 128\n"),
            "s.yaml:3:14: grid.tile.rows: expected a non-empty list of values, e.g. [4, 6, 8]");
  EXPECT_EQ(error_of("name: a\nzip:\n  - tile.rows: [128, 256]\n    tile.cols: [128]\n"),
            "s.yaml:4:16: zip: 'tile.cols' has 1 values, 'tile.rows' has 2; allowed: lists of "
            "one length in a group");
}

TEST(SweepValidation, RandomAxesNeedARangeOrChoices) {
  EXPECT_EQ(error_of("name: a\nrandom:\n  axes:\n    tile.rows: {choices: [1]}\n"),
            "s.yaml:3:3: random: 'count' is missing; allowed: integer >= 1 points");
  EXPECT_EQ(
      error_of("name: a\nrandom:\n  count: 2\n  axes:\n    tile.dac.range: {min: 2, max: 1}\n"),
      "s.yaml:5:27: random.tile.dac.range: min (2) is above max (1)");
  EXPECT_EQ(error_of("name: a\nrandom:\n  count: 2\n  axes:\n    tile.dac.range: {min: 0, max: 1, "
                     "log: true}\n"),
            "s.yaml:5:27: random.tile.dac.range: log: true needs min > 0 (got 0)");
  EXPECT_EQ(error_of("name: a\nrandom:\n  count: 2\n  axes:\n    tile.dac.range: {min: 1}\n"),
            "s.yaml:5:21: random.tile.dac.range: needs both min and max; allowed: {choices: [a, "
            "b, ...]} or {min: A, max: B} with optional log: true or integer: true");
  EXPECT_NE(error_of("name: a\nrandom:\n  count: 2\n  axes:\n    tile.dac.range: {mni: 1}\n")
                .find("s.yaml:5:22: unknown key 'random.tile.dac.range.mni'; did you mean "
                      "'random.tile.dac.range.min'?"),
            std::string::npos);
}

TEST(SweepValidation, SeedsAndCountsAreBounded) {
  EXPECT_EQ(error_of("name: a\nseeds: 0\n"),
            "s.yaml:2:8: seeds: 0 is out of range; allowed: integer in [1, 1000000]");
  EXPECT_EQ(error_of("name: a\ngrid:\n  tile.rows: [1,2,3,4,5,6,7,8,9,10]\n  tile.cols: "
                     "[1,2,3,4,5,6,7,8,9,10]\nseeds: 20000\n"),
            "s.yaml:4:3: the sweep has more than 1000000 points (counting up to this axis); "
            "allowed: at most 1000000");
}

TEST(SweepValidation, BaseMustExist) {
  const std::string m = error_of("name: a\nbase: nope.yaml\n");
  EXPECT_NE(m.find("s.yaml:2:7: base: file '"), std::string::npos) << m;
  EXPECT_NE(m.find("nope.yaml' does not exist; allowed: a chip config file (relative to the "
                   "sweep file) or an inline map of config sections"),
            std::string::npos)
      << m;
}

TEST(SweepValidation, YamlStructureErrorsComeFromTheConfigChecks) {
  EXPECT_EQ(error_of("name: a\nname: b\n"),
            "s.yaml:2:1: duplicate key 'name' (first at line 1); allowed: each key once per map");
}

}  // namespace
}  // namespace kirchhoff::sweep
