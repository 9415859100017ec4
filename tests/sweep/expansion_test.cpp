// Expansion of sweep files into points: counts, values in nesting order (last axis fastest),
// ids, and seeds that depend on values only.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "sweep/expansion.h"
#include "sweep/point_seed.h"
#include "sweep_test_files.h"

namespace kirchhoff::sweep {
namespace {

using test::TempDir;
using test::write_text;

std::vector<SweepPoint> expand_text(const TempDir& dir, const std::string& text) {
  return expand_points(parse_sweep_file(write_text(dir.file("s.yaml"), text)));
}

TEST(SweepExpansion, GridIsACartesianProductWithTheLastAxisFastest) {
  TempDir dir;
  const auto points = expand_text(dir,
                                  "name: g\n"
                                  "grid:\n"
                                  "  tile.adc.bits: [4, 6, 8]\n"
                                  "  tile.rows: [128, 256]\n");
  ASSERT_EQ(points.size(), 6u);
  const std::vector<std::vector<std::string>> expected{{"4", "128"}, {"4", "256"}, {"6", "128"},
                                                       {"6", "256"}, {"8", "128"}, {"8", "256"}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].values, expected[i]) << i;
    EXPECT_EQ(points[i].index, i);
    EXPECT_EQ(points[i].replicate, 0);
  }
  EXPECT_EQ(points[0].id, "p0000");
  EXPECT_EQ(points[5].id, "p0005");
}

TEST(SweepExpansion, ZipGroupsVaryTogetherAndMultiplyTheGridAndSeeds) {
  TempDir dir;
  const auto points = expand_text(dir,
                                  "name: z\n"
                                  "grid:\n"
                                  "  tile.adc.bits: [4, 8]\n"
                                  "zip:\n"
                                  "  - tile.rows: [128, 256, 512]\n"
                                  "    tile.cols: [64, 128, 256]\n"
                                  "seeds: 2\n");
  ASSERT_EQ(points.size(), 2u * 3u * 2u);
  for (const auto& p : points) {
    ASSERT_EQ(p.values.size(), 3u);
    EXPECT_EQ(std::stoi(p.values[1]), 2 * std::stoi(p.values[2]));  // rows and cols together
  }
  EXPECT_EQ(points[0].values, (std::vector<std::string>{"4", "128", "64"}));
  EXPECT_EQ(points[0].replicate, 0);
  EXPECT_EQ(points[1].values, points[0].values);
  EXPECT_EQ(points[1].replicate, 1);
  EXPECT_EQ(points[2].values, (std::vector<std::string>{"4", "256", "128"}));
  EXPECT_EQ(points[6].values, (std::vector<std::string>{"8", "128", "64"}));
  EXPECT_NE(points[0].seed, points[1].seed);  // replicates draw differently
}

TEST(SweepExpansion, RandomPointsStayInTheirRangesAndRepeatWithTheSeed) {
  TempDir dir;
  const std::string text =
      "name: r\n"
      "random:\n"
      "  count: 200\n"
      "  seed: 7\n"
      "  axes:\n"
      "    tile.adc.bits: {choices: [4, 5, 6]}\n"
      "    tile.read.time_since_programming_s: {min: 1, max: 31536000, log: true}\n"
      "    tile.mapping.devices_per_weight: {min: 2, max: 4, integer: true}\n"
      "    tile.dac.range: {min: 0.5, max: 1.5}\n";
  const auto points = expand_text(dir, text);
  ASSERT_EQ(points.size(), 200u);
  std::set<std::string> bits, devices;
  int below_1e4 = 0;
  for (const auto& p : points) {
    bits.insert(p.values[0]);
    const double t = std::stod(p.values[1]);
    EXPECT_GE(t, 1.0);
    EXPECT_LE(t, 31536000.0);
    below_1e4 += t < 1e4;
    devices.insert(p.values[2]);
    const double r = std::stod(p.values[3]);
    EXPECT_GE(r, 0.5);
    EXPECT_LT(r, 1.5);
  }
  EXPECT_EQ(bits, (std::set<std::string>{"4", "5", "6"}));
  EXPECT_EQ(devices, (std::set<std::string>{"2", "3", "4"}));
  // Log-uniform: [1, 1e4) is 4/7.5 of the decades, about 53 % of the points (a uniform draw
  // would put 0.03 % there).
  EXPECT_GT(below_1e4, 80);
  EXPECT_LT(below_1e4, 130);
  const auto again = expand_text(dir, text);
  for (std::size_t i = 0; i < points.size(); ++i) EXPECT_EQ(again[i].values, points[i].values);
  const auto other =
      expand_text(dir, std::string(text).replace(text.find("seed: 7"), 7, "seed: 8"));
  EXPECT_NE(other[0].values, points[0].values);
}

TEST(SweepExpansion, APointSeedDependsOnTheRootSeedValuesAndReplicateNotTheIndex) {
  TempDir dir;
  const auto a = expand_text(dir, "name: a\ngrid:\n  tile.adc.bits: [4, 6, 8]\n");
  const auto b = expand_text(dir, "name: b\ngrid:\n  tile.adc.bits: [8, 6]\n");
  EXPECT_EQ(a[2].seed, b[0].seed);  // bits=8 at index 2 and at index 0
  EXPECT_EQ(a[1].seed, b[1].seed);
  EXPECT_EQ(a[0].seed, point_seed(1, {{"tile.adc.bits", "4"}}, 0));
  EXPECT_EQ(a[0].seed, hash_text("root=1;tile.adc.bits=4;replicate=0") & ((1ULL << 53) - 1));
  const auto c = expand_text(dir, "name: c\nrun: {seed: 2}\ngrid:\n  tile.adc.bits: [4]\n");
  EXPECT_NE(c[0].seed, a[0].seed);
  EXPECT_LT(a[0].seed, 1ULL << 53);
}

TEST(SweepExpansion, PointIdsArePaddedToTheDigitsOfTheLastIndexAtLeastFour) {
  EXPECT_EQ(point_id(0, 1), "p0000");
  EXPECT_EQ(point_id(9999, 10000), "p9999");
  EXPECT_EQ(point_id(7, 10001), "p00007");
  EXPECT_EQ(point_id(123456, 200000), "p123456");
}

TEST(SweepExpansion, NoAxesIsOnePointOfTheBaseConfiguration) {
  TempDir dir;
  const auto points = expand_text(dir, "name: one\nseeds: 3\n");
  ASSERT_EQ(points.size(), 3u);
  EXPECT_TRUE(points[0].values.empty());
  EXPECT_EQ(points[2].replicate, 2);
}

TEST(SweepExpansion, ColumnsFollowTheOrderOfTheFile) {
  TempDir dir;
  const SweepSpec spec = parse_sweep_file(write_text(
      dir.file("s.yaml"),
      "name: o\nzip:\n  - tile.rows: [128]\n    run.samples: [2]\ngrid:\n  tile.adc.bits: [4]\n"));
  EXPECT_EQ(spec.axis_keys,
            (std::vector<std::string>{"tile.rows", "run.samples", "tile.adc.bits"}));
  const auto points = expand_points(spec);
  EXPECT_EQ(points[0].values, (std::vector<std::string>{"128", "2", "4"}));
}

}  // namespace
}  // namespace kirchhoff::sweep
