// The built-in default workload (one Dense layer of the config's workload.* keys, random
// weights and inputs from the seed) run end to end on the same path as any network: mapped by
// compiler/, programmed and streamed by the WorkloadHost, compared with the float reference.
// One simulation per TEST (a SystemC kernel elaborates once per process; ctest runs every TEST
// in its own process).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "workloads/default_workload.h"

namespace kirchhoff {
namespace {

struct DefaultRun {
  config::ChipConfig cfg;
  DefaultWorkload workload;
  MappingPlan plan;
  WorkloadRunResult result;
  traces::Totals totals;
};

DefaultRun run_default(const std::vector<std::string>& overrides,
                       std::unique_ptr<traces::Sink> sink = nullptr) {
  DefaultRun run;
  run.cfg = config::load_config("", overrides);
  run.workload = make_default_workload(run.cfg.workload, run.cfg.sim.seed);
  run.plan = map_workload(run.workload.graph, run.cfg);
  traces::Recorder recorder;
  if (sink) recorder.add_sink(std::move(sink));
  run.result = run_workload_simulation(run.cfg, run.workload.graph, run.plan, run.workload.inputs,
                                       nullptr, {}, recorder);
  run.totals = recorder.totals();
  return run;
}

// y[c] = sum_r W[r][c] x[r], accumulated in double: a reference independent of the float32
// one the simulation compares with.
std::vector<double> gemv_double(const DenseOp& d, const std::vector<float>& x) {
  std::vector<double> y(static_cast<std::size_t>(d.out_features), 0.0);
  for (int r = 0; r < d.in_features; ++r)
    for (int c = 0; c < d.out_features; ++c)
      y[c] += static_cast<double>(d.weights[static_cast<std::size_t>(r) * d.out_features + c]) *
              x[static_cast<std::size_t>(r)];
  return y;
}

// Each sample's output against the float32 reference and a double GEMV: relative L2 < tol.
void expect_matches_gemv(const DefaultRun& run, double tol) {
  const WorkloadRunResult& r = run.result;
  const DenseOp& d = run.workload.graph.layers.at(0).dense();
  for (std::size_t s = 0; s < r.outputs.size(); ++s) {
    ASSERT_EQ(r.outputs[s].size(), static_cast<std::size_t>(d.out_features));
    const std::vector<double> y = gemv_double(d, run.workload.inputs[s]);
    double e2 = 0, e2_double = 0, y2 = 0;
    for (std::size_t c = 0; c < r.outputs[s].size(); ++c) {
      e2 += std::pow(r.outputs[s][c] - r.reference[s][c], 2);
      e2_double += std::pow(r.outputs[s][c] - y[c], 2);
      y2 += y[c] * y[c];
    }
    EXPECT_LT(std::sqrt(e2 / y2), tol) << "sample " << s;
    EXPECT_LT(std::sqrt(e2_double / y2), tol) << "sample " << s;
  }
}

// 24-bit converters and an fp32 DPU (the DPU that receives the tile's result rounds its operands
// into its format; fp16 alone would give ~3e-4): quantisation steps of 2^-23 of full scale, far
// below 1e-5; what remains is float32 accumulation.
TEST(DefaultWorkloadRun, HighResolutionConvertersMatchTheFloatGemv) {
  const DefaultRun run = run_default(
      {"tile.dac.bits=24", "tile.adc.bits=24", "dpu.format=fp32", "workload.samples=16"});
  const WorkloadRunResult& r = run.result;
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), 16u);
  EXPECT_EQ(r.summary.samples, 16);
  EXPECT_LT(r.summary.output_rel_l2_error, 1e-5);
  ASSERT_EQ(r.layer_names, std::vector<std::string>{"fc"});
  EXPECT_LT(r.layer_rel_l2_error.at(0), 1e-5);
  expect_matches_gemv(run, 1e-5);
}

