// A workload pipelined across the chips of a system (system/system_simulation.h), with ideal
// devices and exact converters: the shipped MLP on two 4-tile chips gives the single-chip run's
// outputs, a native LSTM stack on three 1-tile chips the float reference's, and the links carry
// exactly the crossing activations in the DPU's format, busy bytes / bandwidth. One simulation
// per process (each TEST is its own process).
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../common/cli_runner.h"
#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "models/random_stream.h"
#include "system/system_simulation.h"
#include "workloads/native_workload.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kSystem = kSource + "/configs/systems/hermes4_x3.yaml";
// Ideal devices, 24-bit converters, fp32 DPUs: the chip computes the float reference.
const std::vector<std::string> kExact = {"tile.device.type=ideal", "tile.dac.noise_management=true",
                                         "tile.dac.bits=24",       "tile.adc.bits=24",
                                         "tile.adc.bound=40",      "dpu.format=fp32"};

std::vector<std::vector<float>> samples_of(const std::string& npy, std::size_t n) {
  Shape shape;
  const std::vector<float> all = read_npy_f32(npy, nullptr, &shape);
  const std::size_t len = all.size() / static_cast<std::size_t>(shape.at(0));
  std::vector<std::vector<float>> x;
  for (std::size_t s = 0; s < n; ++s)
    x.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(s * len),
                   all.begin() + static_cast<std::ptrdiff_t>((s + 1) * len));
  return x;
}

SystemRunResult run(const config::SystemConfig& sys, const WorkloadGraph& g, SystemPartition& p,
                    const std::vector<std::vector<float>>& x) {
  calibrate_partition(g, sys, x, p);
  std::vector<std::unique_ptr<traces::Recorder>> recorders;
  for (std::size_t k = 0; k < p.shares.size(); ++k)
    recorders.push_back(std::make_unique<traces::Recorder>());
  return run_system_simulation(sys, g, p, x, nullptr, {}, recorders);
}

TEST(SystemRun, MlpOnTwoChipsGivesTheSingleChipOutputsAndBooksItsLinkExactly) {
  constexpr std::size_t kSamples = 8;
  // The single-chip run of the same network on the stock 64-tile chip, in its own process.
  const std::string dir = ::testing::TempDir() + "sysrun_single_" + std::to_string(::getpid());
  std::string sets;
  for (const auto& s : kExact) sets += " --set " + s;
  const test::CliResult single =
      test::run_cli("run " + kSource + "/configs/chips/hermes64.yaml --workload " + kData +
                    "/mlp.onnx" + " --inputs " + kData +
                    "/fmnist_inputs.npy --samples 8 --outputs --quiet --out " + dir + sets);
  ASSERT_EQ(single.code, 0) << single.output;
  const std::vector<float> single_out = read_npy_f32(dir + "/outputs.npy");

  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  const config::SystemConfig sys = config::load_system_config(kSystem, kExact);
  SystemPartition p = partition_workload(g, sys);
  ASSERT_EQ(p.shares.size(), 2u);
  const SystemRunResult r = run(sys, g, p, samples_of(kData + "/fmnist_inputs.npy", kSamples));
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), kSamples);
  ASSERT_EQ(single_out.size(), kSamples * 10);
  for (std::size_t s = 0; s < kSamples; ++s)
    for (std::size_t c = 0; c < 10; ++c)
      EXPECT_FLOAT_EQ(r.outputs[s].at(c), single_out[s * 10 + c]) << "sample " << s;
  EXPECT_LT(r.output_rel_l2_error, 1e-5);

  // One link direction carried traffic: 256 fp32 values per sample, 1024 bytes, 16 ns each on
  // 512 Gbit/s; 0.5 pJ/bit.
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].name, "c0->c1");
  EXPECT_EQ(r.links[0].transfers, kSamples);
  EXPECT_EQ(r.links[0].bytes, kSamples * 256 * 4);
  EXPECT_EQ(p.cut_bytes, 256 * 4);
  EXPECT_DOUBLE_EQ(r.links[0].busy_ns, kSamples * 16.0);
  EXPECT_DOUBLE_EQ(r.links[0].energy_pj, kSamples * 1024 * 8 * 0.5);
  EXPECT_DOUBLE_EQ(r.links_energy_pj, r.links[0].energy_pj);
  // Per chip: its tiles and its share of the ops; the system's energy is theirs plus the link's.
  ASSERT_EQ(r.chips.size(), 2u);
  EXPECT_EQ(r.chips[0].summary.tiles.size(), 4u);
  EXPECT_EQ(r.chips[1].summary.tiles.size(), 2u);
  EXPECT_EQ(r.ops, r.chips[0].summary.ops + r.chips[1].summary.ops);
  EXPECT_EQ(r.ops, kSamples * 2 * (784 * 256 + 256 * 128 + 128 * 10));
  EXPECT_DOUBLE_EQ(r.chips_energy_pj, r.chips[0].summary.system_level.energy_pj +
                                          r.chips[1].summary.system_level.energy_pj);
  EXPECT_DOUBLE_EQ(r.tops_per_w,
                   static_cast<double>(r.ops) / (r.chips_energy_pj + r.links_energy_pj));
  // The samples stream: the span of all of them is shorter than their latencies end to end
  // (chip 0 takes sample s + 1 while sample s crosses the link and runs on chip 1).
  double latency_sum = 0;
  for (double l : r.latencies_ns) latency_sum += l;
  EXPECT_LT(r.inference_span_ns, 0.75 * latency_sum);
  // Every sample's latency spans both chips and the link: more than either chip's share.
  for (std::size_t s = 0; s < kSamples; ++s) {
    EXPECT_GT(r.latencies_ns[s], r.chips[0].summary.latency_mean_ns);
    EXPECT_GT(r.latencies_ns[s], r.chips[1].summary.latency_mean_ns);
  }
}

