// Every event of a workload run carries its sample and its layer: events.csv has the sample
// index and the layer's name (the ONNX node name) in `layer_name`, timeline.json the same in
// its args, and waves.vcd names the tiles' enumerated `layer` values in a comment.
#include <gtest/gtest.h>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// events.csv rows split at commas (no field of these runs is quoted).
std::vector<std::vector<std::string>> read_rows(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) row.push_back(field);
    if (!line.empty() && line.back() == ',') row.emplace_back();
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(EventTags, MlpEventsCarryTheirSampleAndTheLayerName) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / "kh_event_tags";
  fs::remove_all(dir);
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const kirchhoff::test::CliResult r = kirchhoff::test::run_cli(
      "run " + src + "/configs/chips/hermes64.yaml --set chip.tiles=60 --set " +
      "chip.global_dpus=4 --workload " + src + "/tests/data/mlp.onnx --inputs " + src +
      "/tests/data/fmnist_inputs.npy --samples 3 --events --perfetto --vcd --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.output;

  const auto rows = read_rows(dir / "events.csv");
  ASSERT_GT(rows.size(), 1u);
  const auto& h = rows[0];
  const auto col = [&](const std::string& name) {
    const auto it = std::find(h.begin(), h.end(), name);
    EXPECT_NE(it, h.end()) << name;
    return static_cast<std::size_t>(it - h.begin());
  };
  const std::size_t kind = col("kind"), sample = col("sample"), layer_name = col("layer_name");
  std::set<std::pair<std::string, std::string>> mvms;  // (sample, layer name)
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), h.size()) << "row " << i;
    if (rows[i][kind] == "mvm") mvms.emplace(rows[i][sample], rows[i][layer_name]);
  }
  std::set<std::pair<std::string, std::string>> expected;
  for (const char* s : {"0", "1", "2"}) {
    for (const char* l : {"fc1", "fc2", "fc3"}) expected.emplace(s, l);
  }
  EXPECT_EQ(mvms, expected);

  const auto timeline = nlohmann::json::parse(slurp(dir / "timeline.json"));
  std::set<std::pair<int, std::string>> timeline_mvms;
  for (const auto& e : timeline["traceEvents"]) {
    if (e.value("name", "") != "mvm" || !e.contains("args")) continue;
    const auto& a = e["args"];
    if (a.contains("sample") && a.contains("layer_name"))
      timeline_mvms.emplace(a["sample"].get<int>(), a["layer_name"].get<std::string>());
  }
  EXPECT_EQ(timeline_mvms.size(), 9u);
  EXPECT_EQ(timeline_mvms.count({2, "fc3"}), 1u);

  const std::string vcd = slurp(dir / "waves.vcd");
  EXPECT_NE(vcd.find("$comment layer names (tile .layer values): 0=fc1 1=relu1 2=fc2 3=relu2 "
                     "4=fc3 $end"),
            std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