// With 8-bit signed converters the error is the quantisation noise of the DAC and the ADC.
// Uniform rounding error has variance step^2 / 12. The DAC step is range/127 on every input,
// so it adds sum_r W_rc^2 * dx^2 / 12 to output c; the ADC step is bound/127 in normalised
// units, i.e. (bound/127) * w_max * range in output units. Neither clips here (|x| <= range
// and the outputs stay far below the bound of 12). The DPU is fp32 so that nothing else
// rounds. The measured relative L2 error over 64 x 256 outputs must match the prediction
// within 15 % (the estimate of an RMS over 16k values has a spread of a few percent; the rest
// is the uniform-error assumption).
TEST(DefaultWorkloadRun, EightBitConvertersGiveTheExpectedQuantisationError) {
  const DefaultRun run = run_default({"tile.dac.bits=8", "tile.adc.bits=8", "dpu.format=fp32"});
  const WorkloadRunResult& r = run.result;
  ASSERT_FALSE(r.host_failed);
  const config::ChipConfig& cfg = run.cfg;
  const DenseOp& d = run.workload.graph.layers.at(0).dense();
  ASSERT_EQ(r.outputs.size(), 64u);
  float w_max = 0;
  for (float w : d.weights) w_max = std::max(w_max, std::fabs(w));
  const double dx = cfg.tile.dac.range / 127.0;
  const double dy = cfg.tile.adc.bound / 127.0 * w_max * cfg.tile.dac.range;
  double noise_var = 0, ref2 = 0;
  for (std::size_t s = 0; s < run.workload.inputs.size(); ++s) {
    for (int c = 0; c < d.out_features; ++c) {
      double col2 = 0;
      for (int r2 = 0; r2 < d.in_features; ++r2)
        col2 += std::pow(d.weights[static_cast<std::size_t>(r2) * d.out_features + c], 2);
      noise_var += col2 * dx * dx / 12.0 + dy * dy / 12.0;
      ref2 += std::pow(r.reference[s][static_cast<std::size_t>(c)], 2);
    }
  }
  const double predicted = std::sqrt(noise_var / ref2);
  EXPECT_NEAR(r.summary.output_rel_l2_error, predicted, 0.15 * predicted)
      << "predicted " << predicted;
  EXPECT_GT(r.summary.output_rel_l2_error, 1e-3);  // 8 bits are visibly coarser than 24
  EXPECT_DOUBLE_EQ(r.layer_rel_l2_error.at(0), r.summary.output_rel_l2_error);
}

// One tile on a one-node chip: the host writes each input and reads each result through the
// host port, the tile's result stays in its node (its local DPU), so no packet crosses the
// network.
TEST(DefaultWorkloadRun, EnergyAndTimingAreAccountedFromEvents) {
  const DefaultRun run = run_default({"workload.samples=10"});
  const WorkloadRunResult& r = run.result;
  const config::ChipConfig& cfg = run.cfg;
  ASSERT_FALSE(r.host_failed);
  const traces::Totals& t = run.totals;
  EXPECT_EQ(r.summary.mvms, 10u);
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kMvm)], 10u);
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kProgram)], 1u);
  // A MAC counts as 2; the local DPU's accumulate of one vector adds no element operation.
  EXPECT_EQ(r.summary.ops, 10u * 2u * 256u * 256u);
  EXPECT_DOUBLE_EQ(r.summary.energy.total(), t.energy.total());
  EXPECT_GT(r.summary.energy[traces::EnergyCategory::kProgramming], 0.0);
  EXPECT_GT(r.summary.energy[traces::EnergyCategory::kHostIo], 0.0);
  EXPECT_EQ(r.summary.energy[traces::EnergyCategory::kNetwork], 0.0);
  // Host I/O: every word the host moved through the port, at io_energy_pj_per_bit. Programming:
  // ROWS_USED, COLS_USED, the 256 x 256 weights, CTRL, LAYER, AUTO_START; per sample 256 input
  // words written and 256 output words read.
  const double words = 5 + 256.0 * 256.0 + 10 * (256 + 256);
  EXPECT_NEAR(r.summary.energy[traces::EnergyCategory::kHostIo],
              words * 32 * cfg.host.io_energy_pj_per_bit, 1e-6);
  // Static energy = static power x simulated time (mW x ns = pJ): the tile and its local DPU.
  EXPECT_NEAR(r.summary.energy[traces::EnergyCategory::kStatic],
              (cfg.tile.energy.static_power_mW + cfg.dpu.static_power_mw) * r.summary.sim_time_ns,
              1e-6);
  // Every sample waits at least one MVM and two host-port round trips (input in, result out).
  EXPECT_GE(r.summary.latency_first_ns, cfg.tile.dac.t_lsb_ns + 2 * cfg.host.port_latency_ns);
  EXPECT_GT(r.summary.throughput_samples_per_s, 0.0);
  ASSERT_EQ(r.summary.tiles.size(), 1u);
  EXPECT_EQ(r.summary.tiles[0].layer, "fc");
  EXPECT_EQ(r.summary.tiles[0].mvms, 10u);
}

