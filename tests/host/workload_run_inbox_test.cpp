// The tiles' results travel as data: after one MLP sample on the stock 64-tile chip (no global
// DPU: fc1's four row blocks meet in the local DPU of one of its tiles), that DPU's INBOX holds
// exactly the four row blocks' partial sums, each written by one packet per remote tile (the
// tile on the DPU's own node writes without a packet). One simulation per process.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chip/chip.h"
#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_host.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

// Counts the network's deliveries by graph layer.
struct Deliveries : traces::Sink {
  std::map<int, int> by_layer;
  void on_event(const traces::Recorder&, const traces::Event& e) override {
    if (e.kind == traces::EventKind::kPacketDelivery) ++by_layer[e.layer];
  }
};

TEST(WorkloadRunInbox, LocalDpuInboxHoldsTheRowBlocksPartialSums) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t len = all.size() / static_cast<std::size_t>(shape.at(0));
  const std::vector<std::vector<float>> inputs{std::vector<float>(all.begin(), all.begin() + len)};
  // Ideal devices, 24-bit converters, fp32 DPUs (as WorkloadRunMlp's exact runs).
  const config::ChipConfig cfg = config::load_config(
      std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml",
      {"tile.device.type=ideal", "tile.dac.noise_management=true", "tile.dac.bits=24",
       "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"});
  const MappingPlan plan = map_workload(g, cfg);
  traces::Recorder recorder;
  auto sink = std::make_unique<Deliveries>();
  const Deliveries* deliveries = sink.get();
  recorder.add_sink(std::move(sink));
  Chip chip("chip", cfg, &recorder);
  WorkloadHost host("host", chip, g, plan, inputs, sc_core::SC_ZERO_TIME);
  host.socket.bind(chip.host_target());
  run_to_end(chip, recorder);
  ASSERT_FALSE(host.failed());

  const DataflowStage& fc1 = host.stages().at(0);
  ASSERT_EQ(fc1.replicas.size(), 1u);
  const DataflowReplica& rep = fc1.replicas[0];
  ASSERT_EQ(rep.site, DpuSite::kTileDpu);
  ASSERT_EQ(rep.row_blocks.size(), 4u);
  ASSERT_EQ(fc1.patches, 1);
  const std::size_t cols = static_cast<std::size_t>(fc1.cols);
  const std::vector<float>& inbox = chip.local_dpu(rep.dpu).inbox();
  ASSERT_EQ(inbox.size(), 4 * cols);  // only fc1's results reach this DPU

  // The partial sums computed directly from the weights: row block rb at floats rb * cols + c.
  const std::vector<float> m = g.layers.at(static_cast<std::size_t>(fc1.layer)).matrix();
  const std::vector<float>& x = inputs[0];
  int remote = 0;
  double worst = 0;
  for (std::size_t rb = 0; rb < 4; ++rb) {
    const DataflowTile& t = rep.row_blocks[rb].at(0);
    ASSERT_EQ(rep.row_blocks[rb].size(), 1u);
    if (t.node != rep.dpu_node) ++remote;
    for (std::size_t c = 0; c < cols; ++c) {
      double expected = 0;
      for (int r = t.row_begin; r < t.row_end; ++r)
        expected += static_cast<double>(x[static_cast<std::size_t>(r)]) *
                    m[static_cast<std::size_t>(r) * cols + c];
      const double got = inbox[rb * cols + c];
      worst = std::max(worst, std::fabs(got - expected));
      EXPECT_NEAR(got, expected, 1e-5) << "row block " << rb << " column " << c;
    }
  }
  std::printf("fc1 inbox: largest difference from the float partial sums %.3g\n", worst);
  // One packet per remote tile carried fc1's results; the DPU's own tile sent none.
  EXPECT_EQ(remote, 3);
  const auto it = deliveries->by_layer.find(fc1.layer);
  ASSERT_NE(it, deliveries->by_layer.end());
  EXPECT_EQ(it->second, remote);
  // The last result arrived before the accumulate that read it ran.
  EXPECT_LE(chip.local_dpu(rep.dpu).inbox_arrival(), chip.local_dpu(rep.dpu).busy_until());
  EXPECT_GT(chip.local_dpu(rep.dpu).inbox_arrival(), host.programming_done());
}

}  // namespace
}  // namespace kirchhoff
