// The run options of one chip on a multi-chip system (`kirchhoff run|map SYSTEM.yaml`), with the
// same meaning: --outputs writes the network output per sample, --calibration calibrates every
// chip's converter ranges, --replication and --conv-packing reach every chip's mapper (and the
// partition plans with them), --baseline puts the whole network's digital baseline next to the
// system's totals.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../common/cli_runner.h"
#include "workloads/npy.h"

namespace kirchhoff {
namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
const std::string kSystem = kSource + "/configs/systems/hermes4_x3.yaml";
const std::string kMlp = kData + "/mlp.onnx";
const std::string kInputs = kData + "/fmnist_inputs.npy";
// Ideal devices, 24-bit converters, fp32 DPUs: the chips compute the float reference.
const std::string kExact =
    " --set tile.device.type=ideal --set tile.dac.noise_management=true --set tile.dac.bits=24"
    " --set tile.adc.bits=24 --set tile.adc.bound=40 --set dpu.format=fp32";

std::string temp_dir(const std::string& name) {
  return ::testing::TempDir() + name + "_" + std::to_string(::getpid());
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream f(path);
  return nlohmann::json::parse(f);
}

TEST(SystemRunOptions, OutputsAreTheNetworkOutputPerSampleAndMatchTheFloatReference) {
  const std::string out = temp_dir("sysopt_outputs");
  const test::CliResult r =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --samples 6 --outputs --quiet --out " + out + kExact);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("outputs.npy, reference_outputs.npy"), std::string::npos) << r.output;
  const Shape rows_by_classes = {6, 1, 10};  // one row per sample: the last chip's [1, 10]
  const std::vector<float> y = read_npy_f32(out + "/outputs.npy", &rows_by_classes);
  const std::vector<float> ref = read_npy_f32(out + "/reference_outputs.npy", &rows_by_classes);
  ASSERT_EQ(y.size(), 60u);
  ASSERT_EQ(ref.size(), 60u);
  // Exact chips: each logit within 1e-4 of the largest reference logit's magnitude.
  float scale = 0;
  for (float v : ref) scale = std::max(scale, std::fabs(v));
  ASSERT_GT(scale, 0.0f);
  for (std::size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], ref[i], 1e-4 * scale) << i;
  EXPECT_FALSE(std::filesystem::exists(out + "/outputs.npy.partial"));
  std::filesystem::remove_all(out);
}

// 8-bit converters on ideal devices: the outputs depend on the calibrated ranges only.
TEST(SystemRunOptions, CalibrationFileSetsTheRangesOfEveryChip) {
  const std::string dir = temp_dir("sysopt_calib");
  std::filesystem::create_directories(dir);
  const std::string sets =
      " --set tile.device.type=ideal --set tile.dac.range_mode=calibrated"
      " --set tile.adc.range_mode=calibrated --set tile.dac.bits=8 --set tile.adc.bits=8";
  auto run = [&](const std::string& name, const std::string& extra) {
    const test::CliResult r = test::run_cli("run " + kSystem + " --workload " + kMlp +
                                            " --inputs " + kInputs + " --samples 4 --outputs" +
                                            " --quiet --out " + dir + "/" + name + sets + extra);
    EXPECT_EQ(r.code, 0) << r.output;
    return read_npy_f32(dir + "/" + name + "/outputs.npy");
  };
  const std::vector<float> from_inputs = run("inputs", "");
  // The run's 4 inputs as the calibration file: the same ranges, the same outputs.
  Shape shape;
  std::vector<float> x = read_npy_f32(kInputs, nullptr, &shape);
  const std::size_t per_sample = x.size() / static_cast<std::size_t>(shape.at(0));
  x.resize(4 * per_sample);
  shape.at(0) = 4;
  const std::string first4 = dir + "/first4.npy";
  write_npy(first4, shape, x);
  const std::vector<float> same = run("same", " --calibration " + first4);
  // The same 4 a quarter as bright: smaller DAC ranges on the first chip, smaller activations
  // and so smaller ranges on the second.
  for (float& v : x) v *= 0.25f;
  const std::string dim = dir + "/dim.npy";
  write_npy(dim, shape, x);
  const std::vector<float> dimmed = run("dim", " --calibration " + dim);
  ASSERT_EQ(from_inputs.size(), 40u);
  EXPECT_EQ(same, from_inputs);
  ASSERT_EQ(dimmed.size(), from_inputs.size());
  EXPECT_NE(dimmed, from_inputs);
  const nlohmann::json a = read_json(dir + "/inputs/summary.json");
  const nlohmann::json b = read_json(dir + "/dim/summary.json");
  EXPECT_NE(a["chips"][1]["layer_rel_l2_error"], b["chips"][1]["layer_rel_l2_error"]);

  // A calibration file that is not .npy: exit 2 naming it, nothing written.
  const std::string bad = dir + "/bad.npy";
  std::ofstream(bad) << "not an npy file";
  const test::CliResult r =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --calibration " + bad + " --out " + dir + "/bad_out" + sets);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(bad), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad_out"));
  std::filesystem::remove_all(dir);
}

