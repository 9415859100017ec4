// A dense layer whose weights span chips (compiler/dense_split.h): split by input rows into
// blocks that each fill a chip, a running partial sum crossing each link between them, the bias
// and activation once after the complete sum. One simulation per process (each TEST its own).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../common/cli_runner.h"
#include "compiler/dense_split.h"
#include "compiler/dense_split_report.h"
#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "models/random_stream.h"
#include "system/system_simulation.h"
#include "workloads/native_workload.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kSpan = std::string(KIRCHHOFF_TEST_DATA_DIR) + "/dense_span.yaml";
// Three 4-tile chips of 256 x 256 weights in a ring; ideal devices, 24-bit converters, fp32
// DPUs: every chip computes the float reference up to the converters' 2^-23 steps.
const std::vector<std::string> kExact = {"tile.device.type=ideal", "tile.dac.noise_management=true",
                                         "tile.dac.bits=24",       "tile.adc.bits=24",
                                         "tile.adc.bound=40",      "dpu.format=fp32"};

config::SystemConfig three_chips(std::vector<std::string> sets = kExact) {
  return config::load_system_config(kSource + "/configs/systems/hermes4_x3.yaml", sets);
}

// `samples` inputs of `values` values ~ U(-1, 1), seeded.
std::vector<std::vector<float>> uniform_inputs(std::uint64_t seed, int samples, int values) {
  RandomStream rng(seed, "dense_split_test");
  std::vector<std::vector<float>> x(static_cast<std::size_t>(samples),
                                    std::vector<float>(static_cast<std::size_t>(values)));
  std::uint64_t e = 0;
  for (auto& v : x)
    for (float& f : v) f = static_cast<float>(rng.uniform(0, e++) * 2.0 - 1.0);
  return x;
}

// Calibrates the partition's converter ranges on `x` and runs it on the system.
SystemRunResult calibrate_and_run(const config::SystemConfig& sys, const SplitGraph& s,
                                  SystemPartition& p, const std::vector<std::vector<float>>& x) {
  calibrate_partition(s.graph, sys, x, p);
  std::vector<std::unique_ptr<traces::Recorder>> recorders;
  for (std::size_t k = 0; k < p.shares.size(); ++k)
    recorders.push_back(std::make_unique<traces::Recorder>());
  return run_system_simulation(sys, s.graph, p, x, nullptr, {}, recorders);
}

TEST(SystemDenseSplit, ATooBigDenseLayerBecomesRowBlocksAndARunningSum) {
  const WorkloadGraph g = load_native_workload(kSpan);
  const SplitGraph s = split_dense_layers(g, three_chips());
  ASSERT_EQ(s.splits.size(), 1u);
  const DenseSplit& d = s.splits[0];
  EXPECT_EQ(d.layer, "fc_big");
  EXPECT_EQ(d.rows, 2500);
  EXPECT_EQ(d.cols, 200);
  // A 4-tile chip holds 4 row blocks of 256 rows: 1,024 rows per block.
  ASSERT_EQ(d.blocks.size(), 3u);
  EXPECT_EQ(d.blocks[0].row_begin, 0);
  EXPECT_EQ(d.blocks[0].row_end, 1024);
  EXPECT_EQ(d.blocks[1].row_end, 2048);
  EXPECT_EQ(d.blocks[2].row_end, 2500);
  EXPECT_EQ(d.blocks[0].tiles, 4);
  EXPECT_EQ(d.blocks[2].tiles, 2);
  EXPECT_EQ(d.sums, (std::vector<std::string>{"fc_big/sum1", "fc_big/sum2", "fc_big"}));
  // in0 block0 in1 block1 sum1 in2 block2 sum2 fc_big(bias) relu fc_out
  const WorkloadGraph& sg = s.graph;
  ASSERT_EQ(sg.layers.size(), 11u);
  EXPECT_EQ(sg.layers[sg.find("relu")].inputs, std::vector<int>{sg.find("fc_big")});
  EXPECT_EQ(sg.layers[sg.find("fc_big/sum2")].inputs,
            (std::vector<int>{sg.find("fc_big/block2"), sg.find("fc_big/sum1")}));
  EXPECT_TRUE(sg.layers[sg.find("fc_big/block2")].dense().bias.empty());
  // The split graph's float reference is the original's (the same sums in another order).
  RandomStream rng(5, "dense_split_test");
  std::vector<float> x(2500);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(rng.uniform(0, i) * 2.0 - 1.0);
  const auto a = run_reference(g, x);
  const auto b = run_reference(sg, x);
  ASSERT_EQ(a.back().size(), b.back().size());
  for (std::size_t i = 0; i < a.back().size(); ++i)
    EXPECT_NEAR(a.back()[i], b.back()[i], 1e-5f * (1.0f + std::fabs(a.back()[i])));
  // A layer that fits one chip whole stays as it is.
  EXPECT_TRUE(split_dense_layers(g, config::load_system_config(
                                        kSource + "/configs/systems/hermes4_x3.yaml",
                                        {"chip.tiles=16", "chip.mesh_cols=4", "chip.mesh_rows=4"}))
                  .splits.empty());
}