TEST(SystemRun, NativeLstmStackOnThreeChipsMatchesTheFloatReference) {
  const std::string yaml = ::testing::TempDir() + "lstm3_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(yaml) << "name: lstm3\nseed: 3\ninput: {name: x, shape: [4, 1, 16]}\nlayers:\n"
                         "  - {name: l1, op: lstm, hidden: 32, output: sequence}\n"
                         "  - {name: r1, op: reshape, shape: [4, 1, 32]}\n"
                         "  - {name: l2, op: lstm, hidden: 32, output: sequence}\n"
                         "  - {name: r2, op: reshape, shape: [4, 1, 32]}\n"
                         "  - {name: l3, op: lstm, hidden: 32, output: last}\n";
  const WorkloadGraph g = load_workload(yaml);
  std::remove(yaml.c_str());
  std::vector<std::string> sets = kExact;
  sets.insert(sets.end(), {"chip.tiles=1", "chip.mesh_cols=1", "chip.mesh_rows=1"});
  const config::SystemConfig sys = config::load_system_config(kSystem, sets);
  SystemPartition p = partition_workload(g, sys);
  ASSERT_EQ(p.shares.size(), 3u);  // one LSTM per 1-tile chip
  EXPECT_EQ(p.shares[1].graph.layers.front().name, "l2");
  EXPECT_EQ(p.shares[2].graph.layers.front().name, "l3");
  EXPECT_EQ(p.cut_bytes, 2 * 128 * 4);  // two 4 x 32 sequences in fp32
  RandomStream rng(11, "system_run_test");
  std::vector<std::vector<float>> x(3, std::vector<float>(64));
  std::uint64_t e = 0;
  for (auto& v : x)
    for (float& f : v) f = static_cast<float>(rng.uniform(0, e++) * 2.0 - 1.0);
  const SystemRunResult r = run(sys, g, p, x);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), 3u);
  EXPECT_EQ(r.outputs[0].size(), 32u);
  EXPECT_LT(r.output_rel_l2_error, 1e-5);
  ASSERT_EQ(r.links.size(), 2u);
  EXPECT_EQ(r.links[0].name, "c0->c1");
  EXPECT_EQ(r.links[1].name, "c1->c2");
  for (const LinkFigures& l : r.links) EXPECT_EQ(l.bytes, 3u * 128 * 4);
  for (const WorkloadRunResult& c : r.chips)
    for (double err : c.layer_rel_l2_error) EXPECT_LT(err, 1e-5);
  // Inference starts on every chip when the last one is programmed (l1's tile has fewer rows to
  // program than l2's and l3's), so no sample waits at a chip still being programmed.
  for (const WorkloadRunResult& c : r.chips)
    EXPECT_EQ(c.summary.programming_time_ns, r.chips.front().summary.programming_time_ns);
}

}  // namespace
}  // namespace kirchhoff
