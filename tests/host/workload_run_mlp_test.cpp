// The MLP test model (784-256-128-10, Relu) executed on the SystemC chip sample by sample:
// tiles compute the blocks, partial sums and activations travel over the network to the DPUs
// the plan chose (global DPUs when the chip has them, else a member tile's local DPU; a single
// block uses its tile's local DPU), which add them, add the bias and apply the activations.
// One simulation per TEST (a SystemC kernel elaborates once per process).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

struct Data {
  std::vector<std::vector<float>> inputs;
  std::vector<int> labels;
};

Data fmnist() {
  Data d;
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t n = static_cast<std::size_t>(shape.at(0));
  const std::size_t len = all.size() / n;
  for (std::size_t s = 0; s < n; ++s)
    d.inputs.emplace_back(all.begin() + s * len, all.begin() + (s + 1) * len);
  const NpyArray labels = read_npy(kData + "/fmnist_labels.npy");
  for (std::uint8_t l : labels.u8) d.labels.push_back(l);
  return d;
}

// Every event the modules recorded: energy summed independently of the recorder's totals, and
// the MVM events by graph layer.
struct Collect : traces::Sink {
  traces::EnergyPj energy;
  std::map<int, std::vector<traces::Event>> mvms;   // by graph layer
  std::map<std::uint32_t, int> mvms_per_component;  // by tile
  int local_dpu_ops = 0, global_dpu_ops = 0;        // "chip.tile<i>_dpu" / "chip.dpu<j>"
  void on_event(const traces::Recorder& rec, const traces::Event& e) override {
    energy += e.energy;
    if (e.kind == traces::EventKind::kDpuOp) {
      const std::string& n = rec.component(e.component).name;
      ++(n.size() > 4 && n.compare(n.size() - 4, 4, "_dpu") == 0 ? local_dpu_ops : global_dpu_ops);
    }
    if (e.kind == traces::EventKind::kMvm) {
      mvms[e.layer].push_back(e);
      ++mvms_per_component[e.component];
    }
  }
};

struct MlpRun {
  WorkloadRunResult result;
  MappingPlan plan;
  Collect events;  // a copy: the recorder owning the sink ends with run_mlp
  traces::Totals totals;
};

MlpRun run_mlp(const std::vector<std::string>& overrides, int samples = -1, double interval_ns = 0,
               const std::string& config_file = "") {
  static const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  static const Data data = fmnist();
  const config::ChipConfig cfg = config::load_config(config_file, overrides);
  MlpRun run;
  run.plan = map_workload(g, cfg);
  traces::Recorder recorder;
  auto sink = std::make_unique<Collect>();
  const Collect* collected = sink.get();
  recorder.add_sink(std::move(sink));
  WorkloadRunOptions options;
  options.samples = samples;
  options.sample_interval_ns = interval_ns;
  run.result =
      run_workload_simulation(cfg, g, run.plan, data.inputs, &data.labels, options, recorder);
  run.totals = recorder.totals();
  run.events = *collected;
  return run;
}

// 20 nodes: 16 tiles and 4 global DPUs. Ideal devices, no output noise.
std::vector<std::string> chip(std::vector<std::string> extra) {
  std::vector<std::string> o = {"chip.tiles=16",          "chip.mesh_cols=5",
                                "chip.mesh_rows=4",       "chip.global_dpus=4",
                                "tile.device.type=ideal", "tile.dac.noise_management=true"};
  o.insert(o.end(), extra.begin(), extra.end());
  return o;
}

// 24-bit converters, an ADC bound no output reaches and fp32 DPUs: the only differences from
// the float reference are the converters' quantisation steps (DAC: abs-max / (2^23 - 1) per
// input, noise management scales each vector to its abs-max so nothing clips; ADC:
// bound / (2^23 - 1) per output in normalised units, 40 / 8.4e6 = 4.8e-6 of a full-scale
// output) and float32 rounding, far below 1e-4 relative. (The default fp16 DPUs alone give
// ~5e-4.)
const std::vector<std::string> kExact = {"tile.dac.bits=24", "tile.adc.bits=24",
                                         "tile.adc.bound=40", "dpu.format=fp32"};