// The host's samples_in_flight counter (timeline, VCD): +1 when a sample's input is sent, -1
// when its result has been read, in time order per sample.
struct InFlight : traces::Sink {
  std::vector<traces::CounterSample>* samples;
  explicit InFlight(std::vector<traces::CounterSample>* out) : samples(out) {}
  void on_event(const traces::Recorder&, const traces::Event&) override {}
  void on_counter(const traces::Recorder& rec, const traces::CounterSample& c) override {
    if (rec.counter(c.counter).name == "samples_in_flight") samples->push_back(c);
  }
};

TEST(DefaultWorkloadRun, CountsSamplesInFlightFromInputToResult) {
  std::vector<traces::CounterSample> counts;
  const DefaultRun run = run_default({"workload.samples=12"}, std::make_unique<InFlight>(&counts));
  ASSERT_FALSE(run.result.host_failed);
  ASSERT_EQ(counts.size(), 24u);  // one rise and one fall per sample
  int rises = 0;
  double peak = 0;
  for (const auto& c : counts) {
    EXPECT_GE(c.value, 0.0);
    peak = std::max(peak, c.value);
  }
  for (std::size_t i = 1; i < counts.size(); ++i) rises += counts[i].value > counts[i - 1].value;
  EXPECT_EQ(counts.front().value, 1.0);
  EXPECT_EQ(counts.back().value, 0.0);
  // The next sample's input is written while the current one computes: two are in flight.
  EXPECT_EQ(peak, 2.0);
  EXPECT_EQ(rises + 1, 12);
  // The first rise is the end of programming; the last fall the last result read.
  EXPECT_EQ(counts.front().time_ps,
            static_cast<std::int64_t>(std::llround(run.result.summary.programming_time_ns * 1e3)));
  EXPECT_EQ(
      counts.back().time_ps,
      static_cast<std::int64_t>(std::llround(
          (run.result.summary.programming_time_ns + run.result.summary.inference_span_ns) * 1e3)));
}

// A layer larger than one crossbar, on a chip with enough tiles: the mapper cuts it into two row
// blocks whose partial sums meet in a local DPU (the slice path needed it to fit one tile).
TEST(DefaultWorkloadRun, ALayerLargerThanATileSpreadsOverRowBlocks) {
  const DefaultRun run = run_default({"chip.tiles=2", "chip.mesh_cols=2",
                                      "workload.in_features=300", "workload.samples=8",
                                      "tile.dac.bits=24", "tile.adc.bits=24", "dpu.format=fp32"});
  const WorkloadRunResult& r = run.result;
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(run.plan.layers.size(), 1u);
  EXPECT_EQ(run.plan.layers[0].row_blocks, 2);
  EXPECT_EQ(run.plan.tiles_used, 2);
  EXPECT_EQ(r.summary.mvms, 2u * 8u);
  ASSERT_EQ(r.summary.tiles.size(), 2u);
  // One partial sum crosses the network per sample (the other tile shares the DPU's node).
  EXPECT_GT(r.summary.energy[traces::EnergyCategory::kNetwork], 0.0);
  EXPECT_GT(r.summary.energy[traces::EnergyCategory::kDpu], 0.0);
  EXPECT_LT(r.summary.output_rel_l2_error, 1e-5);
  expect_matches_gemv(run, 1e-5);
}

}  // namespace
}  // namespace kirchhoff