// The MLP (784 -> 256 -> 128 -> 10) takes 6 tiles of 256 x 256, fc1 4 of them; on three 8-tile
// chips it fits the first, and with two copies of every layer (12 tiles, as on one chip) fc1's
// 8 fill the first chip and the others go to the second.
TEST(SystemRunOptions, ReplicationReachesEveryChipsMapperAndThePartition) {
  const std::string eight = " --set chip.tiles=8 --set chip.mesh_cols=4 --set chip.mesh_rows=2";
  const test::CliResult single =
      test::run_cli("map " + kSource + "/configs/chips/hermes64.yaml --workload " + kMlp +
                    " --replication 2 --json");
  ASSERT_EQ(single.code, 0) << single.output;
  EXPECT_EQ(nlohmann::json::parse(single.output)["tiles_used"], 12);
  const test::CliResult one =
      test::run_cli("map " + kSystem + " --workload " + kMlp + " --json" + eight);
  ASSERT_EQ(one.code, 0) << one.output;
  const nlohmann::json p1 = nlohmann::json::parse(one.output);
  ASSERT_EQ(p1["shares"].size(), 1u);
  EXPECT_EQ(p1["shares"][0]["plan"]["tiles_used"], 6);
  const test::CliResult two =
      test::run_cli("map " + kSystem + " --workload " + kMlp + " --replication 2 --json" + eight);
  ASSERT_EQ(two.code, 0) << two.output;
  const nlohmann::json p2 = nlohmann::json::parse(two.output);
  ASSERT_EQ(p2["shares"].size(), 2u);
  EXPECT_EQ(p2["shares"][0]["plan"]["tiles_used"], 8);
  EXPECT_EQ(p2["shares"][1]["plan"]["tiles_used"], 4);
  EXPECT_EQ(p2["shares"][0]["last_layer"], "relu1");  // fc1 and its ReLU

  // The run uses those tiles.
  const std::string out = temp_dir("sysopt_replication");
  const test::CliResult run =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --samples 4 --replication 2 --quiet --out " + out + eight);
  ASSERT_EQ(run.code, 0) << run.output;
  const nlohmann::json j = read_json(out + "/summary.json");
  ASSERT_EQ(j["chips"].size(), 2u);
  EXPECT_EQ(j["chips"][0]["summary"]["tiles"].size(), 8u);
  EXPECT_EQ(j["chips"][1]["summary"]["tiles"].size(), 4u);
  std::filesystem::remove_all(out);

  // Three copies of fc1 need 12 tiles: no 8-tile chip holds them whole, so fc1 is split into
  // two blocks of 512 and 272 rows (2 tiles each, 6 with the copies) on c0 and c1.
  const std::string split = temp_dir("sysopt_replication_split");
  const test::CliResult three =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --samples 4 --replication 3 --quiet --out " + split + eight);
  ASSERT_EQ(three.code, 0) << three.output;
  const nlohmann::json j3 = read_json(split + "/summary.json");
  ASSERT_EQ(j3["chips"].size(), 3u);
  for (const auto& chip : j3["chips"]) EXPECT_EQ(chip["summary"]["tiles"].size(), 6u);
  std::filesystem::remove_all(split);
  // Five copies: a chip holds one 256-row block of fc1, which would need six chips in all.
  const std::string nofit = temp_dir("sysopt_replication_nofit");
  const test::CliResult five =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --replication 5 --out " + nofit + eight);
  EXPECT_EQ(five.code, 2) << five.output;
  EXPECT_NE(five.output.find("does not fit the system"), std::string::npos) << five.output;
  EXPECT_NE(five.output.find("needs 6 chips like c0"), std::string::npos) << five.output;
  EXPECT_NE(five.output.find("with --replication 5 --conv-packing off"), std::string::npos)
      << five.output;
  EXPECT_FALSE(std::filesystem::exists(nofit));
  // More copies than a chip has tiles: refused as on one chip.
  const test::CliResult nine =
      test::run_cli("map " + kSystem + " --workload " + kMlp + " --replication 9" + eight);
  EXPECT_EQ(nine.code, 2) << nine.output;
  EXPECT_NE(nine.output.find("--replication"), std::string::npos) << nine.output;
}

// The shipped CNN on the test system: its convolutions go to the first chip, and
// --conv-packing reaches that chip's mapper: the same kernel copies per crossbar, and MVMs per
// sample, as on one chip.
TEST(SystemRunOptions, ConvPackingReachesTheChipsThatHoldTheConvolutions) {
  const std::string cnn = kSource + "/data/fmnist/cnn.onnx";
  auto layers_of = [](const nlohmann::json& plan) {
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& l : plan["layers"]) by_name[l["name"].get<std::string>()] = l;
    return by_name;
  };
  for (const std::string packing : {"off", "auto", "4"}) {
    const test::CliResult single =
        test::run_cli("map " + kSource + "/configs/chips/hermes64.yaml --workload " + cnn +
                      " --conv-packing " + packing + " --json");
    ASSERT_EQ(single.code, 0) << single.output;
    const test::CliResult sys = test::run_cli("map " + kSystem + " --workload " + cnn +
                                              " --conv-packing " + packing + " --json");
    ASSERT_EQ(sys.code, 0) << sys.output;
    auto one = layers_of(nlohmann::json::parse(single.output));
    const nlohmann::json p = nlohmann::json::parse(sys.output);
    ASSERT_EQ(p["shares"][0]["first_layer"], "conv1");
    auto first = layers_of(p["shares"][0]["plan"]);
    for (const char* conv : {"conv1", "conv2"}) {
      ASSERT_TRUE(first.count(conv)) << conv << " " << sys.output;
      EXPECT_EQ(first[conv]["packing"], one[conv]["packing"]) << packing << " " << conv;
      EXPECT_EQ(first[conv]["mvms_per_sample"], one[conv]["mvms_per_sample"]) << packing;
      EXPECT_EQ(first[conv]["tiles"], one[conv]["tiles"]) << packing;
    }
    const int copies = packing == "off" ? 1 : packing == "auto" ? 28 : 4;
    EXPECT_EQ(first["conv1"]["packing"], copies) << packing;
  }
  const test::CliResult bad =
      test::run_cli("map " + kSystem + " --workload " + cnn + " --conv-packing most");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--conv-packing"), std::string::npos) << bad.output;
}

