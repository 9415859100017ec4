// Patch packing on the SystemC chip (compiler/conv_packing.h): the CNN test model's
// convolutions packed block-diagonally (conv1: 28 copies of its 9 x 8 kernel matrix, conv2: 3
// of its 72 x 16, in 256 x 256 tiles) compute the same outputs as one pixel per MVM, bit for bit
// with ideal devices and fixed converter ranges, with P times fewer MVMs. The unpacked run is a
// child process (a SystemC kernel elaborates once per process).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/child_run.h"
#include "tests/common/fmnist_images.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
constexpr int kSamples = 8;

struct CnnRun {
  std::uint64_t mvms = 0, packets = 0;
  std::vector<double> values;  // every sample's network output, then every layer's L2 error
};

CnnRun run_cnn(const std::string& packing, const std::vector<std::string>& extra) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  const std::vector<std::vector<float>> inputs = test::fmnist_images(kSamples);
  std::vector<std::string> o = {"chip.tiles=4",           "chip.mesh_cols=3",
                                "chip.mesh_rows=2",       "chip.global_dpus=2",
                                "tile.device.type=ideal", "tile.dac.noise_management=false"};
  o.insert(o.end(), extra.begin(), extra.end());
  const config::ChipConfig cfg = config::load_config("", o);
  MapperOptions mo;
  mo.conv_packing = parse_conv_packing(packing);
  const MappingPlan plan = map_workload(g, cfg, mo);
  traces::Recorder recorder;
  const WorkloadRunResult r = run_workload_simulation(cfg, g, plan, inputs, nullptr, {}, recorder);
  CnnRun run;
  if (r.host_failed) return run;
  run.mvms = r.summary.mvms;
  run.packets = recorder.totals().events[static_cast<int>(traces::EventKind::kPacketDelivery)];
  for (const auto& out : r.outputs) run.values.insert(run.values.end(), out.begin(), out.end());
  run.values.insert(run.values.end(), r.layer_rel_l2_error.begin(), r.layer_rel_l2_error.end());
  return run;
}

void expect_packed_equals_unpacked(const std::vector<std::string>& extra) {
  const std::vector<double> child = test::run_in_child([&] {
    const CnnRun off = run_cnn("off", extra);
    std::vector<double> v = {static_cast<double>(off.mvms), static_cast<double>(off.packets)};
    v.insert(v.end(), off.values.begin(), off.values.end());
    return v;
  });
  const CnnRun packed = run_cnn("auto", extra);
  ASSERT_EQ(packed.values.size(), kSamples * 10u + 3u);
  ASSERT_EQ(child.size(), packed.values.size() + 2);
  // One pixel per MVM: 784 + 144 + 1 per sample; packed: ceil(784 / 28) + 144 / 3 + 1.
  EXPECT_EQ(child[0], kSamples * (784.0 + 144.0 + 1.0));
  EXPECT_EQ(packed.mvms, kSamples * (28u + 48u + 1u));
  // The packets are the patches (conv1's from its DPU node, conv2's from conv1's DPU) and fc's
  // input, one per MVM of a convolution: fewer by the same factors.
  EXPECT_EQ(child[1], kSamples * (784.0 + 145.0));
  EXPECT_EQ(packed.packets, kSamples * (28u + 49u));
  for (std::size_t i = 0; i < packed.values.size(); ++i) {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, &child[i + 2], sizeof a);
    std::memcpy(&b, &packed.values[i], sizeof b);
    EXPECT_EQ(a, b) << "value " << i << ": unpacked " << child[i + 2] << " packed "
                    << packed.values[i];
  }
}

TEST(ConvPackingRun, EightBitConvertersPackedEqualUnpackedBitForBit) {
  expect_packed_equals_unpacked({});
}

TEST(ConvPackingRun, TwentyFourBitConvertersPackedEqualUnpackedBitForBit) {
  expect_packed_equals_unpacked(
      {"tile.dac.bits=24", "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"});
}

}  // namespace
}  // namespace kirchhoff
