// What `kirchhoff run` prints and writes for a run: the summary's fields, then the workload's
// per-layer errors and top-1 accuracy, in that order, formatted exactly.
#include <gtest/gtest.h>

#include <iterator>
#include <string>

#include "report/run_report.h"

namespace kirchhoff {
namespace {

RunReport two_layer_report() {
  RunReport r;
  r.summary.chip = "test-chip";
  r.summary.seed = 3;
  r.summary.samples = 2;
  r.summary.output_rel_l2_error = 0.25;
  r.workload = "net";
  r.layers = {{"fc1", 0.125, 0.0, 0.0}, {"a_long_layer_name", 0.25, 0.0, 0.0}};
  return r;
}

TEST(RunReport, JsonAppendsTheWorkloadFiguresAfterTheSummary) {
  RunReport r = two_layer_report();
  const nlohmann::ordered_json j = to_json(r);
  const nlohmann::ordered_json summary = to_json(r.summary);
  // The summary's fields first, unchanged and in order, then the workload's.
  auto it = j.begin();
  for (auto s = summary.begin(); s != summary.end(); ++s, ++it) {
    ASSERT_NE(it, j.end());
    EXPECT_EQ(it.key(), s.key());
    EXPECT_EQ(it.value(), s.value()) << s.key();
  }
  ASSERT_NE(it, j.end());
  EXPECT_EQ(it.key(), "workload");
  EXPECT_EQ(it.value(), "net");
  ++it;
  ASSERT_NE(it, j.end());
  EXPECT_EQ(it.key(), "layer_rel_l2_error");
  EXPECT_EQ(it.value().dump(), R"({"fc1":0.125,"a_long_layer_name":0.25})");
  ++it;
  ASSERT_NE(it, j.end());
  EXPECT_EQ(it.key(), "layer_dac_clipped_fraction");
  EXPECT_EQ(it.value().dump(), R"({"fc1":0.0,"a_long_layer_name":0.0})");
  ++it;
  ASSERT_NE(it, j.end());
  EXPECT_EQ(it.key(), "layer_adc_saturated_fraction");
  EXPECT_EQ(it.value().dump(), R"({"fc1":0.0,"a_long_layer_name":0.0})");
  EXPECT_EQ(++it, j.end());  // no labels: no top-1 fields

  r.top1_chip = 0.5;
  r.top1_reference = 0.75;
  const nlohmann::ordered_json k = to_json(r);
  EXPECT_EQ(k["top1_chip"], 0.5);
  EXPECT_EQ(k["top1_reference"], 0.75);
  EXPECT_EQ(std::prev(k.end()).key(), "top1_reference");
}

TEST(RunReport, TextAppendsOneLinePerLayerAndTheTopOneLine) {
  RunReport r = two_layer_report();
  const std::string summary = to_text(r.summary);
  std::string text = to_text(r);
  ASSERT_EQ(text.substr(0, summary.size()), summary);
  // Layer names fill a 12-character column; longer ones get one space.
  EXPECT_EQ(text.substr(summary.size()),
            "  rel. L2 error fc1         1.250e-01\n"
            "  rel. L2 error a_long_layer_name 2.500e-01\n");
  r.top1_chip = 0.5;
  r.top1_reference = 0.75;
  text = to_text(r);
  EXPECT_EQ(text.substr(text.rfind("  top-1")), "  top-1 chip / reference    50.00 % / 75.00 %\n");
}

// A layer above tile.clip_warning_fraction gets one warning line per converter, naming the layer,
// its fraction and the limit; a layer at or below it gets none.
TEST(RunReport, TextWarnsForEveryLayerThatClipsMoreThanTheLimit) {
  RunReport r = two_layer_report();
  r.layers[0].dac_clipped_fraction = 0.125;
  r.layers[1].adc_saturated_fraction = 0.5;
  r.layers[1].dac_clipped_fraction = 0.01;  // at the limit: no warning
  const nlohmann::ordered_json j = to_json(r);
  EXPECT_EQ(j["layer_dac_clipped_fraction"].dump(), R"({"fc1":0.125,"a_long_layer_name":0.01})");
  EXPECT_EQ(j["layer_adc_saturated_fraction"].dump(), R"({"fc1":0.0,"a_long_layer_name":0.5})");
  const std::string text = to_text(r);
  EXPECT_EQ(text.substr(text.find("  warning:")),
            "  warning: layer fc1 clips 12.50 % of its DAC inputs (limit 1.00 %, "
            "tile.clip_warning_fraction)\n"
            "  warning: layer a_long_layer_name saturates 50.00 % of its ADC outputs (limit "
            "1.00 %, tile.clip_warning_fraction)\n");
  r.clip_warning_fraction = 0.6;
  EXPECT_EQ(to_text(r).find("warning"), std::string::npos);
}

}  // namespace
}  // namespace kirchhoff
