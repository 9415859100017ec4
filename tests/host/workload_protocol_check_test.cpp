// The MLP, CNN and LSTM test networks on the stock 64-tile chip with a TLM-2.0 protocol checker
// on every socket binding of the chip and every node controller's socket
// (sim.check_protocol=true): no violation, and summary.json and events.csv identical to the run
// without checkers. And an exception thrown by a trace sink inside a controller's multicast
// comes out of the run as that exception, without a crash (the recorder keeps it until finish()).
// Runs the `kirchhoff` binary, one process per run.
#include <gtest/gtest.h>

#include "tests/common/cli_runner.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/temp_dir.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

namespace fs = std::filesystem;
const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

using kirchhoff::test::CliResult;
using kirchhoff::test::run_cli;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// summary.json without its wall_s line (the only field that differs between equal runs).
std::string summary_without_wall_time(const fs::path& dir) {
  std::istringstream in(slurp(dir / "summary.json"));
  std::string line, out;
  while (std::getline(in, line))
    if (line.find("\"wall_s\"") == std::string::npos) out += line + "\n";
  return out;
}

void expect_checked_run_identical(const std::string& name, const std::string& workload) {
  const fs::path dir = kirchhoff::test::process_temp_dir() / ("kirchhoff_protocol_" + name);
  fs::remove_all(dir);
  const std::string base =
      std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml --events " + workload;
  const CliResult plain = run_cli("run " + base + " --out " + (dir / "plain").string());
  const CliResult checked =
      run_cli("run " + base + " --set sim.check_protocol=true --out " + (dir / "checked").string());
  ASSERT_EQ(plain.code, 0) << plain.output;
  ASSERT_EQ(checked.code, 0) << checked.output;
  EXPECT_EQ(plain.output.find("protocol check"), std::string::npos) << plain.output;
  // "protocol check: N checkers, T transactions, V violations" (no std::regex: GCC 12 warns
  // inside it under the sanitizers).
  const std::size_t at = checked.output.find("protocol check: ");
  ASSERT_NE(at, std::string::npos) << checked.output;
  unsigned long long checkers = 0, transactions = 0, violations = 0;
  ASSERT_EQ(std::sscanf(checked.output.c_str() + at,
                        "protocol check: %llu checkers, %llu transactions, %llu violations",
                        &checkers, &transactions, &violations),
            3)
      << checked.output;
  // 2 + 9 per tile bindings of the 64-tile chip, plus the node controllers' sockets.
  EXPECT_GT(checkers, 2u + 64u * 9u);
  EXPECT_GT(transactions, 0u);
  EXPECT_EQ(violations, 0u) << checked.output;
  EXPECT_EQ(checked.output.find("tlm_protocol_violation"), std::string::npos) << checked.output;
  const std::string summary = summary_without_wall_time(dir / "plain");
  EXPECT_GT(summary.size(), 100u);
  EXPECT_EQ(summary, summary_without_wall_time(dir / "checked"));
  const std::string events = slurp(dir / "plain" / "events.csv");
  EXPECT_GT(events.size(), 1000u);
  EXPECT_TRUE(events == slurp(dir / "checked" / "events.csv")) << "events.csv differ";
  std::printf("%s: %llu checkers, %llu transactions, %llu violations\n", name.c_str(), checkers,
              transactions, violations);
  fs::remove_all(dir);
}

TEST(WorkloadProtocolCheck, MlpOnHermesLike64HasNoViolationAndTheSameFigures) {
  expect_checked_run_identical("mlp", "--workload " + kData + "/mlp.onnx --inputs " + kData +
                                          "/fmnist_inputs.npy --labels " + kData +
                                          "/fmnist_labels.npy");
}

TEST(WorkloadProtocolCheck, CnnOnHermesLike64HasNoViolationAndTheSameFigures) {
  expect_checked_run_identical("cnn", "--workload " + kData + "/cnn.onnx --inputs " + kData +
                                          "/fmnist_u8.npy --labels " + kData +
                                          "/fmnist_labels.npy --samples 8");
}

TEST(WorkloadProtocolCheck, LstmOnHermesLike64HasNoViolationAndTheSameFigures) {
  expect_checked_run_identical(
      "lstm", "--workload " + kData + "/lstm.onnx --inputs " + kData + "/lstm_inputs.npy");
}

// Throws on the first MVM of the second weight layer: that tile fires inside the multicast its
// input arrives by, sent by the first layer's DPU node controller.
struct ThrowInSecondLayer : traces::Sink {
  int first_layer = -2;
  void on_event(const traces::Recorder&, const traces::Event& e) override {
    if (e.kind != traces::EventKind::kMvm) return;
    if (first_layer == -2) first_layer = e.layer;
    if (e.layer != first_layer)
      throw std::runtime_error("sink failed in layer " + std::to_string(e.layer));
  }
};

TEST(WorkloadProtocolCheck, ASinkThatThrowsInAControllersMulticastUnwindsWithoutACrash) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t len = all.size() / static_cast<std::size_t>(shape.at(0));
  const std::vector<std::vector<float>> inputs(1,
                                               std::vector<float>(all.begin(), all.begin() + len));
  const config::ChipConfig cfg =
      config::load_config("", {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4",
                               "chip.global_dpus=4", "sim.check_protocol=true"});
  traces::Recorder recorder;
  recorder.add_sink(std::make_unique<ThrowInSecondLayer>());
  try {
    run_workload_simulation(cfg, g, map_workload(g, cfg), inputs, nullptr, {}, recorder);
    FAIL() << "the sink's exception did not come out of the run";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("sink failed in layer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff
