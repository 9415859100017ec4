// Sparsity-aware mapping end to end (`kirchhoff run`, mapper.sparsity): with ideal devices and
// fixed converter ranges a network whose layers have all-zero rows and columns gives bit for bit
// the same outputs packed into fewer tiles as mapped dense, for less energy; `kirchhoff map`
// reports the saving; a bad mapper.sparsity value is refused naming the key and the choices.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir.h"
#include "workloads/npy.h"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Deterministic values in (-0.9, 0.9).
float lcg(std::uint32_t& s) {
  s = s * 1664525u + 1013904223u;
  return (static_cast<float>(s >> 8) / 16777216.0f - 0.5f) * 1.8f;
}

// fc1 200 -> 300: rows 50..99 and columns 100..149, 260..299 zero (dense 1 x 2 tiles, packed
// 150 x 210: 1 tile); row 0 holds 1.0 in every kept column, so every tile maps the same w_max.
// fc2 300 -> 10: rows 256..299 zero (dense 2 x 1 tiles, packed 256 x 10: 1 tile; the dense
// second row block adds exact zeros). Biases non-zero: a dropped column's output is its bias.
fs::path write_workload(const fs::path& dir) {
  std::uint32_t s = 12345;
  std::vector<float> w1(200 * 300), b1(300), w2(300 * 10), b2(10), x(8 * 200);
  for (int r = 0; r < 200; ++r) {
    for (int c = 0; c < 300; ++c) {
      const bool zero = (r >= 50 && r < 100) || (c >= 100 && c < 150) || c >= 260;
      w1[static_cast<std::size_t>(r) * 300 + c] = zero ? 0.0f : (r == 0 ? 1.0f : lcg(s));
    }
  }
  for (float& b : b1) b = 0.2f * lcg(s);
  for (int r = 0; r < 300; ++r)
    for (int c = 0; c < 10; ++c)
      w2[static_cast<std::size_t>(r) * 10 + c] = r >= 256 ? 0.0f : (r == 0 ? 1.0f : lcg(s));
  for (float& b : b2) b = 0.2f * lcg(s);
  for (float& v : x) v = lcg(s);
  kirchhoff::write_npy((dir / "w1.npy").string(), {200, 300}, w1);
  kirchhoff::write_npy((dir / "b1.npy").string(), {300}, b1);
  kirchhoff::write_npy((dir / "w2.npy").string(), {300, 10}, w2);
  kirchhoff::write_npy((dir / "b2.npy").string(), {10}, b2);
  kirchhoff::write_npy((dir / "x.npy").string(), {8, 200}, x);
  std::ofstream(dir / "sparse.yaml") << "name: sparse\n"
                                        "input: {name: x, shape: [1, 200]}\n"
                                        "layers:\n"
                                        "  - {name: fc1, op: dense, out: 300, weights: w1.npy, "
                                        "bias: b1.npy}\n"
                                        "  - {name: relu1, op: relu}\n"
                                        "  - {name: fc2, op: dense, out: 10, weights: w2.npy, "
                                        "bias: b2.npy}\n";
  return dir / "sparse.yaml";
}

const std::string kIdeal =
    " --set tile.device.type=ideal --set tile.dac.range_mode=fixed --set tile.adc.range_mode=fixed";

TEST(SparsityCli, PackedMappingEqualsDenseBitForBitWithIdealDevices) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / "kh_sparsity_cli_equal";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path w = write_workload(dir);
  const std::string cfg = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  auto run = [&](const std::string& mode) {
    const fs::path out = dir / mode;
    const auto r = kirchhoff::test::run_cli("run " + cfg + " --workload " + w.string() +
                                            " --inputs " + (dir / "x.npy").string() + kIdeal +
                                            " --set mapper.sparsity=" + mode + " --outputs --out " +
                                            out.string() + " --quiet");
    EXPECT_EQ(r.code, 0) << r.output;
    return out;
  };
  const fs::path dense = run("off"), packed = run("auto");
  const std::string a = slurp(dense / "outputs.npy"), b = slurp(packed / "outputs.npy");
  ASSERT_GT(a.size(), 8u * 10u * sizeof(float));
  EXPECT_EQ(a, b);  // bit for bit
  const auto sd = nlohmann::json::parse(slurp(dense / "summary.json"));
  const auto sp = nlohmann::json::parse(slurp(packed / "summary.json"));
  EXPECT_EQ(sd["tile_utilisation"]["tiles_used"], 4);
  EXPECT_EQ(sp["tile_utilisation"]["tiles_used"], 2);
  // Fewer rows converted and fewer tiles read: less energy per sample.
  EXPECT_LT(sp["energy_pj"]["total"].get<double>(), sd["energy_pj"]["total"].get<double>());
  fs::remove_all(dir);
}

