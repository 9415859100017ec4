// A hybrid chip (6 analog PCM tiles, 2 int8 digital tiles) runs the shipped Fashion-MNIST CNN
// (conv1, conv2, fc1 in 4 row blocks, fc2) with conv1 and fc2 on the digital tiles: every digital
// MVM is bit-exact against an integer reference written here from the documented rules
// (models/digital_mvm.h), independently of the model's code, and the network still classifies like
// the float reference. One simulation per TEST.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chip/chip.h"
#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_host.h"
#include "host/workload_simulation.h"
#include "tests/common/fmnist_images.h"
#include "tiles/digital_tile.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
const std::string kSrc = KIRCHHOFF_SOURCE_DIR;

config::ChipConfig hybrid_chip() {
  return config::load_config(
      "", {"chip.tiles=8", "chip.mesh_cols=4", "chip.mesh_rows=3", "chip.global_dpus=2",
           "chip.tile_groups=[{kind: analog, count: 6}, {kind: digital, count: 2}]",
           "tile.device.type=pcm", "tile.dac.noise_management=true", "mapper.sparsity=off",
           "mapper.digital_layers=[conv1, fc2]"});
}

// The documented int8 rules, written out again: per-block weight scale max|W| / 127, per-vector
// input scale max|x| / 127 (noise management: per-vector scaling), rint ties to even, int32
// accumulation, one rounding of acc * s_x * s_w (in double) to float32.
std::vector<float> int8_reference(const std::vector<float>& w, int rows, int cols,
                                  const std::vector<float>& x) {
  float wmax = 0.0f, xmax = 0.0f;
  for (float v : w) wmax = std::max(wmax, std::fabs(v));
  for (float v : x) xmax = std::max(xmax, std::fabs(v));
  const float sw = wmax > 0.0f ? wmax / 127.0f : 1.0f;
  const float sx = xmax > 0.0f ? xmax / 127.0f : 1.0f;
  auto code = [](float v, float s) {
    return static_cast<std::int32_t>(std::clamp(std::nearbyint(v / s), -127.0f, 127.0f));
  };
  std::vector<float> y(static_cast<std::size_t>(cols));
  for (int c = 0; c < cols; ++c) {
    std::int32_t acc = 0;
    for (int r = 0; r < rows; ++r) acc += code(x[r], sx) * code(w[r * cols + c], sw);
    y[c] = static_cast<float>(static_cast<double>(acc) * static_cast<double>(sx) *
                              static_cast<double>(sw));
  }
  return y;
}

TEST(HybridCnnRun, DigitalLayersAreBitExactAgainstTheIntegerReference) {
  const WorkloadGraph g = import_onnx(kSrc + "/data/fmnist/cnn.onnx");
  const config::ChipConfig cfg = hybrid_chip();
  const MappingPlan plan = map_workload(g, cfg);
  ASSERT_EQ(plan.layers.size(), 4u);
  ASSERT_EQ(plan.layers[0].kind, TileKind::kDigital);
  ASSERT_EQ(plan.layers[1].kind, TileKind::kAnalog);
  ASSERT_EQ(plan.layers[2].kind, TileKind::kAnalog);
  ASSERT_EQ(plan.layers[3].kind, TileKind::kDigital);
  EXPECT_EQ(plan.layers[0].tiles, (std::vector<int>{6}));
  EXPECT_EQ(plan.layers[3].tiles, (std::vector<int>{7}));
  const std::vector<std::vector<float>> inputs = test::fmnist_images(4);
  traces::Recorder recorder;
  Chip chip("chip", cfg, &recorder);
  WorkloadHost host("host", chip, g, plan, inputs, sc_core::SC_ZERO_TIME, &recorder);
  host.socket.bind(chip.host_target());
  std::size_t completed = 0;
  host.set_sample_callback([&](int, SampleRecord&& rec) { completed += rec.complete ? 1 : 0; });
  run_to_end(chip, recorder);
  ASSERT_FALSE(host.failed());
  ASSERT_EQ(completed, inputs.size());
  int checked = 0;
  for (const int m : {0, 3}) {
    const MappedLayer& ml = plan.layers[static_cast<std::size_t>(m)];
    ASSERT_EQ(ml.tiles.size(), 1u);
    auto* tile = dynamic_cast<DigitalTile*>(&chip.tile(ml.tiles[0]));
    ASSERT_NE(tile, nullptr) << ml.name;
    EXPECT_EQ(tile->tile_kind(), TileKind::kDigital);
    // conv1: 784 patches per sample; fc2: one MVM per sample.
    EXPECT_EQ(tile->mvm_count(), inputs.size() * static_cast<std::size_t>(ml.mvms_per_sample));
    const std::vector<float> w = g.layers[static_cast<std::size_t>(ml.layer)].matrix();
    const std::vector<float> want = int8_reference(w, ml.rows, ml.cols, tile->last_input());
    const std::vector<float> got(tile->output().begin(), tile->output().begin() + ml.cols);
    bool any_nonzero = false;
    for (int c = 0; c < ml.cols; ++c) {
      EXPECT_EQ(got[c], want[c]) << ml.name << " column " << c;  // bit for bit
      any_nonzero = any_nonzero || got[c] != 0.0f;
    }
    EXPECT_TRUE(any_nonzero) << ml.name;
    ++checked;
  }
  EXPECT_EQ(checked, 2);
  // The analog tile (conv2) is a PCM crossbar, not an exact one.
  EXPECT_EQ(chip.tile(plan.layers[1].tiles[0]).tile_kind(), TileKind::kAnalog);
}

TEST(HybridCnnRun, MixedChipClassifiesLikeTheReferenceAndReportsEachLayersKind) {
  const WorkloadGraph g = import_onnx(kSrc + "/data/fmnist/cnn.onnx");
  const config::ChipConfig cfg = hybrid_chip();
  const MappingPlan plan = map_workload(g, cfg);
  const NpyArray labels_u8 = read_npy(kData + "/fmnist_labels.npy");
  const std::vector<int> labels(labels_u8.u8.begin(), labels_u8.u8.end());
  traces::Recorder recorder;
  WorkloadRunOptions options;
  options.samples = 16;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, test::fmnist_images(16), &labels, options, recorder);
  ASSERT_FALSE(r.host_failed);
  ASSERT_EQ(r.summary.layers.size(), 4u);
  EXPECT_EQ(r.summary.layers[0].kind, "digital");
  EXPECT_EQ(r.summary.layers[1].kind, "analog");
  EXPECT_EQ(r.summary.layers[2].kind, "analog");
  EXPECT_EQ(r.summary.layers[3].kind, "digital");
  // int8 conv1 loses only its quantisation: ~1 % of its output, far below a PCM layer's.
  EXPECT_LT(r.layer_rel_l2_error[0], 0.02);
  EXPECT_GE(r.top1_chip, r.top1_reference - 2.0 / 16);
  // No converter in a digital tile: nothing clips there.
  EXPECT_EQ(r.layer_dac_clipped_fraction[0], 0.0);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k)
    std::printf("layer %s (%s): rel L2 error %.4g\n", r.layer_names[k].c_str(),
                r.summary.layers[k].kind.c_str(), r.layer_rel_l2_error[k]);
}

}  // namespace
}  // namespace kirchhoff
