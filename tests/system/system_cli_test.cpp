// `kirchhoff info|map|run SYSTEM.yaml`: a system file is recognised by its `system:` key, a run
// writes the per-chip and per-link summary, and bad input exits 2 with its message and writes
// nothing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "../common/cli_runner.h"

namespace kirchhoff {
namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kSystem = kSource + "/configs/systems/hermes4_x3.yaml";
const std::string kMlp = kSource + "/data/fmnist/mlp.onnx";
const std::string kImages = kSource + "/data/fmnist/test_images_u8.npy";
const std::string kLabels = kSource + "/data/fmnist/test_labels_i64.npy";

std::string temp_dir(const std::string& name) {
  return ::testing::TempDir() + name + "_" + std::to_string(::getpid());
}

TEST(SystemCli, RunWritesPerChipAndPerLinkFigures) {
  const std::string out = temp_dir("system_cli_run");
  const test::CliResult r =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kImages +
                    " --labels " + kLabels + " --samples 16 --quiet --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("link c0->c1"), std::string::npos) << r.output;
  std::ifstream f(out + "/summary.json");
  const nlohmann::json j = nlohmann::json::parse(f);
  EXPECT_EQ(j["samples"], 16);
  ASSERT_EQ(j["chips"].size(), 2u);
  EXPECT_EQ(j["chips"][0]["name"], "c0");
  EXPECT_EQ(j["chips"][0]["summary"]["tiles"].size(), 4u);
  EXPECT_EQ(j["chips"][1]["summary"]["tiles"].size(), 2u);
  ASSERT_EQ(j["links"].size(), 1u);
  // 256 ReLU outputs of fc1 per sample in the DPU's fp16.
  EXPECT_EQ(j["links"][0]["bytes"], 16 * 256 * 2);
  EXPECT_EQ(j["cut_bytes_per_inference"], 512);
  EXPECT_DOUBLE_EQ(j["links"][0]["energy_pj"].get<double>(), 16 * 512 * 8 * 0.5);
  EXPECT_GT(j["top1_chip"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["energy_per_inference_pj"].get<double>(),
                   (j["chips_energy_pj"].get<double>() + j["links_energy_pj"].get<double>()) / 16);
  std::filesystem::remove_all(out);
}

TEST(SystemCli, MapAndInfoShowThePartitionAndTheLinks) {
  const test::CliResult map = test::run_cli("map " + kSystem + " --workload " + kMlp);
  ASSERT_EQ(map.code, 0) << map.output;
  EXPECT_NE(map.output.find("(3 chips, 2 used): 512 bytes cross links per inference"),
            std::string::npos)
      << map.output;
  EXPECT_NE(map.output.find("= 512 bytes to the next chip"), std::string::npos) << map.output;
  const test::CliResult valid = test::run_cli("validate " + kSystem);
  EXPECT_EQ(valid.code, 0) << valid.output;
  EXPECT_NE(valid.output.find("hermes4_x3.yaml: valid (3 chips)"), std::string::npos);
  const test::CliResult info = test::run_cli("info " + kSystem);
  ASSERT_EQ(info.code, 0) << info.output;
  EXPECT_NE(info.output.find("3 chips, topology ring"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("16 lanes x 32 Gbit/s = 512 Gbit/s, latency 2 ns, 0.5 pJ/bit"),
            std::string::npos)
      << info.output;
}

TEST(SystemCli, BadSystemFileExitsTwoWithItsPlace) {
  const std::string path = kSource + "/configs/systems/" + std::to_string(::getpid()) + "_bad.yaml";
  std::ofstream(path) << "system:\n  chips: [{count: 2, config: ../chips/hermes64.yaml}]\n"
                         "  topolgy: ring\n";
  const std::string out = temp_dir("system_cli_bad");
  const test::CliResult r = test::run_cli("run " + path + " --workload " + kMlp + " --inputs " +
                                          kImages + " --out " + out);
  std::remove(path.c_str());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(
      r.output.find(path + ":3:3: unknown key 'system.topolgy' (did you mean 'system.topology'?)"),
      std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SystemCli, NetworkThatDoesNotFitExitsTwoAndWritesNothing) {
  const std::string out = temp_dir("system_cli_nofit");
  const test::CliResult r = test::run_cli(
      // 1-tile chips: fc1's four row blocks of 256 rows alone take four chips (2-tile chips now
      // take the MLP, fc1 split by rows over two: compiler/dense_split.h).
      "run " + kSystem + " --set chip.tiles=1 --set chip.mesh_cols=1 --set chip.mesh_rows=1" +
      " --workload " + kMlp + " --inputs " + kImages + " --out " + out);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("does not fit the system"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SystemCli, TracesArePerChipWithTheLinksAsTracks) {
  const std::string out = temp_dir("system_cli_vcd");
  const test::CliResult r =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kImages +
                    " --samples 4 --vcd --events --quiet --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  // The VCD's hierarchy: system > c0 > tile0 ..., and the link system > link_c0_c1.
  std::ifstream vcd(out + "/c0/waves.vcd");
  const std::string v((std::istreambuf_iterator<char>(vcd)), std::istreambuf_iterator<char>());
  EXPECT_NE(v.find("$scope module system $end\n$scope module c0 $end"), std::string::npos);
  EXPECT_NE(v.find("$scope module link_c0_c1 $end"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out + "/c1/waves.vcd"));
  // One link event per sample, 512 bytes each, 8 ns on the wire.
  std::ifstream csv(out + "/c0/events.csv");
  int hops = 0;
  for (std::string line; std::getline(csv, line);)
    if (line.find(",8.000,system.link_c0_c1,packet_hop,") != std::string::npos &&
        line.find(",512,") != std::string::npos)
      ++hops;
  EXPECT_EQ(hops, 4);
  std::filesystem::remove_all(out);
}

// The shipped RNN-T encoder step (42.9 M weights) on the shipped five 14 nm chips: in the 2-PCM
// mode its layers take three chips, cut where the 2,048 stacked and the 1,024 values cross (fp32
// DPUs: 4 bytes each); with 4 PCM per weight its 3,072 x 4,096 LSTM fits no chip.
TEST(SystemCli, ShippedRnntEncoderMapsOntoThreeOfTheFive14nmChips) {
  const std::string enc = kSource + "/configs/workloads/rnnt_encoder_step.yaml";
  const test::CliResult r =
      test::run_cli("map " + kSource + "/configs/systems/ibm14nm34_x5_2pcm.yaml --workload " + enc);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("(5 chips, 3 used): 6144 bytes cross links per inference"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("c1       layers enc_lstm3 .. enc_lstm3 (1 layers), 24 of 34 tiles"),
            std::string::npos)
      << r.output;
  const test::CliResult four =
      test::run_cli("map " + kSource + "/configs/systems/ibm14nm34_x5.yaml --workload " + enc);
  EXPECT_EQ(four.code, 2) << four.output;
  EXPECT_NE(four.output.find("does not fit the system"), std::string::npos) << four.output;
}

}  // namespace
}  // namespace kirchhoff
