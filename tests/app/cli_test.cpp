// The kirchhoff command line as a user runs it: exit codes, messages, output files and
// determinism. Each test runs the built binary in a child process.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir_test.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

using Result = kirchhoff::test::CliResult;
Result run(const std::string& args) {
  return kirchhoff::test::run_cli(args);
}

class Cli : public kirchhoff::test::TempDirTest {
 protected:
  static std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

TEST_F(Cli, VersionAndHelp) {
  const Result v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.output.find("kirchhoff " KIRCHHOFF_VERSION), std::string::npos);
  const Result h = run("--help");
  EXPECT_EQ(h.code, 0);
  for (const char* sub : {"run", "validate", "config"}) {
    EXPECT_NE(h.output.find(sub), std::string::npos) << sub;
  }
  EXPECT_EQ(h.output.find("Copyright"), std::string::npos);  // no SystemC banner
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("run --no-such-flag").code, 2);
  EXPECT_EQ(run("validate").code, 2);
  const Result lvl = run("--log-level loud config --schema");
  EXPECT_EQ(lvl.code, 2);
  EXPECT_NE(lvl.output.find("log level 'loud' is not allowed"), std::string::npos) << lvl.output;
}

TEST_F(Cli, ValidateMisspeltKeyExitsTwoWithLineAndSuggestion) {
  const auto p = file("typo.yaml", "tile:\n  adc:\n    bitts: 6\n");
  const Result r = run("validate " + p);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(p + ":3:5: unknown key 'tile.adc.bitts'; did you mean 'tile.adc.bits'?"),
            std::string::npos)
      << r.output;
}

TEST_F(Cli, ValidateNegativeTileSizeExitsTwoWithRange) {
  const auto p = file("neg.yaml", "tile:\n  cols: -256\n");
  const Result r = run("validate " + p);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(p + ":2:9: tile.cols: value -256 is out of range; allowed: integer in "
                              "[1, 65536]"),
            std::string::npos)
      << r.output;
}

TEST_F(Cli, ValidateGoodConfigExitsZero) {
  const auto p = file("good.yaml", "tile: {rows: 128}\n");
  const Result r = run("validate " + p);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("valid"), std::string::npos);
  EXPECT_EQ(run("validate " + p + " --set tile.rows=0").code, 2);
}

TEST_F(Cli, SchemaListsEveryKeyWithUnits) {
  const Result r = run("config --schema");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.output.find("| key | type | unit | default | allowed | description |"),
            std::string::npos);
  EXPECT_NE(r.output.find("| tile.device.g_max_uS | float | uS | 25 |"), std::string::npos);
}

TEST_F(Cli, RunWritesSummaryAndResolvedConfig) {
  const fs::path out = dir_ / "out";
  const Result r = run("run --workload dense --out " + out.string() + " --set workload.samples=8");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("Kirchhoff run"), std::string::npos);
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(j["samples"], 8);
  for (const char* k : {"sim_time_ns", "wall_s", "output_rel_l2_error"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_GT(j["energy_pj"]["total"].get<double>(), 0.0);
  EXPECT_GT(j["latency_ns"]["mean"].get<double>(), 0.0);
  // The built-in workload is one Dense layer "fc" of a workload named "default".
  EXPECT_EQ(j["workload"], "default");
  EXPECT_EQ(j["layer_rel_l2_error"]["fc"], j["output_rel_l2_error"]);
  EXPECT_NE(r.output.find("rel. L2 error fc"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out / "config.resolved.yaml"));
  EXPECT_FALSE(fs::exists(out / "summary.json.tmp"));
}

TEST_F(Cli, BadConfigWritesNothing) {
  const fs::path out = dir_ / "out";
  const Result r = run("run --out " + out.string() + " --set tile.rows=-1");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(out / "summary.json"));
}

TEST_F(Cli, WorkloadLargerThanTheTileExitsTwo) {
  const Result r = run("run --workload dense --out " + (dir_ / "o").string() +
                       " --set workload.in_features=300");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("default: needs 2 tiles, the chip has 1 (tile 256 x 256); allowed: a "
                          "built-in layer of workload.in_features x workload.out_features (300 x "
                          "256)"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "o"));
}

