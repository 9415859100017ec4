// Add and Mul in the DPUs: ops.onnx (Mul of an activation by a per-channel constant, Add of two
// activations of the same layer's chain, strided and dilated convolutions, average pooling with
// padding) and residual.onnx (fc1 -> relu1 -> fc2 -> add(fc2, relu1) -> relu -> mul by a
// constant -> fc3: relu1 travels from fc1's DPU to fc2's over the network), each with ideal
// devices and 24-bit converters against the numpy float64 outputs written with the models, on
// chips with and without global DPUs. One simulation per TEST.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/dataflow_stage.h"
#include "host/workload_simulation.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
const std::string kHermes = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";

// Ideal devices, 24-bit converters, an ADC bound nothing reaches, fp32 DPUs (as the MLP test).
const std::vector<std::string> kExact = {"tile.device.type=ideal", "tile.dac.noise_management=true",
                                         "tile.dac.bits=24",       "tile.adc.bits=24",
                                         "tile.adc.bound=40",      "dpu.format=fp32"};

std::vector<std::string> with_exact(std::vector<std::string> o) {
  o.insert(o.end(), kExact.begin(), kExact.end());
  return o;
}

std::vector<std::vector<float>> samples_of(const std::string& npy) {
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/" + npy, nullptr, &shape);
  const std::size_t n = static_cast<std::size_t>(shape.at(0)), len = all.size() / n;
  std::vector<std::vector<float>> v;
  for (std::size_t s = 0; s < n; ++s)
    v.emplace_back(all.begin() + s * len, all.begin() + (s + 1) * len);
  return v;
}

// Packet deliveries and network energy tagged with one graph layer.
struct LayerTraffic : traces::Sink {
  int layer = -1;
  int deliveries = 0;
  double energy_pj = 0;
  std::vector<std::string> delivered_at;  // NI component names
  void on_event(const traces::Recorder& rec, const traces::Event& e) override {
    if (e.layer != layer) return;
    if (e.kind == traces::EventKind::kPacketDelivery) {
      ++deliveries;
      delivered_at.push_back(rec.component(e.component).name);
    }
    energy_pj += e.energy[traces::EnergyCategory::kNetwork];
  }
};

struct ModelRun {
  WorkloadRunResult result;
  MappingPlan plan;
  std::vector<DataflowStage> stages;
  LayerTraffic traffic;
};

ModelRun run(const std::string& model, const std::string& inputs, const std::string& file,
             const std::vector<std::string>& overrides, const std::string& traced_layer = "") {
  const WorkloadGraph g = import_onnx(kData + "/" + model);
  const config::ChipConfig cfg = config::load_config(file, overrides);
  ModelRun r;
  r.plan = map_workload(g, cfg);
  r.stages = make_dataflow_stages(g, r.plan);
  traces::Recorder recorder;
  auto sink = std::make_unique<LayerTraffic>();
  sink->layer = traced_layer.empty() ? -2 : g.find(traced_layer);
  const LayerTraffic* traffic = sink.get();
  recorder.add_sink(std::move(sink));
  r.result = run_workload_simulation(cfg, g, r.plan, samples_of(inputs), nullptr, {}, recorder);
  r.traffic = *traffic;
  return r;
}

// Every layer's error against the C++ reference and the first 4 outputs against numpy's.
void expect_matches(const WorkloadRunResult& r, const std::string& expected_npy, double tol) {
  ASSERT_FALSE(r.host_failed);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k) {
    std::printf("layer %s: rel L2 error %.3g\n", r.layer_names[k].c_str(), r.layer_rel_l2_error[k]);
    EXPECT_LT(r.layer_rel_l2_error[k], tol) << r.layer_names[k];
  }
  EXPECT_LT(r.summary.output_rel_l2_error, tol);
  Shape shape;
  const std::vector<float> e = read_npy_f32(kData + "/" + expected_npy, nullptr, &shape);
  const std::size_t n = static_cast<std::size_t>(shape.at(0)), len = e.size() / n;
  ASSERT_GE(r.outputs.size(), n);
  double worst = 0;
  for (std::size_t s = 0; s < n; ++s) {
    ASSERT_EQ(r.outputs[s].size(), len);
    double scale = 0;
    for (std::size_t i = 0; i < len; ++i)
      scale = std::max(scale, std::fabs(double(e[s * len + i])));
    for (std::size_t i = 0; i < len; ++i) {
      const double err = std::fabs(r.outputs[s][i] - e[s * len + i]) / scale;
      worst = std::max(worst, err);
      EXPECT_LT(err, tol) << s << " " << i;
    }
  }
  std::printf("%s: largest error against numpy %.3g of the sample's largest output\n",
              expected_npy.c_str(), worst);
}