TEST(SystemDenseSplit, PartitionPutsOneBlockPerChipAndThePartialSumsCrossTheLinks) {
  const config::SystemConfig sys = three_chips();
  const SplitGraph s = split_dense_layers(load_native_workload(kSpan), sys);
  const SystemPartition p = partition_workload(s.graph, sys);
  ASSERT_EQ(p.shares.size(), 3u);
  EXPECT_EQ(share_of_layer(s.graph, p, "fc_big/block0"), 0);
  EXPECT_EQ(share_of_layer(s.graph, p, "fc_big/block1"), 1);
  EXPECT_EQ(share_of_layer(s.graph, p, "fc_big/block2"), 2);
  EXPECT_EQ(share_of_layer(s.graph, p, "fc_out"), 2);
  EXPECT_EQ(p.shares[0].plan.tiles_used, 4);
  EXPECT_EQ(p.shares[1].plan.tiles_used, 4);
  EXPECT_EQ(p.shares[2].plan.tiles_used, 3);  // block2's 2 tiles and fc_out's
  // Each link carries the running sum, 200 values in fp32; the graph input goes to every chip
  // from its own host, over no link.
  const std::vector<PartialSumCrossing> c = partial_sum_crossings(s.splits[0], s.graph, p);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].name, "fc_big/block0");
  EXPECT_EQ(c[0].from_share, 0);
  EXPECT_EQ(c[0].to_share, 1);
  EXPECT_EQ(c[0].bytes, 800);
  EXPECT_EQ(c[1].name, "fc_big/sum1");
  EXPECT_EQ(c[1].from_share, 1);
  EXPECT_EQ(c[1].to_share, 2);
  EXPECT_EQ(c[1].bytes, 800);
  EXPECT_EQ(p.cut_bytes, 1600);
  ASSERT_EQ(p.shares[1].inputs.size(), 2u);
  EXPECT_EQ(p.shares[1].inputs[0].layer, Layer::kGraphInput);
  EXPECT_EQ(p.shares[1].inputs[0].bytes, 0);
  // In fp16 (the preset's DPU format) half the bytes.
  const SystemPartition h = partition_workload(s.graph, three_chips({}));
  EXPECT_EQ(h.cut_bytes, 800);
}