TEST_F(Cli, SameSeedSameSummaryDifferentSeedDifferentResults) {
  const std::string common =
      " --workload dense --set workload.samples=16 --set tile.device.type=pcm";
  ASSERT_EQ(run("run --out " + (dir_ / "a").string() + " --seed 5" + common).code, 0);
  ASSERT_EQ(run("run --out " + (dir_ / "b").string() + " --seed 5" + common).code, 0);
  ASSERT_EQ(run("run --out " + (dir_ / "c").string() + " --seed 6" + common).code, 0);
  const auto a = kirchhoff::test::read_summary_without_wall(dir_ / "a");
  const auto b = kirchhoff::test::read_summary_without_wall(dir_ / "b");
  const auto c = kirchhoff::test::read_summary_without_wall(dir_ / "c");
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_NE(a["output_rel_l2_error"], c["output_rel_l2_error"]);
}

TEST_F(Cli, RerunningTheResolvedConfigGivesIdenticalResults) {
  ASSERT_EQ(run("run --out " + (dir_ / "a").string() +
                " --workload dense --seed 11 --set workload.samples=8 --set tile.device.type=pcm")
                .code,
            0);
  ASSERT_EQ(run("run " + (dir_ / "a" / "config.resolved.yaml").string() +
                " --workload dense --out " + (dir_ / "b").string())
                .code,
            0);
  EXPECT_EQ(kirchhoff::test::read_summary_without_wall(dir_ / "a").dump(),
            kirchhoff::test::read_summary_without_wall(dir_ / "b").dump());
  EXPECT_EQ(slurp(dir_ / "a" / "config.resolved.yaml"), slurp(dir_ / "b" / "config.resolved.yaml"));
}

}  // namespace

namespace {

TEST_F(Cli, InfoPrintsTheFloorplanAddressMapAndPeakFigures) {
  const Result r =
      run("info " + std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("64 analog tiles of 256 x 256"), std::string::npos);
  EXPECT_NE(r.output.find("H0> T0   T1"), std::string::npos);
  EXPECT_NE(r.output.find("0x00013f000000-0x00013fffffff analog tile 63 at (0, 7)"),
            std::string::npos)
      << r.output;
  // 8 x 8 mesh, 64-bit flits at 1 GHz: 2 x 8 links cross the bisection.
  EXPECT_NE(r.output.find("16 links x 64 bit x 1 GHz = 1024 Gbit/s"), std::string::npos);
  // Area from the preset's area.* keys: the derived HERMES core area, the die without the
  // parts that have no published area (config/chip_area.h).
  EXPECT_NE(r.output.find("area per tile                      0.634 mm^2"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("peak area efficiency"), std::string::npos);
}

TEST_F(Cli, TrafficWritesTheLatencyLoadCsv) {
  const auto cfg = file("mesh.yaml", "chip: {tiles: 16, mesh_cols: 4, mesh_rows: 4}\n");
  const fs::path csv = dir_ / "t.csv";
  const Result r = run("traffic " + cfg +
                       " --pattern uniform --rates 0.01,0.05 --packet-flits 4 "
                       "--cycles 4000 --warmup 500 --out " +
                       csv.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string text = slurp(csv);
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  EXPECT_EQ(lines, 3u);  // header + one row per rate
  const Result bad = run("traffic " + cfg + " --pattern zigzag --out " + csv.string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("allowed: uniform, transpose, bit-complement, bit-reverse, shuffle, "
                            "tornado, neighbor, hotspot"),
            std::string::npos);
  const Result rate = run("traffic " + cfg + " --rates 0.1,2 --out " + csv.string());
  EXPECT_EQ(rate.code, 2);
  EXPECT_NE(rate.output.find("'2' is not an offered load"), std::string::npos);
}

}  // namespace

namespace {

// `kirchhoff device` on the PCM preset reproduces the CALIBRATION.md sanity values: at g = 1
// the drift exponent is mu_nu = 0.049 (clamped), and the mean drift factor (t/t0)^-nu after
// 1 h, 1 day, 1 year is 0.775, 0.664, 0.497. The spread of nu (sigma_nu = 0.008 at g = 1)
// raises the mean factor slightly (Jensen: by ~ (sigma ln(t/t0))^2 / 2 < 1.3 % at 1 year);
// with 20000 devices the standard error of the mean is < 0.3 %. Tolerance: 3 %.
TEST_F(Cli, DeviceReproducesThePublishedPcmDriftFactors) {
  const fs::path csv = dir_ / "pcm.csv";
  const Result r = run("device " + std::string(KIRCHHOFF_SOURCE_DIR) +
                       "/configs/devices/pcm.yaml --levels 1 --times 3600,86400,31536000 "
                       "--samples 20000 --out " +
                       csv.string());
  ASSERT_EQ(r.code, 0) << r.output;
  std::ifstream in(csv);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "level,time_s,mean_uS,std_uS,samples");
  const double expected[] = {0.775, 0.664, 0.497};
  for (double e : expected) {
    ASSERT_TRUE(std::getline(in, line));
    double level, t, mean, sd;
    int n;
    ASSERT_EQ(std::sscanf(line.c_str(), "%lf,%lf,%lf,%lf,%d", &level, &t, &mean, &sd, &n), 5);
    EXPECT_EQ(n, 20000);
    EXPECT_NEAR(mean / 25.0, e, 0.03 * e) << line;
  }
  const Result bad = run("device " + std::string(KIRCHHOFF_SOURCE_DIR) +
                         "/configs/devices/pcm.yaml --levels 0.5,1.5 --out " + csv.string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("device --levels: '1.5' is not allowed; allowed: numbers in [0, 1]"),
            std::string::npos)
      << bad.output;
}

}  // namespace

namespace {

TEST_F(Cli, MapPrintsThePlanAndRejectsWhatDoesNotFit) {
  const std::string data = std::string(KIRCHHOFF_SOURCE_DIR) + "/tests/data/";
  const std::string chip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  const Result r = run("map " + chip + " --workload " + data + "mlp.onnx");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("chip tile utilisation"), std::string::npos) << r.output;
  const Result j = run("map " + chip + " --workload " + data + "mlp.onnx --json");
  ASSERT_EQ(j.code, 0);
  EXPECT_TRUE(nlohmann::json::parse(j.output).contains("routes"));
  const Result small = run("map " + chip + " --set chip.tiles=2 --workload " + data + "mlp.onnx");
  EXPECT_EQ(small.code, 2);
  EXPECT_NE(small.output.find("needs 6 tiles, the chip has 2"), std::string::npos) << small.output;
  const Result bad = run("map " + chip + " --workload " + data + "bad_einsum.onnx");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("node 'einsum1' (index 1, Einsum): operator 'Einsum' is not "
                            "supported; supported: Add,"),
            std::string::npos)
      << bad.output;
}

}  // namespace