void expect_close_to_reference(const WorkloadRunResult& r, double tol) {
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.outputs.size(), r.reference.size());
  for (std::size_t k = 0; k < r.layer_rel_l2_error.size(); ++k)
    EXPECT_LT(r.layer_rel_l2_error[k], tol) << r.layer_names[k];
  EXPECT_LT(r.summary.output_rel_l2_error, tol);
  for (std::size_t s = 0; s < r.outputs.size(); ++s) {
    ASSERT_EQ(r.outputs[s].size(), 10u);
    double scale = 0;
    for (float v : r.reference[s]) scale = std::max(scale, static_cast<double>(std::fabs(v)));
    for (std::size_t i = 0; i < 10; ++i)
      EXPECT_NEAR(r.outputs[s][i], r.reference[s][i], tol * scale) << s << " " << i;
  }
}

TEST(WorkloadRunMlp, IdealDevicesAnd24BitConvertersMatchTheFloatReference) {
  const MlpRun run = run_mlp(chip(kExact));
  const WorkloadRunResult& r = run.result;
  expect_close_to_reference(r, 1e-4);
  ASSERT_EQ(r.layer_names.size(), 3u);
  EXPECT_EQ(r.top1_chip, r.top1_reference);
  // fc1's partial sums meet in a global DPU; fc2 and fc3 (one block each) use their tile's local
  // DPU: 32 x (accumulate + relu) globally, 32 x 3 locally.
  EXPECT_EQ(run.events.global_dpu_ops, 32 * 2);
  EXPECT_EQ(run.events.local_dpu_ops, 32 * 3);
  EXPECT_GE(r.top1_chip, 0.0);
  EXPECT_EQ(r.summary.samples, 32);
  for (std::size_t k = 0; k < 3; ++k)
    std::printf("layer %s: rel L2 error %.3g\n", r.layer_names[k].c_str(), r.layer_rel_l2_error[k]);
  std::printf("%s", to_text(r.summary).c_str());
  std::printf("top-1 chip %.3f reference %.3f\n", r.top1_chip, r.top1_reference);
}