TEST(SystemDenseSplit, RunOnThreeChipsMatchesTheFloatReferenceAndBooksThePartialSums) {
  const config::SystemConfig sys = three_chips();
  const WorkloadGraph g = load_native_workload(kSpan);
  const SplitGraph s = split_dense_layers(g, sys);
  SystemPartition p = partition_workload(s.graph, sys);
  const std::vector<std::vector<float>> x = uniform_inputs(9, 3, 2500);
  const SystemRunResult r = calibrate_and_run(sys, s, p, x);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), 3u);
  // Against the original (unsplit) network's float reference: 24-bit converters quantise each
  // block's input and partial sum to 2^-23 of its range, and the sums are fp32, so what is left
  // is rounding of order 1e-6 relative (measured <= 2.0e-6); 1e-5 leaves a margin of 5 and
  // catches a lost or
  // doubled block (an error of order 1) or a bias applied per block.
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::vector<float> ref = run_reference(g, x[i]).back();
    ASSERT_EQ(r.outputs[i].size(), ref.size());
    double num = 0, den = 0;
    for (std::size_t k = 0; k < ref.size(); ++k) {
      num += (r.outputs[i][k] - ref[k]) * (r.outputs[i][k] - ref[k]);
      den += ref[k] * ref[k];
    }
    std::printf("sample %zu: rel. L2 error %.3g\n", i, std::sqrt(num / den));
    EXPECT_LT(std::sqrt(num / den), 1e-5) << "sample " << i;
  }
  EXPECT_LT(r.output_rel_l2_error, 1e-5);
  // Every link direction that carried traffic: the running sum, 200 fp32 values per sample.
  ASSERT_EQ(r.links.size(), 2u);
  EXPECT_EQ(r.links[0].name, "c0->c1");
  EXPECT_EQ(r.links[1].name, "c1->c2");
  for (const LinkFigures& l : r.links) {
    EXPECT_EQ(l.bytes, 3u * 800);
    EXPECT_EQ(l.transfers, 3u);
  }
}

TEST(SystemDenseSplit, MapShowsTheBlocksTheirChipsAndThePartialSumBytes) {
  const std::string sys = kSource + "/configs/systems/hermes4_x3.yaml";
  const test::CliResult j = test::run_cli("map " + sys + " --workload " + kSpan + " --json");
  ASSERT_EQ(j.code, 0) << j.output;
  const auto split = nlohmann::json::parse(j.output).at("split_layers").at(0);
  EXPECT_EQ(split.at("layer"), "fc_big");
  EXPECT_EQ(split.at("sum_chip"), "c2");
  ASSERT_EQ(split.at("blocks").size(), 3u);
  EXPECT_EQ(split.at("blocks")[1].at("chip"), "c1");
  EXPECT_EQ(split.at("blocks")[1].at("row_begin"), 1024);
  EXPECT_EQ(split.at("blocks")[2].at("row_end"), 2500);
  ASSERT_EQ(split.at("partial_sums").size(), 2u);
  EXPECT_EQ(split.at("partial_sums")[1].at("name"), "fc_big/sum1");
  EXPECT_EQ(split.at("partial_sums")[1].at("from"), "c1");
  EXPECT_EQ(split.at("partial_sums")[1].at("to"), "c2");
  EXPECT_EQ(split.at("partial_sums")[1].at("bytes"), 400);  // 200 values in the preset's fp16
  const test::CliResult t = test::run_cli("map " + sys + " --workload " + kSpan);
  ASSERT_EQ(t.code, 0) << t.output;
  EXPECT_NE(t.output.find("  fc_big (2500 x 200 weights): 3 blocks, complete sum on c2\n"
                          "    fc_big/block0 rows 0..1023 (4 tiles) on c0\n"),
            std::string::npos)
      << t.output;
  EXPECT_NE(t.output.find("partial sum fc_big/block0 c0 -> c1: 200 values, 400 bytes per "
                          "inference\n"),
            std::string::npos)
      << t.output;
}