TEST(SystemRunOptions, BaselineComparesTheWholeNetworkWithTheSystemsTotals) {
  const std::string out = temp_dir("sysopt_baseline");
  const std::string json = temp_dir("sysopt_baseline_h100") + ".json";
  const test::CliResult b = test::run_cli("baseline h100 --workload " + kMlp + " --json " + json);
  ASSERT_EQ(b.code, 0) << b.output;
  const nlohmann::json digital = read_json(json);
  std::filesystem::remove(json);
  const test::CliResult r =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --samples 4 --baseline h100 --quiet --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("baseline: h100"), std::string::npos) << r.output;
  const nlohmann::json j = read_json(out + "/summary.json");
  ASSERT_TRUE(j.contains("baseline")) << j.dump(2);
  const nlohmann::json& s = j["baseline"];
  // The digital side: what `kirchhoff baseline` gives for the whole network.
  EXPECT_EQ(s["digital"], digital);
  EXPECT_EQ(s["latency_ns"]["digital"], digital["latency_ns"]);
  // The analog side: the system's totals (chips and links).
  EXPECT_DOUBLE_EQ(s["levels"]["system"]["analog_energy_per_inference_pj"].get<double>(),
                   j["energy_per_inference_pj"].get<double>());
  EXPECT_DOUBLE_EQ(s["levels"]["system"]["analog_tops_per_w"].get<double>(),
                   j["tops_per_w"].get<double>());
  EXPECT_DOUBLE_EQ(s["latency_ns"]["analog"].get<double>(), j["latency_mean_ns"].get<double>());
  EXPECT_DOUBLE_EQ(s["throughput_samples_per_s"]["analog"].get<double>(),
                   j["throughput_samples_per_s"].get<double>());
  double chip_pj = 0;
  for (const auto& c : j["chips"])
    chip_pj += c["summary"]["efficiency"]["chip"]["energy_pj"].get<double>();
  EXPECT_NEAR(s["levels"]["chip"]["analog_energy_per_inference_pj"].get<double>(), chip_pj / 4,
              1e-9 * chip_pj);
  std::filesystem::remove_all(out);

  const test::CliResult bad =
      test::run_cli("run " + kSystem + " --workload " + kMlp + " --inputs " + kInputs +
                    " --baseline nosuch --out " + out);
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("nosuch"), std::string::npos) << bad.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

// A residual connection from the graph input past the cut: skip = fc2(relu(fc1(x))) + x on two
// 1-tile chips. The second chip's Add reads x, which its own host writes into the Add's DPU.
TEST(SystemRunOptions, AddOfTheHostFedGraphInputRunsOnTheChipThatNeedsIt) {
  const std::string dir = temp_dir("sysopt_residual");
  std::filesystem::create_directories(dir);
  const std::string yaml = dir + "/res2.yaml";
  std::ofstream(yaml) << "name: res2\nseed: 5\ninput: {name: x, shape: [1, 64]}\nlayers:\n"
                         "  - {name: fc1, op: dense, out: 64}\n"
                         "  - {name: relu1, op: relu}\n"
                         "  - {name: fc2, op: dense, out: 64}\n"
                         "  - {name: skip, op: add, inputs: [fc2, input]}\n";
  std::vector<float> x(4 * 64);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
  const std::string npy = dir + "/x.npy";
  write_npy(npy, {4, 1, 64}, x);
  const std::string one_tile = " --set chip.tiles=1 --set chip.mesh_cols=1 --set chip.mesh_rows=1";
  const test::CliResult r =
      test::run_cli("run " + kSystem + " --workload " + yaml + " --inputs " + npy +
                    " --outputs --quiet --out " + dir + "/out" + kExact + one_tile);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("in  x (64 values) from host"), std::string::npos) << r.output;
  const nlohmann::json j = read_json(dir + "/out/summary.json");
  ASSERT_EQ(j["chips"].size(), 2u);
  EXPECT_EQ(j["chips"][1]["layers"], nlohmann::json::array({"skip"}));
  const Shape rows = {4, 1, 64};
  const std::vector<float> y = read_npy_f32(dir + "/out/outputs.npy", &rows);
  const std::vector<float> ref = read_npy_f32(dir + "/out/reference_outputs.npy", &rows);
  float scale = 0;
  for (float v : ref) scale = std::max(scale, std::fabs(v));
  ASSERT_GT(scale, 0.0f);
  for (std::size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], ref[i], 1e-4 * scale) << i;
  EXPECT_LT(j["output_rel_l2_error"].get<double>(), 1e-5);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kirchhoff
