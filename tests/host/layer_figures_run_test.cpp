// Per-layer figures of real runs (report/layer_figures.h): exact values on the one-layer default
// workload (one 256 x 256 tile, the host writes each input and reads each result through the
// host port), and on the MLP (three layers over 16 tiles and 4 global DPUs) that the layers'
// figures add up to the run's. One simulation per TEST.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/peak_figures.h"
#include "host/workload_simulation.h"
#include "workloads/default_workload.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

using traces::EnergyCategory;

struct DefaultRun {
  config::ChipConfig cfg;
  WorkloadRunResult result;
  traces::PhaseTotals phases;
};

DefaultRun run_default(int samples, const std::vector<std::string>& extra = {}) {
  DefaultRun run;
  std::vector<std::string> o = {"workload.samples=" + std::to_string(samples)};
  o.insert(o.end(), extra.begin(), extra.end());
  run.cfg = config::load_config("", o);
  const DefaultWorkload w = make_default_workload(run.cfg.workload, run.cfg.sim.seed);
  const MappingPlan plan = map_workload(w.graph, run.cfg);
  traces::Recorder recorder;
  run.result = run_workload_simulation(run.cfg, w.graph, plan, w.inputs, nullptr, {}, recorder);
  run.phases = recorder.phase_totals();
  return run;
}

// One layer, one tile, 4 samples: its MVMs and ops, its host I/O (each sample's 256 input
// floats written and 256 output floats read), its tile's static energy over the span, the host
// port's and the tile's occupancy, and the latency split.
TEST(LayerFiguresRun, OneLayerHasExactCountsEnergyOccupancyAndLatency) {
  const DefaultRun run = run_default(4);
  const RunSummary& s = run.result.summary;
  const config::ChipConfig& cfg = run.cfg;
  ASSERT_FALSE(run.result.host_failed);
  ASSERT_EQ(s.layers.size(), 1u);
  const LayerFigures& l = s.layers[0];
  EXPECT_EQ(l.name, "fc");
  EXPECT_EQ(l.tiles, 1);
  EXPECT_EQ(l.mvms, 4u);
  EXPECT_EQ(l.ops, 4u * 2u * 256u * 256u);
  EXPECT_DOUBLE_EQ(l.energy[EnergyCategory::kHostIo],
                   4 * (256 + 256) * 32 * cfg.host.io_energy_pj_per_bit);
  EXPECT_NEAR(l.energy[EnergyCategory::kStatic],
              cfg.tile.energy.static_power_mW * s.inference_span_ns, 1e-9 * l.energy.total());
  // Everything but static energy is the layer's events: the run's inference energy of the
  // tile, its local DPU and the host port (no packet crosses the one-node network).
  const traces::EnergyPj inf = run.phases.energy(traces::RunPhase::kInference);
  for (EnergyCategory c : {EnergyCategory::kArray, EnergyCategory::kDac, EnergyCategory::kAdc,
                           EnergyCategory::kDpu, EnergyCategory::kHostIo, EnergyCategory::kActive})
    EXPECT_DOUBLE_EQ(l.energy[c], inf[c]) << traces::to_string(c);
  // Port occupancy: 8 transfers of 1,024 bytes at port_bandwidth_GBps (the latency is not
  // occupancy); the tile: 4 MVM intervals of its full 256 x 256 block.
  const double port_ns = 8 * 1024 / cfg.host.port_bandwidth_GBps;
  EXPECT_NEAR(l.busy[static_cast<std::size_t>(LayerResource::kHostPort)],
              port_ns / s.inference_span_ns, 1e-12);
  const double tile_ns = 4 * peak_figures(cfg).mvm_interval_ns;
  EXPECT_NEAR(l.busy[static_cast<std::size_t>(LayerResource::kTile)], tile_ns / s.inference_span_ns,
              1e-12);
  EXPECT_NEAR(l.utilisation, tile_ns / s.inference_span_ns, 1e-12);
  EXPECT_EQ(l.busy[static_cast<std::size_t>(LayerResource::kLink)], 0.0);
  EXPECT_EQ(l.limit, tile_ns > port_ns ? LayerResource::kTile : LayerResource::kHostPort);
  // The layer's latency contribution and the output read make up the mean sample latency.
  EXPECT_NEAR(l.latency_ns + s.output_read_ns, s.latency_mean_ns, 1e-6);
  EXPECT_GE(s.output_read_ns, cfg.host.port_latency_ns + 1024 / cfg.host.port_bandwidth_GBps);
}

