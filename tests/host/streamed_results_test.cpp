// Streamed per-sample results (host/sample_results.h): the host hands each sample's record over
// as it completes and keeps none, the run folds them into running sums, so the per-sample
// records a run holds do not grow with the number of samples; and the figures are those the
// stored vectors gave, bit for bit. Each simulation runs in its own process (run_in_child).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/child_run.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

// The MLP on PCM devices, two replicas (samples complete out of order); `n` samples cycle through
// the 32 Fashion-MNIST images. Returns the records held, the outputs kept and the figures.
std::vector<double> run_mlp(std::size_t n, bool keep_outputs) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t images = static_cast<std::size_t>(shape.at(0)), len = all.size() / images;
  std::vector<std::vector<float>> inputs;
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t i = s % images;
    inputs.emplace_back(all.begin() + i * len, all.begin() + (i + 1) * len);
  }
  const config::ChipConfig cfg =
      config::load_config("", {"chip.tiles=16", "chip.mesh_cols=5", "chip.mesh_rows=4",
                               "chip.global_dpus=4", "tile.device.type=pcm"});
  MapperOptions mo;
  mo.replication = 2;
  const MappingPlan plan = map_workload(g, cfg, mo);
  WorkloadRunOptions options;
  options.keep_outputs = keep_outputs;
  traces::Recorder recorder;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, options, recorder);
  std::vector<double> v = {static_cast<double>(r.max_sample_records_held),
                           static_cast<double>(r.outputs.size()),
                           static_cast<double>(r.reference.size()),
                           r.host_failed ? 1.0 : 0.0,
                           r.summary.output_rel_l2_error,
                           r.summary.output_max_abs_error,
                           r.summary.output_read_ns};
  for (const LayerFigures& f : r.summary.layers) v.push_back(f.latency_ns);
  v.insert(v.end(), r.layer_rel_l2_error.begin(), r.layer_rel_l2_error.end());
  if (keep_outputs) {  // the output error recomputed from the kept vectors, as before streaming
    double err2 = 0, ref2 = 0, max_abs = 0;
    for (std::size_t s = 0; s < r.outputs.size(); ++s) {
      for (std::size_t j = 0; j < r.outputs[s].size(); ++j) {
        const double d = static_cast<double>(r.outputs[s][j]) - r.reference[s][j];
        err2 += d * d;
        ref2 += static_cast<double>(r.reference[s][j]) * r.reference[s][j];
        max_abs = std::max(max_abs, std::fabs(d));
      }
    }
    v.push_back(std::sqrt(err2 / ref2));
    v.push_back(max_abs);
  }
  return v;
}

TEST(StreamedResults, RecordsHeldDoNotGrowWithTheSamples) {
  const std::vector<double> few = test::run_in_child([] { return run_mlp(16, false); });
  const std::vector<double> many = test::run_in_child([] { return run_mlp(256, false); });
  ASSERT_GE(few.size(), 4u);
  ASSERT_GE(many.size(), 4u);
  EXPECT_EQ(few[3], 0.0);
  EXPECT_EQ(many[3], 0.0);
  std::printf("records held: %g with 16 samples, %g with 256\n", few[0], many[0]);
  EXPECT_GE(few[0], 1.0);
  EXPECT_EQ(many[0], few[0]);  // 16x the samples, the same records held: the samples in flight
  EXPECT_LE(many[0], 8.0);
  EXPECT_EQ(many[1], 0.0);  // no outputs kept
  EXPECT_EQ(many[2], 0.0);
}

TEST(StreamedResults, FiguresEqualThoseOfTheKeptOutputsBitForBit) {
  const std::vector<double> streamed = test::run_in_child([] { return run_mlp(24, false); });
  const std::vector<double> kept = test::run_in_child([] { return run_mlp(24, true); });
  ASSERT_GE(streamed.size(), 8u);
  ASSERT_EQ(kept.size(), streamed.size() + 2);
  EXPECT_EQ(kept[1], 24.0);
  EXPECT_EQ(kept[2], 24.0);
  EXPECT_GT(kept[4], 0.0);  // PCM: a real error
  // Same output error, read time, layer latencies and layer errors.
  for (std::size_t i = 4; i < streamed.size(); ++i) EXPECT_EQ(streamed[i], kept[i]) << i;
  // The running sums give what the stored vectors give.
  EXPECT_EQ(kept[kept.size() - 2], kept[4]);
  EXPECT_EQ(kept[kept.size() - 1], kept[5]);
}

}  // namespace
}  // namespace kirchhoff
