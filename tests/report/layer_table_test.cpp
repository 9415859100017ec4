// The per-layer figures as summary.json and the console show them, formatted exactly.
#include <gtest/gtest.h>

#include <string>

#include "report/run_summary.h"

namespace kirchhoff {
namespace {

RunSummary two_layers() {
  RunSummary s;
  s.chip = "test-chip";
  LayerFigures a;
  a.name = "conv1";
  a.tiles = 2;
  a.mvms = 1568;
  a.ops = 1000;
  a.latency_ns = 1234.5;
  a.energy[traces::EnergyCategory::kArray] = 100;
  a.energy[traces::EnergyCategory::kStatic] = 50;
  a.utilisation = 0.5;
  a.busy = {0.75, 0.125, 0.25, 0.5};
  a.limit = LayerResource::kTile;
  LayerFigures b;
  b.name = "a_very_long_layer_name";
  b.tiles = 1;
  b.mvms = 4;
  b.latency_ns = 10;
  b.busy = {0.1, 0.2, 0.0, 0.3};
  b.limit = LayerResource::kHostPort;
  s.layers = {a, b};
  s.output_read_ns = 564;
  return s;
}

TEST(LayerTable, JsonListsEveryLayerWithItsFiguresAndLimit) {
  const nlohmann::ordered_json j = to_json(two_layers());
  ASSERT_TRUE(j.contains("layers"));
  ASSERT_EQ(j["layers"].size(), 2u);
  const auto& l = j["layers"][0];
  EXPECT_EQ(l["name"], "conv1");
  EXPECT_EQ(l["tiles"], 2);
  EXPECT_EQ(l["mvms"], 1568);
  EXPECT_EQ(l["ops"], 1000);
  EXPECT_EQ(l["latency_ns"], 1234.5);
  EXPECT_EQ(l["energy_pj"]["total"], 150.0);
  EXPECT_EQ(l["energy_pj"]["array"], 100.0);
  EXPECT_EQ(l["energy_pj"]["static"], 50.0);
  EXPECT_EQ(l["utilisation"], 0.5);
  EXPECT_EQ(l["busy"]["tile"], 0.75);
  EXPECT_EQ(l["busy"]["dpu"], 0.125);
  EXPECT_EQ(l["busy"]["link"], 0.25);
  EXPECT_EQ(l["busy"]["host_port"], 0.5);
  EXPECT_EQ(l["limit"], "tile");
  EXPECT_EQ(j["layers"][1]["limit"], "host_port");
  EXPECT_EQ(j["output_read_ns"], 564.0);
}

TEST(LayerTable, JsonHasNoLayersWithoutAWorkloadHost) {
  const nlohmann::ordered_json j = to_json(RunSummary{});
  EXPECT_FALSE(j.contains("layers"));
  EXPECT_FALSE(j.contains("output_read_ns"));
}

TEST(LayerTable, TextPrintsOneRowPerLayerAndTheOutputRead) {
  const std::string text = to_text(two_layers());
  const std::string table =
      "  layer         kind     tiles      MVMs   latency ns     energy pJ  util %  limit (busy "
      "%)\n"
      "  conv1         analog       2      1568       1234.5           150    50.0  tile (75.0)\n"
      "  a_very_long_~ analog       1         4         10.0             0     0.0  host_port "
      "(30.0)\n"
      "  (output read)                                 564.0\n";
  EXPECT_NE(text.find(table), std::string::npos) << text;
}

}  // namespace
}  // namespace kirchhoff
