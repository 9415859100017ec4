// DIR/sweep.json's hash tells a resume whether DIR holds this very sweep: it must change when
// anything a point's result depends on changes, including the contents of the files it reads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sweep/expansion.h"
#include "sweep/manifest.h"
#include "sweep/point_config.h"
#include "sweep/sweep_spec.h"
#include "tests/sweep/sweep_test_files.h"

namespace kirchhoff::sweep {
namespace {

using test::TempDir;
using test::write_text;

Manifest manifest_of(const std::string& sweep_file) {
  const SweepSpec spec = parse_sweep_file(sweep_file);
  return make_manifest(spec, base_config_yaml(spec), expand_points(spec));
}

TEST(SweepManifest, TheHashCoversTheContentsOfTheFilesThePointsRead) {
  TempDir dir;
  write_text(dir.file("in_a.npy"), "first inputs");
  write_text(dir.file("in_b.npy"), "other inputs");
  const std::string sweep = write_text(dir.file("s.yaml"),
                                       "name: files\n"
                                       "run:\n"
                                       "  workload: dense\n"
                                       "grid:\n"
                                       "  run.inputs: [in_a.npy, in_b.npy]\n");
  const Manifest before = manifest_of(sweep);
  const auto files = nlohmann::json::parse(before.json)["input_files"];
  ASSERT_EQ(files.size(), 2u) << before.json;  // "dense" is built in, not a file
  EXPECT_EQ(files["in_a.npy"].get<std::string>().size(), 16u);
  EXPECT_NE(files["in_a.npy"], files["in_b.npy"]);
  EXPECT_EQ(manifest_of(sweep).hash, before.hash);  // the same files: the same sweep

  write_text(dir.file("in_b.npy"), "changed inputs");
  const Manifest after = manifest_of(sweep);
  EXPECT_NE(after.hash, before.hash);
  EXPECT_EQ(nlohmann::json::parse(after.json)["input_files"]["in_a.npy"], files["in_a.npy"]);
}

TEST(SweepManifest, AMissingFileIsMarkedUnreadable) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"),
                                       "name: missing\n"
                                       "run:\n"
                                       "  workload: dense\n"
                                       "  labels: nowhere.npy\n"
                                       "grid:\n"
                                       "  tile.adc.bits: [4, 8]\n");
  const auto j = nlohmann::json::parse(manifest_of(sweep).json);
  EXPECT_EQ(j["input_files"], nlohmann::json({{"nowhere.npy", "unreadable"}}));
}

}  // namespace
}  // namespace kirchhoff::sweep