namespace {

std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

// Every trace file of a run agrees with summary.json: the energy in events.csv and power.csv
// adds up to energy_pj.total, the MVM rows to mvms; the timeline parses; the VCD converts.
TEST_F(Cli, TraceFilesAgreeWithTheSummary) {
  const fs::path out = dir_ / "out";
  const Result r =
      run("run --out " + out.string() +
          " --workload dense --set workload.samples=6 --set tile.device.type=pcm --events "
          "--perfetto --vcd --power 2000");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  const double total_pj = summary["energy_pj"]["total"];

  const auto events = read_csv(out / "events.csv");
  ASSERT_GT(events.size(), 1u);
  const auto& h = events[0];
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(h.begin(), h.end(), name) - h.begin());
  };
  double sum = 0;
  int mvms = 0;
  for (std::size_t i = 1; i < events.size(); ++i) {
    if (events[i][col("kind")] == "counter") continue;
    sum += std::stod(events[i][col("energy_pj")]);
    mvms += events[i][col("kind")] == "mvm";
  }
  EXPECT_NEAR(sum, total_pj, 1e-9 * total_pj);
  EXPECT_EQ(mvms, summary["mvms"].get<int>());

  const auto power = read_csv(out / "power.csv");
  double power_pj = 0;
  for (std::size_t i = 1; i < power.size(); ++i) {
    const double w_ns = std::stod(power[i][1]) - std::stod(power[i][0]);
    power_pj += std::stod(power[i][2]) * w_ns;  // mW x ns = pJ
  }
  EXPECT_NEAR(power_pj, total_pj, 1e-6 * total_pj);

  const auto timeline = nlohmann::json::parse(slurp(out / "timeline.json"));
  EXPECT_GT(timeline["traceEvents"].size(), 0u);
  const std::string vcd = slurp(out / "waves.vcd");
  EXPECT_NE(vcd.find("$timescale 1ns $end"), std::string::npos);
  EXPECT_NE(vcd.find("samples_in_flight"), std::string::npos);
  if (std::system("command -v vcd2fst >/dev/null 2>&1") == 0) {
    const std::string cmd = "vcd2fst " + (out / "waves.vcd").string() + " " +
                            (dir_ / "w.fst").string() + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  }
}

}  // namespace

namespace {

TEST_F(Cli, RunAWorkloadFromOnnxWithInputsAndLabels) {
  const std::string data = std::string(KIRCHHOFF_SOURCE_DIR) + "/tests/data/";
  const std::string chip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  const std::string common =
      " --set chip.tiles=60 --set chip.global_dpus=4 --set "
      "tile.device.type=ideal --set tile.dac.bits=24 --set "
      "tile.adc.bits=24 --set tile.adc.bound=64 --set tile.dac.range=8 --set "
      "dpu.format=fp32";
  const fs::path out = dir_ / "mlp";
  const Result r = run("run " + chip + common + " --workload " + data + "mlp.onnx --inputs " +
                       data + "fmnist_inputs.npy --labels " + data +
                       "fmnist_labels.npy --samples 8 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(j["samples"], 8);
  EXPECT_LT(j["output_rel_l2_error"].get<double>(), 1e-4);  // ideal devices, 24-bit converters
  EXPECT_EQ(j["top1_chip"], j["top1_reference"]);
  EXPECT_TRUE(j["layer_rel_l2_error"].contains("fc3")) << j.dump();
  EXPECT_GT(j["energy_pj"]["network"].get<double>(), 0.0);

  const Result alone =
      run("run " + chip + " --workload " + data + "mlp.onnx --out " + out.string());
  EXPECT_EQ(alone.code, 2);
  EXPECT_NE(alone.output.find("mlp.onnx needs --inputs X.npy (its input samples)"),
            std::string::npos)
      << alone.output;
  const Result shape = run("run " + chip + common + " --workload " + data + "mlp.onnx --inputs " +
                           data + "lstm_inputs.npy --out " + out.string());
  EXPECT_EQ(shape.code, 2);
  EXPECT_NE(shape.output.find("lstm_inputs.npy: shape [32, 5, 1, 8] does not hold samples of "
                              "784 values"),
            std::string::npos)
      << shape.output;
}

// The stock 64-tile chip (no global DPUs: partial sums and activations run in the tiles'
// local DPUs) with PCM devices: summary.json breaks energy and time down by tile, and the
// per-tile figures add up to the chip's (every figure comes from the recorded events).
TEST_F(Cli, SummaryBreaksEnergyAndUtilisationDownByTile) {
  const std::string data = std::string(KIRCHHOFF_SOURCE_DIR) + "/tests/data/";
  const std::string chip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  const fs::path out = dir_ / "mlp";
  const Result r = run("run " + chip + " --workload " + data + "mlp.onnx --inputs " + data +
                       "fmnist_inputs.npy --samples 8 --events --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("tiles used / utilisation  6 / mean"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("tile 0 (fc1)"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  // 784-256-128-10 on 256 x 256 crossbars: fc1 takes 4 row blocks (tiles 0-3), fc2 and fc3 one.
  const auto& tiles = j["tiles"];
  ASSERT_EQ(tiles.size(), 6u) << j.dump(1);
  const std::vector<std::string> layers = {"fc1", "fc1", "fc1", "fc1", "fc2", "fc3"};
  double array = 0, programming = 0, busy_max = 0;
  std::uint64_t mvms = 0;
  const double span = j["inference_time_ns"].get<double>();
  ASSERT_GT(span, 0.0);
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    EXPECT_EQ(tiles[t]["tile"], static_cast<int>(t));
    EXPECT_EQ(tiles[t]["layer"], layers[t]);
    EXPECT_EQ(tiles[t]["mvms"], 8);  // one MVM per sample on every tile of a dense layer
    // 8 MVMs of hermes64's 128 ns interval each (pipelined readout: the crossbar is busy for
    // the 128 ns window, the conversion overlaps the next MVM).
    EXPECT_NEAR(tiles[t]["mvm_busy_ns"].get<double>(), 8 * 128.0, 1e-6);
    EXPECT_NEAR(tiles[t]["utilisation"].get<double>(), 8 * 128.0 / span, 1e-12);
    array += tiles[t]["energy_pj"]["array"].get<double>();
    programming += tiles[t]["energy_pj"]["programming"].get<double>();
    mvms += tiles[t]["mvms"].get<std::uint64_t>();
    busy_max = std::max(busy_max, tiles[t]["utilisation"].get<double>());
  }
  // Only tiles do analog work and are programmed: their shares add up to the chip totals.
  EXPECT_NEAR(array, j["energy_pj"]["array"].get<double>(), 1e-9 * array);
  EXPECT_NEAR(programming, j["energy_pj"]["programming"].get<double>(), 1e-9 * programming);
  EXPECT_EQ(mvms, j["mvms"].get<std::uint64_t>());
  EXPECT_EQ(j["tile_utilisation"]["tiles_used"], 6);
  EXPECT_DOUBLE_EQ(j["tile_utilisation"]["max"].get<double>(), busy_max);
  // The local DPUs did the reductions and activations.
  EXPECT_GT(j["energy_pj"]["dpu"].get<double>(), 0.0);
  EXPECT_LT(j["output_rel_l2_error"].get<double>(), 0.5);  // PCM noise, 8-bit converters
}

}  // namespace