// A convolution 4 -> 8 channels, 3x3, pad 1 on 6x6, input channel 1 and output channel 5
// pruned: the host gathers 27 of every patch's 36 values and the DPU's 7 channels scatter back
// (channel 5 is its bias at every pixel), bit for bit the dense mapping's output. One pixel per
// MVM: a convolution packed P > 1 times keeps its dense kernel copies.
TEST(SparsityCli, PackedConvolutionEqualsDenseBitForBit) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / "kh_sparsity_cli_conv";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::uint32_t s = 777;
  std::vector<float> w(8 * 4 * 3 * 3), b(8), x(3 * 4 * 6 * 6);
  for (int m = 0; m < 8; ++m)
    for (int c = 0; c < 4; ++c)
      for (int k = 0; k < 9; ++k)
        w[static_cast<std::size_t>((m * 4 + c) * 9 + k)] =
            (c == 1 || m == 5) ? 0.0f : (c == 0 && k == 0 ? 1.0f : lcg(s));
  for (float& v : b) v = 0.2f * lcg(s);
  for (float& v : x) v = lcg(s);
  kirchhoff::write_npy((dir / "w.npy").string(), {8, 4, 3, 3}, w);
  kirchhoff::write_npy((dir / "b.npy").string(), {8}, b);
  kirchhoff::write_npy((dir / "x.npy").string(), {3, 4, 6, 6}, x);
  std::ofstream(dir / "conv.yaml") << "name: conv\n"
                                      "input: {name: x, shape: [1, 4, 6, 6]}\n"
                                      "layers:\n"
                                      "  - {name: conv1, op: conv2d, out_channels: 8, kernel: 3, "
                                      "pads: 1, weights: w.npy, bias: b.npy}\n"
                                      "  - {name: relu1, op: relu}\n";
  const std::string cfg = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  auto run = [&](const std::string& mode) {
    const fs::path out = dir / mode;
    const auto r = kirchhoff::test::run_cli(
        "run " + cfg + " --workload " + (dir / "conv.yaml").string() + " --inputs " +
        (dir / "x.npy").string() + kIdeal + " --set mapper.sparsity=" + mode +
        " --conv-packing off --outputs --out " + out.string() + " --quiet");
    EXPECT_EQ(r.code, 0) << r.output;
    return out;
  };
  const fs::path dense = run("off"), packed = run("auto");
  const std::string a = slurp(dense / "outputs.npy"), p = slurp(packed / "outputs.npy");
  ASSERT_GT(a.size(), 3u * 8u * 36u * sizeof(float));
  EXPECT_EQ(a, p);
  const auto m = kirchhoff::test::run_cli(
      "map " + cfg + " --workload " + (dir / "conv.yaml").string() + " --conv-packing off --json");
  ASSERT_EQ(m.code, 0) << m.output;
  const auto plan = nlohmann::json::parse(m.output.substr(m.output.find('{')));
  EXPECT_EQ(plan["sparsity"]["layers"][0]["kept_rows"], 27);
  EXPECT_EQ(plan["sparsity"]["layers"][0]["kept_cols"], 7);
  fs::remove_all(dir);
}

TEST(SparsityCli, MapReportsTilesSavedAndRefusesABadMode) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / "kh_sparsity_cli_map";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path w = write_workload(dir);
  const std::string cfg = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  const auto t = kirchhoff::test::run_cli("map " + cfg + " --workload " + w.string());
  ASSERT_EQ(t.code, 0) << t.output;
  EXPECT_NE(t.output.find("sparsity: all-zero rows and columns dropped"), std::string::npos)
      << t.output;
  const auto j = kirchhoff::test::run_cli("map " + cfg + " --workload " + w.string() + " --json");
  ASSERT_EQ(j.code, 0) << j.output;
  const auto plan = nlohmann::json::parse(j.output.substr(j.output.find('{')));
  EXPECT_EQ(plan["sparsity"]["dense_tiles"], 4);
  EXPECT_EQ(plan["sparsity"]["tiles_saved"], 2);
  EXPECT_EQ(plan["sparsity"]["layers"][0]["kept_rows"], 150);
  EXPECT_EQ(plan["sparsity"]["layers"][0]["kept_cols"], 210);
  const auto bad = kirchhoff::test::run_cli("map " + cfg + " --workload " + w.string() +
                                            " --set mapper.sparsity=on");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(
      bad.output.find("mapper.sparsity: value 'on' is not allowed; allowed: one of: auto, off"),
      std::string::npos)
      << bad.output;
  fs::remove_all(dir);
}

// The shipped 2:4-pruned MLP (tools/prune.py, docs/sparsity.md) on hermes64: fc1's 784 rows
// keep 392 (2 row blocks instead of 4), so 4 tiles instead of 6; over the 1,000 test images the
// float reference classifies 878 right, and the chip stays within 3 points of it (measured:
// 88.0 %, seed 1; the chip's noise moves it by about 1 point between seeds).
TEST(SparsityCli, PrunedMlpSavesTwoTilesAndKeepsItsAccuracy) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const fs::path out = kirchhoff::test::process_temp_dir() / "kh_sparsity_cli_pruned";
  fs::remove_all(out);
  const auto r = kirchhoff::test::run_cli(
      "run " + src + "/configs/chips/hermes64.yaml --workload " + src +
      "/data/fmnist/mlp_2of4.onnx --inputs " + src + "/data/fmnist/test_images_u8.npy --labels " +
      src + "/data/fmnist/test_labels_i64.npy --samples 1000 --out " + out.string() + " --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto s = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(s["tile_utilisation"]["tiles_used"], 4);
  EXPECT_DOUBLE_EQ(s["top1_reference"].get<double>(), 0.878);
  EXPECT_NEAR(s["top1_chip"].get<double>(), 0.878, 0.03);
  const auto dense = kirchhoff::test::run_cli("map " + src + "/configs/chips/hermes64.yaml " +
                                              "--workload " + src + "/data/fmnist/mlp_2of4.onnx " +
                                              "--json --set mapper.sparsity=off");
  ASSERT_EQ(dense.code, 0) << dense.output;
  EXPECT_EQ(nlohmann::json::parse(dense.output.substr(dense.output.find('{')))["tiles_used"], 6);
  fs::remove_all(out);
}

}  // namespace
