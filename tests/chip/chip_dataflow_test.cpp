// The assembled chip: two tiles on a 2 x 1 mesh form a two-layer pipeline. Tile 0 sends its
// result over the network into tile 1's input; tile 1 fires when its input is complete. One
// simulation per TEST (ctest runs each TEST in its own process).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "chip/chip.h"
#include "chip/chip_address_map.h"
#include "config/config_loader.h"
#include "interconnect/noc_extension.h"
#include "interconnect/scoped_extension.h"
#include "tests/chip/chained_tiles_host.h"
#include "tiles/digital_processing_unit.h"

namespace kirchhoff {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

struct TestHost : testing_support::ChainedTilesHost {
  std::vector<float> w0, w1, x, y;

  SC_HAS_PROCESS(TestHost);
  explicit TestHost(sc_core::sc_module_name n) : ChainedTilesHost(n) { SC_THREAD(run); }

  void run() {
    start_chain(w0, w1, x);
    y.resize(2);
    access(tlm::TLM_READ_COMMAND, chip_map::tile_base(1) + tile_map::kOutput, y.data(), 8);
    sync();
  }
};

TEST(ChipDataflow, TwoTilesChainedOverTheNetworkComputeBothLayers) {
  const auto cfg = config::load_config(
      "", {"chip.tiles=2", "chip.mesh_cols=2", "chip.mesh_rows=1", "tile.rows=8", "tile.cols=8",
           "tile.dac.bits=24", "tile.adc.bits=24", "tile.adc.bound=4", "tile.dac.range=4"});
  traces::Recorder rec;
  std::vector<traces::Event> mvms;  // MVM events in the order the tiles recorded them
  struct Collect : traces::Sink {
    explicit Collect(std::vector<traces::Event>* o) : out(o) {}
    std::vector<traces::Event>* out;
    void on_event(const traces::Recorder&, const traces::Event& e) override {
      if (e.kind == traces::EventKind::kMvm) out->push_back(e);
    }
  };
  rec.add_sink(std::make_unique<Collect>(&mvms));
  Chip chip("chip", cfg, &rec);
  TestHost host("host");
  host.socket.bind(chip.host_target());
  host.w0 = {0.5f, -1.0f, 0.25f, 1.0f, 0.5f, -0.5f, -0.75f, 0.25f, 1.0f, 0.1f, 0.2f, 0.3f};
  host.w1 = {1.0f, -0.5f, 0.5f, 0.25f, -1.0f, 0.75f};
  host.x = {1.0f, -0.5f, 0.25f, 0.75f};
  sc_core::sc_start();
  ASSERT_FALSE(host.error);

  std::vector<double> h(3, 0.0), y(2, 0.0);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 3; ++c) h[c] += host.w0[r * 3 + c] * host.x[r];
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 2; ++c) y[c] += host.w1[r * 2 + c] * h[r];
  // 24-bit converters: the ADC step is bound / (2^23 - 1) x w_max x range = 1.9e-6 here.
  for (int c = 0; c < 2; ++c) EXPECT_NEAR(host.y[c], y[c], 1e-5 * std::fabs(y[c])) << c;

  // Tile 1 starts when tile 0's result has crossed one hop: 3 floats = 96 bits, zero-load
  // latency from the network's own formula (nothing else is on the network).
  ASSERT_EQ(mvms.size(), 2u);
  EXPECT_EQ(chip.tile(0).mvm_count(), 1u);
  EXPECT_EQ(chip.tile(1).mvm_count(), 1u);
  const auto& net = chip.network().network();
  const std::int64_t hop_ps = net.zero_load_latency_ps(1, net.flits_for_bits(96));
  EXPECT_GT(hop_ps, 0);
  EXPECT_EQ(mvms[1].start_ps, mvms[0].start_ps + mvms[0].duration_ps + hop_ps);
  EXPECT_GT(rec.totals().energy[traces::EnergyCategory::kNetwork], 0.0);
  EXPECT_EQ(rec.totals().events[static_cast<int>(traces::EventKind::kPacketDelivery)], 1u);
}

}  // namespace
}  // namespace kirchhoff

namespace kirchhoff {
namespace {

// Every tile has a local DPU on its own node: the host reaches it through the chip address map,
// and a command sent over the network from another node arrives there too.
struct DpuHost : testing_support::TlmTestInitiator {
  Chip* chip = nullptr;
  tlm_utils::simple_initiator_socket<DpuHost> node0{"node0"};  // tile 0's node controller
  std::vector<float> via_host, via_network;

  SC_HAS_PROCESS(DpuHost);
  explicit DpuHost(sc_core::sc_module_name n) : TlmTestInitiator(n) { SC_THREAD(run); }