TEST(SystemDenseSplit, ShippedExampleSpansTwo14nmChips) {
  // configs/workloads/dense_span34.yaml on the five IBM 14 nm chips (docs/multichip.md).
  const config::SystemConfig sys =
      config::load_system_config(kSource + "/configs/systems/ibm14nm34_x5.yaml");
  const SplitGraph s = split_dense_layers(
      load_native_workload(kSource + "/configs/workloads/dense_span34.yaml"), sys);
  ASSERT_EQ(s.splits.size(), 1u);
  ASSERT_EQ(s.splits[0].blocks.size(), 2u);
  EXPECT_EQ(s.splits[0].blocks[0].row_end, 8704);  // 17 row blocks x 2 column blocks = 34 tiles
  EXPECT_EQ(s.splits[0].blocks[1].tiles, 14);
  const SystemPartition p = partition_workload(s.graph, sys);
  ASSERT_EQ(p.shares.size(), 2u);
  EXPECT_EQ(p.shares[0].plan.tiles_used, 34);
  EXPECT_EQ(p.shares[1].plan.tiles_used, 16);
  EXPECT_EQ(p.cut_bytes, 1024 * 2);  // the partial sum, fp16
}

TEST(SystemDenseSplit, ABlockInputMadeOnAnEarlierChipGoesWholeToEveryBlockChip) {
  // 128 x 256 tiles, 4 a chip: fc0 (64 -> 1,024, 4 tiles) fills c0; fc_big (1,024 x 200) takes
  // 8 tiles, two blocks of 512 rows on c1 and c2. relu0 leaves c0 once and goes to both block
  // chips; each slices its rows (its Slice went with its block).
  const std::string yaml = ::testing::TempDir() + "mid_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(yaml) << "name: mid\nseed: 4\ninput: {name: x, shape: [1, 64]}\nlayers:\n"
                         "  - {name: fc0, op: dense, out: 1024}\n"
                         "  - {name: relu0, op: relu}\n"
                         "  - {name: fc_big, op: dense, out: 200, bias: random, bias_std: 0.1}\n";
  const WorkloadGraph g = load_native_workload(yaml);
  std::remove(yaml.c_str());
  std::vector<std::string> sets = kExact;
  sets.push_back("tile.rows=128");
  const config::SystemConfig sys = three_chips(sets);
  const SplitGraph s = split_dense_layers(g, sys);
  ASSERT_EQ(s.splits.size(), 1u);
  ASSERT_EQ(s.splits[0].blocks.size(), 2u);
  SystemPartition p = partition_workload(s.graph, sys);
  ASSERT_EQ(p.shares.size(), 3u);
  EXPECT_EQ(share_of_layer(s.graph, p, "fc_big/in0"), 1);  // with its block, not with relu0
  EXPECT_EQ(share_of_layer(s.graph, p, "fc_big/block1"), 2);
  ASSERT_EQ(p.shares[0].crossing_after.size(), 1u);
  EXPECT_EQ(p.shares[0].crossing_after[0].name, "relu0");
  // After c1: relu0 (1,024 values, from c0) and the partial sum (200 values), fp32.
  ASSERT_EQ(p.shares[1].crossing_after.size(), 2u);
  EXPECT_EQ(p.cut_bytes, 1024 * 4 + (1024 + 200) * 4);
  const std::vector<std::vector<float>> x = uniform_inputs(3, 2, 64);
  const SystemRunResult r = calibrate_and_run(sys, s, p, x);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_LT(r.output_rel_l2_error, 1e-5);  // as above: 24-bit converters, fp32 sums
  std::printf("output rel. L2 error %.3g\n", r.output_rel_l2_error);
  // relu0 goes c0 -> c1 and c0 -> c2 directly (one hop on the ring), the partial sum c1 -> c2;
  // two samples.
  ASSERT_EQ(r.links.size(), 3u);
  EXPECT_EQ(r.links[0].name, "c0->c1");
  EXPECT_EQ(r.links[0].bytes, 2u * 1024 * 4);
  EXPECT_EQ(r.links[1].name, "c1->c2");
  EXPECT_EQ(r.links[1].bytes, 2u * 200 * 4);
  EXPECT_EQ(r.links[2].name, "c0->c2");
  EXPECT_EQ(r.links[2].bytes, 2u * 1024 * 4);
}