TEST(WorkloadRunMlp, LocalDpusReduceOnAChipWithoutGlobalDpus) {
  // hermes64 has no global DPU: fc1's four row blocks meet in the local DPU of one of its
  // tiles (the mapper's kTileDpu site), fc2 and fc3 (one block each) run in their tile's own.
  std::vector<std::string> o = {"tile.device.type=ideal", "tile.dac.noise_management=true"};
  o.insert(o.end(), kExact.begin(), kExact.end());
  const MlpRun run =
      run_mlp(o, -1, 0, std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml");
  ASSERT_EQ(run.plan.global_dpus, 0);
  ASSERT_EQ(run.plan.reductions.size(), 1u);
  EXPECT_EQ(run.plan.reductions[0].site, DpuSite::kTileDpu);
  expect_close_to_reference(run.result, 1e-4);
  EXPECT_EQ(run.result.top1_chip, run.result.top1_reference);
  // 32 samples: fc1 accumulate + relu, fc2 accumulate + relu, fc3 accumulate, all local.
  EXPECT_EQ(run.events.local_dpu_ops, 32 * 5);
  EXPECT_EQ(run.events.global_dpu_ops, 0);
  EXPECT_GT(run.result.summary.energy[traces::EnergyCategory::kNetwork], 0.0);  // partial sums
  for (std::size_t k = 0; k < 3; ++k) {
    std::printf("local DPUs: layer %s rel L2 error %.3g\n", run.result.layer_names[k].c_str(),
                run.result.layer_rel_l2_error[k]);
  }
}

// How much 8-bit converters cost in top-1 is asserted on the trained MLP and real images
// (tests/host/workload_run_trained_test.cpp), where the agreement means something.

TEST(WorkloadRunMlp, MatrixLargerThanOneCrossbarGivesTheSameResult) {
  // 128 x 128 crossbars: the 784 x 256 layer takes 7 x 2 blocks, 256 x 128 two row blocks; 17
  // tiles and 3 global DPUs on 20 nodes.
  const MlpRun run = run_mlp(
      {"chip.tiles=17", "chip.mesh_cols=5", "chip.mesh_rows=4", "chip.global_dpus=3",
       "tile.rows=128", "tile.cols=128", "tile.device.type=ideal", "tile.dac.noise_management=true",
       "tile.dac.bits=24", "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"});
  ASSERT_EQ(run.plan.layers.at(0).row_blocks, 7);
  ASSERT_EQ(run.plan.layers.at(0).col_blocks, 2);
  ASSERT_EQ(run.plan.layers.at(1).row_blocks, 2);
  // Equal to the float reference to 1e-4, as the one-crossbar-per-256-rows mapping of
  // IdealDevicesAnd24BitConvertersMatchTheFloatReference: the split result is the same.
  expect_close_to_reference(run.result, 1e-4);
  EXPECT_EQ(run.result.top1_chip, run.result.top1_reference);
}

TEST(WorkloadRunMlp, FiguresComeFromTheRecorderAndSamplesArePipelined) {
  // 8-bit converters (the default): their conversion time, not 24 bits', sets the timing.
  const MlpRun run = run_mlp(chip({}), 16);
  const WorkloadRunResult& r = run.result;
  ASSERT_FALSE(r.host_failed);
  const RunSummary& s = r.summary;
  ASSERT_EQ(s.samples, 16);
  // Network energy and packets: partial sums and activations crossed the mesh.
  EXPECT_GT(s.energy[traces::EnergyCategory::kNetwork], 0.0);
  EXPECT_GT(run.totals.events[static_cast<int>(traces::EventKind::kPacketDelivery)], 0u);
  EXPECT_GT(s.energy[traces::EnergyCategory::kDpu], 0.0);
  EXPECT_GT(s.energy[traces::EnergyCategory::kHostIo], 0.0);
  EXPECT_GT(s.energy[traces::EnergyCategory::kProgramming], 0.0);
  EXPECT_GT(s.energy[traces::EnergyCategory::kStatic], 0.0);
  // The summary's energy is the sum of the events' energies, category by category.
  for (std::size_t c = 0; c < traces::kNumEnergyCategories; ++c) {
    EXPECT_NEAR(s.energy.pj[c], run.events.energy.pj[c], 1e-9 * std::fabs(s.energy.pj[c])) << c;
    EXPECT_DOUBLE_EQ(s.energy.pj[c], run.totals.energy.pj[c]) << c;
  }
  // Ops are the analog MVMs' (2 x the mapped MACs), not the DPUs' element operations.
  std::uint64_t mvm_ops = 0;
  for (const auto& [layer, events] : run.events.mvms)
    for (const auto& e : events) mvm_ops += e.ops;
  EXPECT_EQ(s.ops, mvm_ops);
  EXPECT_GT(run.totals.ops, mvm_ops);  // the DPUs' element operations are not in s.ops
  EXPECT_EQ(s.mvms, run.totals.events[static_cast<int>(traces::EventKind::kMvm)]);
  // 16 samples: layer 1 has 4 row blocks (4 tiles), layers 2 and 3 one tile each.
  EXPECT_EQ(s.mvms, 16u * 6u);
  // Sample 0 crosses the three layers one after the other: its latency is at least the sum of
  // their MVM latencies.
  double mvm_sum_ns = 0;
  ASSERT_EQ(run.events.mvms.size(), 3u);
  for (const auto& [layer, events] : run.events.mvms) {
    std::int64_t longest = 0;
    for (const auto& e : events) longest = std::max(longest, e.duration_ps);
    mvm_sum_ns += static_cast<double>(longest) * 1e-3;
  }
  EXPECT_GE(s.latency_first_ns, mvm_sum_ns);
  // Pipelining: samples overlap, so more than one sample per latency completes.
  EXPECT_GT(s.throughput_samples_per_s, 1e9 / s.latency_first_ns);
  EXPECT_GE(s.latency_p99_ns, s.latency_p50_ns);
  EXPECT_GT(s.tops, 0.0);
  EXPECT_GT(s.tops_per_w, 0.0);
  std::printf(
      "latency first %.1f ns mean %.1f ns; MVMs of sample 0 %.1f ns; throughput %.3g/s "
      "vs 1/latency %.3g/s\n",
      s.latency_first_ns, s.latency_mean_ns, mvm_sum_ns, s.throughput_samples_per_s,
      1e9 / s.latency_first_ns);
  std::printf("%s", to_text(s).c_str());
}

TEST(WorkloadRunMlp, SpacedSamplesDoNotQueue) {
  // One sample every 20 us, far longer than a sample's latency (~4.4 us): no sample waits for
  // another, so every latency equals the first and the throughput is set by the spacing.
  const MlpRun run = run_mlp(chip({}), 8, 20000.0);
  const RunSummary& s = run.result.summary;
  ASSERT_FALSE(run.result.host_failed);
  EXPECT_LT(s.latency_first_ns, 20000.0);
  EXPECT_NEAR(s.latency_p99_ns, s.latency_first_ns, 1e-6 * s.latency_first_ns);
  EXPECT_NEAR(s.latency_mean_ns, s.latency_first_ns, 1e-6 * s.latency_first_ns);
  // 8 samples over 7 spacings plus one latency.
  EXPECT_NEAR(s.throughput_samples_per_s, 8.0 / ((7 * 20000.0 + s.latency_first_ns) * 1e-9),
              1e-6 * s.throughput_samples_per_s);
}

}  // namespace
}  // namespace kirchhoff