// One sample: nothing waits, so the output read is one port transaction (latency + 1,024 bytes
// over the bandwidth) and the layer's contribution is the rest of the sample's latency: the
// input write (the same transaction), the MVM and the local DPU's accumulate.
TEST(LayerFiguresRun, OneSampleSplitsItsLatencyIntoTheLayerAndOneRead) {
  const DefaultRun run = run_default(1);
  const RunSummary& s = run.result.summary;
  const config::ChipConfig& cfg = run.cfg;
  ASSERT_EQ(s.layers.size(), 1u);
  const double transaction_ns = cfg.host.port_latency_ns + 1024 / cfg.host.port_bandwidth_GBps;
  EXPECT_NEAR(s.output_read_ns, transaction_ns, 1e-9);
  EXPECT_NEAR(s.layers[0].latency_ns, s.latency_first_ns - transaction_ns, 1e-6);
  EXPECT_GT(s.layers[0].latency_ns, transaction_ns + peak_figures(cfg).mvm_latency_ns);
}

// host.io_format=int8: the inputs and outputs cross the port as one byte per value, so the
// layer's host I/O energy and the port's occupancy are a quarter of float32's; the weight
// upload stays float32.
TEST(LayerFiguresRun, EightBitIoMovesAQuarterOfTheBytes) {
  const DefaultRun run = run_default(4, {"host.io_format=int8"});
  const RunSummary& s = run.result.summary;
  const config::ChipConfig& cfg = run.cfg;
  ASSERT_EQ(s.layers.size(), 1u);
  const LayerFigures& l = s.layers[0];
  EXPECT_DOUBLE_EQ(l.energy[EnergyCategory::kHostIo],
                   4 * (256 + 256) * 8 * cfg.host.io_energy_pj_per_bit);
  EXPECT_NEAR(l.busy[static_cast<std::size_t>(LayerResource::kHostPort)],
              8 * 256 / cfg.host.port_bandwidth_GBps / s.inference_span_ns, 1e-12);
  // One read of 256 bytes when nothing else is on the port: latency + 256 B / bandwidth.
  EXPECT_GE(s.output_read_ns, cfg.host.port_latency_ns + 256 / cfg.host.port_bandwidth_GBps);
  // Programming: the 256 x 256 float32 weights and five 32-bit registers, as before.
  EXPECT_DOUBLE_EQ(s.programming.host_io_energy_pj,
                   (5 + 256.0 * 256.0) * 32 * cfg.host.io_energy_pj_per_bit);
}

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

// Three layers over 16 tiles and 4 global DPUs: the layers' MVMs, ops and tagged energies are
// the run's inference figures, their latencies and the read make up the mean latency, and each
// layer's utilisation is its tiles' mean.
TEST(LayerFiguresRun, MlpLayersAddUpToTheRun) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t len = all.size() / static_cast<std::size_t>(shape.at(0));
  std::vector<std::vector<float>> inputs;
  for (std::size_t s = 0; s < 8; ++s)
    inputs.emplace_back(all.begin() + s * len, all.begin() + (s + 1) * len);
  const config::ChipConfig cfg =
      config::load_config("", {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4",
                               "chip.global_dpus=4", "tile.device.type=ideal"});
  const MappingPlan plan = map_workload(g, cfg);
  traces::Recorder recorder;
  const WorkloadRunResult r = run_workload_simulation(cfg, g, plan, inputs, nullptr, {}, recorder);
  ASSERT_FALSE(r.host_failed);
  const RunSummary& s = r.summary;
  ASSERT_EQ(s.layers.size(), 3u);
  std::uint64_t mvms = 0, ops = 0;
  double latency = s.output_read_ns;
  traces::EnergyPj energy;
  for (std::size_t k = 0; k < s.layers.size(); ++k) {
    const LayerFigures& l = s.layers[k];
    EXPECT_EQ(l.tiles, static_cast<int>(plan.layers.at(k).tiles.size())) << l.name;
    mvms += l.mvms;
    ops += l.ops;
    latency += l.latency_ns;
    energy += l.energy;
    double util = 0;
    int n = 0;
    for (const TileFigures& t : s.tiles) {
      if (t.layer != l.name) continue;
      util += t.utilisation;
      ++n;
    }
    ASSERT_EQ(n, l.tiles) << l.name;
    EXPECT_NEAR(l.utilisation, util / n, 1e-12) << l.name;
    EXPECT_GT(l.energy[EnergyCategory::kNetwork], 0.0) << l.name;
  }
  EXPECT_EQ(mvms, s.mvms);
  EXPECT_EQ(ops, s.ops);
  EXPECT_NEAR(latency, s.latency_mean_ns, 1e-6);
  const traces::EnergyPj inf = recorder.phase_totals().energy(traces::RunPhase::kInference);
  for (EnergyCategory c :
       {EnergyCategory::kArray, EnergyCategory::kDac, EnergyCategory::kAdc, EnergyCategory::kDpu,
        EnergyCategory::kNetwork, EnergyCategory::kHostIo, EnergyCategory::kActive})
    EXPECT_NEAR(energy[c], inf[c], 1e-9 * inf.total()) << traces::to_string(c);
  EXPECT_EQ(s.layers[0].name, "fc1");
}

}  // namespace
}  // namespace kirchhoff