TEST(SystemDenseSplit, ReplicatedBlocksAreSizedSoTheirCopiesFitTheChip) {
  // 1,500 x 200 on 4-tile chips: without replication two blocks of 1,024 and 476 rows (4 + 2
  // tiles); with --replication 2 a chip holds two row blocks' copies, so three blocks of 512,
  // 512 and 476 rows, each 2 tiles made twice: 4 tiles on each of the three chips.
  const std::string yaml =
      ::testing::TempDir() + "span_rep_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(yaml) << "name: span_rep\nseed: 1\ninput: {name: x, shape: [1, 1500]}\nlayers:\n"
                         "  - {name: fc, op: dense, out: 200}\n";
  const WorkloadGraph g = load_native_workload(yaml);
  std::remove(yaml.c_str());
  const config::SystemConfig sys = three_chips();
  EXPECT_EQ(split_dense_layers(g, sys).splits.at(0).blocks.size(), 2u);
  MapperOptions twice;
  twice.replication = 2;
  const SplitGraph s = split_dense_layers(g, sys, twice);
  const std::vector<DenseBlock>& b = s.splits.at(0).blocks;
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].row_end, 512);
  EXPECT_EQ(b[1].row_end, 1024);
  EXPECT_EQ(b[2].row_end, 1500);
  EXPECT_EQ(b[2].tiles, 2);
  const SystemPartition p = partition_workload(s.graph, sys, twice);
  ASSERT_EQ(p.shares.size(), 3u);
  for (const ChipShare& share : p.shares) EXPECT_EQ(share.plan.tiles_used, 4);
}

TEST(SystemDenseSplit, TooFewChipsForTheBlocksIsRefusedWithTheChipsItWouldNeed) {
  // 3,500 rows: four blocks of 1,024 rows (4 + 4 + 4 + 2 tiles), four chips; the system has 3.
  const std::string yaml = ::testing::TempDir() + "span4_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(yaml) << "name: span4\nseed: 1\ninput: {name: x, shape: [1, 3500]}\nlayers:\n"
                         "  - {name: fc, op: dense, out: 200}\n";
  const WorkloadGraph g = load_native_workload(yaml);
  std::remove(yaml.c_str());
  const config::SystemConfig sys = three_chips();
  const SplitGraph s = split_dense_layers(g, sys);
  ASSERT_EQ(s.splits.at(0).blocks.size(), 4u);
  try {
    partition_workload(s.graph, sys);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("needs 4 chips like c0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("the system has 3"), std::string::npos) << e.what();
  }
}

TEST(SystemDenseSplit, ALayerWhoseRowBlockExceedsAChipIsRefusedWithTheChipsItWouldNeed) {
  // 300 x 1,200: one row block of 256 rows takes 5 tiles (1,200 / 256 columns), a chip has 4;
  // the layer's 10 tiles would need 3 chips with a split by columns, which is not done.
  const std::string yaml = ::testing::TempDir() + "wide_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(yaml) << "name: wide\nseed: 1\ninput: {name: x, shape: [1, 300]}\nlayers:\n"
                         "  - {name: fc, op: dense, out: 1200}\n";
  const WorkloadGraph g = load_native_workload(yaml);
  std::remove(yaml.c_str());
  const config::SystemConfig sys = three_chips();
  const SplitGraph s = split_dense_layers(g, sys);
  EXPECT_TRUE(s.splits.empty());
  try {
    partition_workload(s.graph, sys);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("layers from 'fc' to the next cut need more than one chip like c0"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("10 tiles, the chip has 4, it would need 3 chips"), std::string::npos) << m;
    EXPECT_NE(m.find("one row block of 'fc' (256 of its 300 x 1200 weights) takes 5 tiles"),
              std::string::npos)
        << m;
  }
}

}  // namespace
}  // namespace kirchhoff