TEST(WorkloadRunOps, GlobalDpusRunTheAddAndMulOfOpsOnnx) {
  // 8 x 8 crossbars: conv_s2 (18 x 4) takes 3 row blocks, conv_d2 (16 x 3) 2, fc (12 x 5) 2;
  // their partial sums meet in the 2 global DPUs, where Mul by the constant and Add run.
  const ModelRun r = run("ops.onnx", "ops_inputs.npy", "",
                         with_exact({"chip.tiles=8", "chip.mesh_cols=4", "chip.mesh_rows=3",
                                     "chip.global_dpus=2", "tile.rows=8", "tile.cols=8"}));
  ASSERT_EQ(r.stages.size(), 3u);
  for (const DataflowStage& st : r.stages) EXPECT_EQ(st.replicas[0].site, DpuSite::kGlobalDpu);
  expect_matches(r.result, "ops_expected.npy", 1e-4);
}

TEST(WorkloadRunOps, LocalDpusRunOpsOnnxOnHermesLike64) {
  const ModelRun r = run("ops.onnx", "ops_inputs.npy", kHermes, kExact);
  for (const DataflowStage& st : r.stages) EXPECT_EQ(st.replicas[0].site, DpuSite::kTileDpu);
  expect_matches(r.result, "ops_expected.npy", 1e-4);
}

// 32 x 32 crossbars: fc1 (32 x 48) 1 x 2 blocks, fc2 (48 x 48) 2 x 2 gathered in one DPU (its
// post-ops add two activations), fc3 (48 x 10) 2 x 1.
const std::vector<std::string> kSmallTiles = {"tile.rows=32", "tile.cols=32"};

TEST(WorkloadRunResidual, GlobalDpusMatchTheNumpyReference) {
  std::vector<std::string> o = with_exact(kSmallTiles);
  for (const char* c :
       {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4", "chip.global_dpus=4"})
    o.push_back(c);
  const ModelRun r = run("residual.onnx", "residual_inputs.npy", "", o);
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[0].replicas[0].site, DpuSite::kTileDpu);  // no reduction: tile 0's DPU
  EXPECT_EQ(r.stages[1].replicas[0].site, DpuSite::kGlobalDpu);
  EXPECT_EQ(r.stages[2].replicas[0].site, DpuSite::kGlobalDpu);
  expect_matches(r.result, "residual_expected.npy", 1e-4);
}

TEST(WorkloadRunResidual, LocalDpusMatchTheNumpyReference) {
  const ModelRun r = run("residual.onnx", "residual_inputs.npy", kHermes, with_exact(kSmallTiles));
  for (const DataflowStage& st : r.stages) EXPECT_EQ(st.replicas[0].site, DpuSite::kTileDpu);
  expect_matches(r.result, "residual_expected.npy", 1e-4);
}

TEST(WorkloadRunResidual, TheOperandTravelsFromTheEarlierDpuOverTheNetwork) {
  const ModelRun r =
      run("residual.onnx", "residual_inputs.npy", kHermes, with_exact(kSmallTiles), "residual");
  ASSERT_FALSE(r.result.host_failed);
  // fc1's DPU sends relu1 to fc2's DPU, one packet per sample, tagged with the Add's layer.
  ASSERT_EQ(r.stages[0].sends.size(), 1u);
  EXPECT_EQ(r.stages[0].sends[0].to_stage, 1);
  const int from = r.stages[0].replicas[0].dpu_node, to = r.stages[1].replicas[0].dpu_node;
  ASSERT_NE(from, to);
  EXPECT_EQ(r.traffic.deliveries, 8);
  for (const std::string& ni : r.traffic.delivered_at)
    EXPECT_EQ(ni.substr(ni.rfind('.')), ".ni" + std::to_string(to)) << ni;
  EXPECT_GT(r.traffic.energy_pj, 0.0);
  std::printf("residual operand: 8 packets node %d -> %d, %.1f pJ of network energy\n", from, to,
              r.traffic.energy_pj);
}

}  // namespace
}  // namespace kirchhoff
