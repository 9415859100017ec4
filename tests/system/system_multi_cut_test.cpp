// Cuts that several tensors cross (compiler/system_cuts.h): the RNN-T step, whose prediction
// network is read by the joint network past the encoder, and whose encoder starts from the graph
// input again. The scaled-down step runs on three chips against the float reference; the shipped
// step maps onto the five 14 nm chips. One simulation per process (each TEST its own process).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../common/cli_runner.h"
#include "compiler/system_cuts.h"
#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "host/sample_inbox.h"
#include "models/random_stream.h"
#include "system/system_simulation.h"
#include "workloads/native_workload.h"
#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kSmall = kSource + "/configs/workloads/rnnt_small.yaml";
// Three 4-tile chips in a ring; ideal devices, 24-bit converters, fp32 DPUs: every chip computes
// the float reference up to the converters' 2^-23 steps.
const std::vector<std::string> kExact = {"tile.device.type=ideal", "tile.dac.noise_management=true",
                                         "tile.dac.bits=24",       "tile.adc.bits=24",
                                         "tile.adc.bound=40",      "dpu.format=fp32"};

config::SystemConfig three_chips() {
  return config::load_system_config(kSource + "/configs/systems/hermes4_x3.yaml", kExact);
}

int layer(const WorkloadGraph& g, const std::string& name) {
  return g.find(name);
}

TEST(SystemMultiCut, TheEncoderCutCarriesTheGraphInputAndThePredictionProjection) {
  const WorkloadGraph g = load_native_workload(kSmall);
  // Cuts sit before a weight layer, or before the input views that feed it (the frames Slice
  // and its Reshape go with enc_lstm1); none before the first weight layer.
  const std::vector<int> cuts = cut_positions(g);
  EXPECT_EQ(cuts.front(), layer(g, "pred_lstm1"));
  EXPECT_NE(std::find(cuts.begin(), cuts.end(), layer(g, "frames")), cuts.end());
  EXPECT_EQ(std::find(cuts.begin(), cuts.end(), layer(g, "enc_lstm1")), cuts.end());
  // Before the encoder: the graph input and joint_pred are read past it.
  EXPECT_EQ(tensors_read_across(g, layer(g, "frames"), static_cast<int>(g.layers.size())),
            (std::vector<int>{Layer::kGraphInput, layer(g, "joint_pred")}));
  EXPECT_EQ(tensors_leaving(g, 0, layer(g, "enc_lstm3")),
            (std::vector<int>{layer(g, "joint_pred"), layer(g, "time_stack")}));
  // A range reading two tensors gets them as one input vector, each a Slice and a Reshape.
  const ShareGraph s =
      share_graph(g, layer(g, "enc_lstm3"), static_cast<int>(g.layers.size()), g.output_layer());
  EXPECT_EQ(s.graph.input_shape, (Shape{1, 48 + 128}));  // joint_pred, time_stack
  ASSERT_GE(s.graph.layers.size(), 4u);
  EXPECT_EQ(s.graph.layers[1].name, "joint_pred");
  EXPECT_EQ(s.graph.layers[3].name, "time_stack");
  EXPECT_EQ(s.graph.layers[3].shape, g.shape_of(layer(g, "time_stack")));
  EXPECT_EQ(s.layer_of[4], layer(g, "enc_lstm3"));
  // Its float reference is the whole network's, layer for layer, bit for bit.
  std::vector<float> x(60, 0.25f);
  x[40] = 1.0f;
  const auto ref = run_reference(g, x);
  std::vector<float> in = ref[static_cast<std::size_t>(layer(g, "joint_pred"))];
  const auto& ts = ref[static_cast<std::size_t>(layer(g, "time_stack"))];
  in.insert(in.end(), ts.begin(), ts.end());
  const auto sub = run_reference(s.graph, in);
  for (std::size_t i = 4; i < s.graph.layers.size(); ++i)
    EXPECT_EQ(sub[i], ref[static_cast<std::size_t>(s.layer_of[i])]) << s.graph.layers[i].name;
}

TEST(SystemMultiCut, SmallRnntStepOnThreeChipsMatchesTheFloatReference) {
  const WorkloadGraph g = load_native_workload(kSmall);
  const config::SystemConfig sys = three_chips();
  SystemPartition p = partition_workload(g, sys);
  // 11 weight layers of one tile each on three 4-tile chips: all three are used.
  ASSERT_EQ(p.shares.size(), 3u);
  int most_crossing = 0;
  for (const ChipShare& sh : p.shares)
    most_crossing = std::max(most_crossing, static_cast<int>(sh.crossing_after.size()));
  EXPECT_GE(most_crossing, 2) << "some cut carries more than one tensor";
  std::int64_t bytes = 0;
  for (const ChipShare& sh : p.shares)
    for (const CrossingTensor& t : sh.crossing_after) {
      EXPECT_EQ(t.bytes, t.values * 4) << t.name;  // fp32 DPUs
      bytes += t.bytes;
    }
  EXPECT_EQ(p.cut_bytes, bytes);
  for (const ChipShare& sh : p.shares)
    std::printf("share on c%d: layers %s .. %s, %zu inputs, %zu crossing after\n", sh.chip,
                g.layers[static_cast<std::size_t>(sh.first_layer)].name.c_str(),
                g.layers[static_cast<std::size_t>(sh.end_layer - 1)].name.c_str(), sh.inputs.size(),
                sh.crossing_after.size());

  // Acoustic features ~ N(0, 1) and a one-hot previous token per sample.
  RandomStream rng(99, "test.rnnt_inputs");
  std::vector<std::vector<float>> x;
  for (int s = 0; s < 4; ++s) {
    std::vector<float> v(60, 0.0f);
    for (int i = 0; i < 32; ++i)
      v[static_cast<std::size_t>(i)] =
          static_cast<float>(rng.normal(static_cast<std::uint64_t>(s), i));
    v[static_cast<std::size_t>(32 + s * 5 % 28)] = 1.0f;
    x.push_back(std::move(v));
  }
  calibrate_partition(g, sys, x, p);
  std::vector<std::unique_ptr<traces::Recorder>> recorders;
  for (std::size_t k = 0; k < p.shares.size(); ++k)
    recorders.push_back(std::make_unique<traces::Recorder>());
  const SystemRunResult r = run_system_simulation(sys, g, p, x, nullptr, {}, recorders);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), x.size());
  // Every layer on every chip against the float reference: 24-bit converters step 2^-23 of
  // their ranges, so the error stays near 1e-6 (one chip measured <= 6.8e-6:
  // tests/host/rnnt_run_test.cpp); 1e-4 leaves room for ranges calibrated per chip, and is far
  // below what a missing or misplaced operand gives (order 1).
  std::size_t layers = 0;
  for (std::size_t k = 0; k < r.chips.size(); ++k)
    for (std::size_t i = 0; i < r.chips[k].layer_names.size(); ++i, ++layers) {
      std::printf("%s %s: rel L2 error %.3g\n", r.chip_names[k].c_str(),
                  r.chips[k].layer_names[i].c_str(), r.chips[k].layer_rel_l2_error[i]);
      EXPECT_GE(r.chips[k].layer_rel_l2_error[i], 0.0) << r.chips[k].layer_names[i];
      EXPECT_LT(r.chips[k].layer_rel_l2_error[i], 1e-4) << r.chips[k].layer_names[i];
    }
  EXPECT_EQ(layers, 11u);  // every weight layer ran once, on some chip
  EXPECT_LT(r.output_rel_l2_error, 1e-4);
  for (std::size_t s = 0; s < x.size(); ++s) {
    const auto ref = run_reference(g, x[s]);
    ASSERT_EQ(r.outputs[s].size(), 29u);
    EXPECT_EQ(r.reference[s], ref.back());
  }
  // Each link direction carries what the partition sent over it, in fp32.
  std::uint64_t link_bytes = 0;
  for (const LinkFigures& l : r.links) link_bytes += l.bytes;
  EXPECT_GT(link_bytes, 0u);
  EXPECT_LE(link_bytes, static_cast<std::uint64_t>(p.cut_bytes) * x.size());
}

// A chip's input from two chips: the sample is taken only once both parts are there, the parts
// in input order whatever order they came in, at the later arrival.
TEST(SystemMultiCut, InboxStartsASampleWhenEveryPartHasArrived) {
  SampleInbox inbox(2);
  SampleInbox::Arrival a;
  inbox.deliver(0, {3.0f, 4.0f}, sc_core::sc_time(50, sc_core::SC_NS), 1);
  EXPECT_FALSE(inbox.take(0, a));
  inbox.deliver(1, {9.0f}, sc_core::sc_time(10, sc_core::SC_NS), 0);
  EXPECT_FALSE(inbox.take(1, a));
  inbox.deliver(0, {1.0f}, sc_core::sc_time(20, sc_core::SC_NS), 0);
  ASSERT_TRUE(inbox.take(0, a));
  EXPECT_EQ(a.values, (std::vector<float>{1.0f, 3.0f, 4.0f}));
  EXPECT_EQ(a.at, sc_core::sc_time(50, sc_core::SC_NS));
  EXPECT_FALSE(inbox.take(0, a));  // taken once
}

// The shipped RNN-T step (45.3 M weights) maps onto the five 2-PCM 14 nm chips (map only).
TEST(SystemMultiCut, ShippedRnntStepMapsOntoTheFive14nmChips) {
  const test::CliResult r =
      test::run_cli("map " + kSource + "/configs/systems/ibm14nm34_x5_2pcm.yaml --workload " +
                    kSource + "/configs/workloads/rnnt_step.yaml --json");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  ASSERT_EQ(j["shares"].size(), 5u);
  EXPECT_EQ(j["shares"][0]["first_layer"], "token");
  EXPECT_EQ(j["shares"][0]["last_layer"], "joint_pred");
  EXPECT_EQ(j["shares"][1]["first_layer"], "frames");
  // The encoder's chip gets the graph input from the host; the cut after it carries the
  // prediction projection (512 values) and the stacked encoder step (2,048), 2 bytes each.
  EXPECT_EQ(j["shares"][1]["inputs"][0]["name"], "step_in");
  EXPECT_EQ(j["shares"][1]["inputs"][0]["from"], "host");
  EXPECT_EQ(j["shares"][1]["crossing_after"][0]["name"], "joint_pred");
  EXPECT_EQ(j["shares"][1]["crossing_after"][0]["bytes"], 1024);
  EXPECT_EQ(j["shares"][1]["crossing_after"][1]["name"], "time_stack");
  EXPECT_EQ(j["shares"][1]["crossing_after"][1]["bytes"], 4096);
  EXPECT_EQ(j["cut_bytes_per_inference"], 10240);
  int tiles = 0;
  for (const auto& s : j["shares"]) tiles += s["plan"]["tiles_used"].get<int>();
  EXPECT_EQ(tiles, 10 + 28 + 24 + 34 + 1);
}

}  // namespace
}  // namespace kirchhoff
