// Data in flight in its format on the network: a tile's result leaves it as the ADC's codes
// (tile.adc.bits rounded up to whole bytes per value) and what a DPU sends travels in the DPU's
// numeric format, so a packet of n values has header_flits + ceil(n x bits / flit_bits) flits
// and the network's energy is flits x hops x the energy of one flit over one link. Two Dense
// layers: fc1 (512 x 16, two row blocks whose partial sums meet in the global DPU) and fc2
// (16 x 16, one tile fed by the global DPU's multicast); the host writes the inputs and reads
// the outputs through the host port (not the network). One simulation per TEST.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/graph_builders.h"

namespace kirchhoff {
namespace {

constexpr int kSamples = 3;

Layer dense(const std::string& name, int input, int in, int out) {
  return test::dense_layer(name, input, in, out, test::sawtooth_weights(in * out, 0.01f, 7));
}

WorkloadGraph two_layers() {
  return test::flat_graph("two_dense", 512,
                          {dense("fc1", Layer::kGraphInput, 512, 16), dense("fc2", 0, 16, 16)});
}

// Runs the two layers and checks the network's energy against the flits each packet needs:
// `result_bits` per value of a tile's result, `dpu_bits` per value the global DPU sends.
void expect_network_energy(const std::vector<std::string>& extra, int result_bits, int dpu_bits) {
  std::vector<std::string> o = {"chip.tiles=4",           "chip.mesh_cols=3",
                                "chip.mesh_rows=2",       "chip.global_dpus=1",
                                "tile.device.type=ideal", "noc.router_static_mw=0",
                                "noc.link_static_mw=0"};
  o.insert(o.end(), extra.begin(), extra.end());
  const config::ChipConfig cfg = config::load_config("", o);
  const WorkloadGraph g = two_layers();
  const MappingPlan plan = map_workload(g, cfg);
  ASSERT_EQ(plan.layers.size(), 2u);
  ASSERT_EQ(plan.layers[0].row_blocks, 2);
  ASSERT_EQ(plan.reductions.size(), 1u);
  const Floorplan& fp = plan.floorplan;
  const int dpu_node = plan.reductions[0].node;
  const int fc2_node = fp.tile_nodes.at(static_cast<std::size_t>(plan.layers[1].tiles.at(0)));
  auto flits = [&](int values, int bits) {
    const int payload = values * bits;
    return cfg.noc.header_flits + (payload + cfg.noc.flit_bits - 1) / cfg.noc.flit_bits;
  };
  // Two partial sums of 16 values into the DPU, one multicast of 16 values to fc2's tile.
  double flit_hops = 0;
  for (int t : plan.layers[0].tiles)
    flit_hops +=
        flits(16, result_bits) * fp.hops(fp.tile_nodes.at(static_cast<std::size_t>(t)), dpu_node);
  flit_hops += flits(16, dpu_bits) * fp.hops(dpu_node, fc2_node);
  ASSERT_GT(flit_hops, 0.0);
  const double flit_hop_pj = cfg.noc.flit_bits *
                             (cfg.noc.router_energy_fj_per_bit +
                              cfg.noc.wire_energy_fj_per_bit_mm * cfg.noc.tile_pitch_mm) *
                             1e-3;

  std::vector<std::vector<float>> inputs;
  for (int s = 0; s < kSamples; ++s) {
    std::vector<float> x(512);
    for (int i = 0; i < 512; ++i) x[static_cast<std::size_t>(i)] = 0.001f * ((i * (s + 3)) % 17);
    inputs.push_back(std::move(x));
  }
  traces::Recorder recorder;
  const WorkloadRunResult r = run_workload_simulation(cfg, g, plan, inputs, nullptr, {}, recorder);
  ASSERT_FALSE(r.host_failed);
  const traces::Totals t = recorder.totals();
  EXPECT_EQ(t.events[static_cast<int>(traces::EventKind::kPacketDelivery)], kSamples * 3u);
  EXPECT_NEAR(t.energy[traces::EnergyCategory::kNetwork], kSamples * flit_hops * flit_hop_pj,
              1e-9 * kSamples * flit_hops * flit_hop_pj);
}

TEST(NetworkFormatRun, EightBitResultsTakeOneBytePerValueAndFp32DpuOutputsFour) {
  // 16 values: 128 bits = 1 + 2 flits from a tile, 512 bits = 1 + 8 flits from the fp32 DPU.
  expect_network_energy({"tile.adc.bits=8", "dpu.format=fp32"}, 8, 32);
}

TEST(NetworkFormatRun, TwelveBitResultsTakeTwoBytesAndFp16DpuOutputsTwo) {
  expect_network_energy({"tile.adc.bits=12", "dpu.format=fp16"}, 16, 16);
}

}  // namespace
}  // namespace kirchhoff