  void run() {
    DpuCommandHeader h = make_dpu_command(DpuOp::kRelu);
    h.num_inputs = 1;
    h.length = 4;
    auto bytes = encode_dpu_command(h, {1.5f, -2.0f, 0.25f, -0.5f});
    const std::uint64_t dpu1 = chip_map::local_dpu_base(1);
    access(tlm::TLM_WRITE_COMMAND, dpu1 + DpuAddressMap::kCommand, bytes.data(), bytes.size());
    via_host.resize(4);
    access(tlm::TLM_READ_COMMAND, dpu1 + DpuAddressMap::kResult, via_host.data(), 16);

    // The same kind of command from tile 0's node to tile 1's local DPU over the network.
    bytes = encode_dpu_command(h, {-1.0f, 3.0f, -0.125f, 2.0f});
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(dpu1 + DpuAddressMap::kCommand);
    t.set_data_ptr(bytes.data());
    t.set_data_length(static_cast<unsigned>(bytes.size()));
    t.set_streaming_width(static_cast<unsigned>(bytes.size()));
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    {
      ScopedExtension<noc::NocExtension> ext(t);
      ext->dsts = {chip->node_of(dpu1)};
      node0->b_transport(t, delay);
    }
    error = error || t.is_response_error();
    via_network.resize(4);
    access(tlm::TLM_READ_COMMAND, dpu1 + DpuAddressMap::kResult, via_network.data(), 16);
  }
};

TEST(ChipDataflow, EveryTileHasALocalDpuOnItsNode) {
  // Power gating off: every tile and DPU leaks (gating: the next test).
  const auto cfg = config::load_config(
      "", {"chip.tiles=2", "chip.mesh_cols=3", "chip.mesh_rows=1", "chip.global_dpus=1",
           "dpu.format=fp32", "dpu.static_power_mw=2", "chip.power_gate_unused_tiles=false"});
  traces::Recorder rec;
  Chip chip("chip", cfg, &rec);
  DpuHost host("host");
  host.chip = &chip;
  host.socket.bind(chip.host_target());
  host.node0.bind(chip.controller_network_target(chip.floorplan().tile_nodes[0]));
  sc_core::sc_start();
  ASSERT_FALSE(host.error);
  EXPECT_EQ(chip.node_of(chip_map::local_dpu_base(1)), chip.floorplan().tile_nodes[1]);
  EXPECT_EQ(chip.node_of(chip_map::tile_base(1) + tile_map::kInput),
            chip.floorplan().tile_nodes[1]);
  EXPECT_EQ(host.via_host, (std::vector<float>{1.5f, 0.0f, 0.25f, 0.0f}));
  EXPECT_EQ(host.via_network, (std::vector<float>{0.0f, 3.0f, 0.0f, 2.0f}));
  EXPECT_EQ(chip.local_dpu(1).ops_completed(), 2u);
  EXPECT_EQ(chip.local_dpu(0).ops_completed(), 0u);
  EXPECT_EQ(rec.totals().events[static_cast<int>(traces::EventKind::kPacketDelivery)], 1u);

  // Static energy over a 1 us span: 2 tiles (tile.energy.static_power_mW each) and 3 DPUs
  // (2 local + 1 global) at 2 mW; mW x ns = pJ. The network's static power defaults to 0.
  const double before = rec.totals().energy[traces::EnergyCategory::kStatic];
  chip.record_static_energy(sc_time(1000, SC_NS));
  EXPECT_NEAR(rec.totals().energy[traces::EnergyCategory::kStatic] - before,
              (2 * cfg.tile.energy.static_power_mW + 3 * 2.0) * 1000.0, 1e-9);
}

TEST(ChipDataflow, TilesWithoutWeightsArePowerGatedByDefault) {
  const auto cfg =
      config::load_config("", {"chip.tiles=2", "chip.mesh_cols=3", "chip.mesh_rows=1",
                               "chip.global_dpus=1", "dpu.format=fp32", "dpu.static_power_mw=2"});
  ASSERT_TRUE(cfg.chip.power_gate_unused_tiles);
  traces::Recorder rec;
  Chip chip("chip", cfg, &rec);
  DpuHost host("host");
  host.chip = &chip;
  host.socket.bind(chip.host_target());
  host.node0.bind(chip.controller_network_target(chip.floorplan().tile_nodes[0]));
  sc_core::sc_start();
  ASSERT_FALSE(host.error);
  ASSERT_FALSE(chip.tile(0).programmed());
  ASSERT_FALSE(chip.tile(1).programmed());
  ASSERT_EQ(chip.local_dpu(1).ops_completed(), 2u);
  // Over 1 us: neither tile holds weights, so both are off, and so is tile 0's local DPU
  // (no ops); tile 1's local DPU ran ops and the global DPU is not a tile: 2 x 2 mW.
  const double before = rec.totals().energy[traces::EnergyCategory::kStatic];
  chip.record_static_energy(sc_time(1000, SC_NS));
  EXPECT_NEAR(rec.totals().energy[traces::EnergyCategory::kStatic] - before, 2 * 2.0 * 1000.0,
              1e-9);
}

}  // namespace
}  // namespace kirchhoff