namespace kirchhoff {
namespace {

// fc1 -> relu1 -> fc2 -> add(relu1, fc2) -> fc3, zero weights: the Add's first input is the
// earlier layer's, so the mapper runs it in fc1's DPU, which would need fc2's later output.
WorkloadGraph reversed_residual() {
  WorkloadGraph g;
  g.name = "reversed";
  g.input_name = "x";
  g.input_shape = {1, 8};
  auto dense = [&](const std::string& name, int input) {
    Layer l;
    l.name = name;
    l.op = OpKind::kDense;
    l.inputs = {input};
    DenseOp d;
    d.in_features = d.out_features = 8;
    d.weights.assign(64, 0.0f);
    l.params = d;
    l.shape = {1, 8};
    g.layers.push_back(l);
  };
  dense("fc1", Layer::kGraphInput);
  Layer relu;
  relu.name = "relu1";
  relu.op = OpKind::kRelu;
  relu.inputs = {0};
  relu.shape = {1, 8};
  g.layers.push_back(relu);
  dense("fc2", 1);
  Layer add;
  add.name = "residual";
  add.op = OpKind::kAdd;
  add.inputs = {1, 2};
  add.params = ElementwiseOp{};
  add.shape = {1, 8};
  g.layers.push_back(add);
  dense("fc3", 3);
  g.validate();
  return g;
}

TEST(WorkloadRunErrors, UnsupportedLayerOrWrongInputSizeIsRejectedBeforeElaboration) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  traces::Recorder recorder;
  const config::ChipConfig no_dpus =
      config::load_config("", {"chip.tiles=16", "chip.mesh_cols=4", "chip.mesh_rows=4"});
  const WorkloadGraph rev = reversed_residual();
  const std::vector<std::vector<float>> eight(1, std::vector<float>(8, 0.5f));
  try {
    run_workload_simulation(no_dpus, rev, map_workload(rev, no_dpus), eight, nullptr, {}, recorder);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("layer 'residual' (Add): its second operand 'fc2' comes "
                                         "from a later weight layer"),
              std::string::npos)
        << e.what();
  }
  const config::ChipConfig cfg = config::load_config(
      "", {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4", "chip.global_dpus=4"});
  const std::vector<std::vector<float>> short_input(1, std::vector<float>(783, 0.5f));
  try {
    run_workload_simulation(cfg, g, map_workload(g, cfg), short_input, nullptr, {}, recorder);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("has 783 values; allowed: 784"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff

namespace kirchhoff {
namespace {

TEST(WorkloadRunMlp, ReplicatedLayersShareTheSamples) {
  // Two copies of every layer: sample s runs on replica s % 2, each replica's tiles compute
  // half of the samples, and the result still equals the float reference.
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  const Data data = fmnist();
  std::vector<std::string> o = chip({});
  o.insert(o.end(), kExact.begin(), kExact.end());
  const config::ChipConfig cfg = config::load_config("", o);
  MapperOptions mo;
  mo.replication = 2;
  const MappingPlan plan = map_workload(g, cfg, mo);
  ASSERT_EQ(plan.tiles_used, 12);
  traces::Recorder recorder;
  auto sink = std::make_unique<Collect>();
  const Collect* events = sink.get();
  recorder.add_sink(std::move(sink));
  WorkloadRunOptions options;
  options.samples = 8;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, data.inputs, &data.labels, options, recorder);
  expect_close_to_reference(r, 1e-4);
  EXPECT_EQ(r.summary.mvms, 8u * 6u);
  ASSERT_EQ(events->mvms_per_component.size(), 12u);  // every tile of both replicas worked
  for (const auto& [component, count] : events->mvms_per_component) EXPECT_EQ(count, 4);
}

}  // namespace
}  // namespace kirchhoff
