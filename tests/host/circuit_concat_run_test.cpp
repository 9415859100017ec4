// Concatenation on the chip (noc.switching = circuit, host/joined_results.cpp): fc1 (64 x 48) is
// split by columns over three 64 x 16 tiles; in circuit mode their results travel as one joined
// vector into the layer's DPU (the local DPU of the first tile), in packet mode as one packet per
// tile (the first tile's stays in its node). The joined vector arrives with the columns in order
// (outputs bit-equal to packet mode with ideal devices), as one delivery at the zero-load
// latency of the joined train when the network is empty, starting when the last tile's MVM ended,
// with the energy of the links its parts cross. One simulation per process (the packet-mode run of
// the comparison in a child, tests/common/child_run.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "tests/common/child_run.h"
#include "tests/common/graph_builders.h"

namespace kirchhoff {
namespace {

constexpr int kSamples = 3;
constexpr int kLayerFc1 = 0;

Layer dense(const std::string& name, int input, int in, int out) {
  return test::dense_layer(name, input, in, out, test::sawtooth_weights(in * out, 0.02f, 9));
}

WorkloadGraph split_by_columns() {
  return test::flat_graph("split_by_columns", 64,
                          {dense("fc1", Layer::kGraphInput, 64, 48), dense("fc2", 0, 48, 16)});
}

// Keeps the packet deliveries and MVMs of fc1.
class Fc1Events : public traces::Sink {
 public:
  explicit Fc1Events(std::vector<traces::Event>* out) : out_(out) {}
  void on_event(const traces::Recorder&, const traces::Event& e) override {
    if (e.layer == kLayerFc1 &&
        (e.kind == traces::EventKind::kPacketDelivery || e.kind == traces::EventKind::kMvm))
      out_->push_back(e);
  }

 private:
  std::vector<traces::Event>* out_;
};

struct ChipRun {
  config::ChipConfig cfg;
  MappingPlan plan;
  WorkloadRunResult result;
  std::vector<traces::Event> fc1;
  traces::Totals totals;
};

ChipRun run(const std::string& switching) {
  ChipRun r;
  r.cfg = config::load_config(
      "", {"chip.tiles=4", "chip.mesh_cols=4", "chip.mesh_rows=2", "chip.global_dpus=0",
           "tile.rows=64", "tile.cols=16", "tile.device.type=ideal", "tile.adc.bits=8",
           "noc.router_static_mw=0", "noc.link_static_mw=0", "noc.switching=" + switching});
  const WorkloadGraph g = split_by_columns();
  r.plan = map_workload(g, r.cfg);
  std::vector<std::vector<float>> inputs;
  for (int s = 0; s < kSamples; ++s) {
    std::vector<float> x(64);
    for (int i = 0; i < 64; ++i) x[static_cast<std::size_t>(i)] = 0.01f * ((i * (s + 2)) % 13);
    inputs.push_back(std::move(x));
  }
  traces::Recorder recorder;
  recorder.add_sink(std::make_unique<Fc1Events>(&r.fc1));
  r.result = run_workload_simulation(r.cfg, g, r.plan, inputs, nullptr, {}, recorder);
  r.totals = recorder.totals();
  return r;
}

std::vector<traces::Event> of_kind(const std::vector<traces::Event>& v, traces::EventKind k,
                                   int sample) {
  std::vector<traces::Event> out;
  for (const traces::Event& e : v)
    if (e.kind == k && e.sample == sample) out.push_back(e);
  return out;
}

TEST(CircuitConcatRun, TheJoinedVectorKeepsTheColumnsInOrder) {
  // The packet-mode run in a child: [its fc1 deliveries of sample 0, the outputs...].
  const std::vector<double> packet = test::run_in_child([] {
    const ChipRun p = run("packet");
    std::vector<double> v;
    if (p.result.host_failed) return v;
    v.push_back(static_cast<double>(of_kind(p.fc1, traces::EventKind::kPacketDelivery, 0).size()));
    for (const auto& out : p.result.outputs) v.insert(v.end(), out.begin(), out.end());
    return v;
  });
  const ChipRun circuit = run("circuit");
  ASSERT_FALSE(circuit.result.host_failed);
  ASSERT_EQ(circuit.plan.layers[0].col_blocks, 3);
  ASSERT_EQ(circuit.result.outputs.size(), static_cast<std::size_t>(kSamples));
  ASSERT_EQ(packet.size(), 1u + kSamples * 16u);
  std::size_t i = 1;
  for (int s = 0; s < kSamples; ++s)
    for (float y : circuit.result.outputs[static_cast<std::size_t>(s)])
      EXPECT_EQ(static_cast<double>(y), packet[i++]) << "sample " << s;
  // Per sample, packet mode: two of fc1's tiles send a packet; circuit mode: one joined vector.
  EXPECT_EQ(packet[0], 2.0);
  EXPECT_EQ(of_kind(circuit.fc1, traces::EventKind::kPacketDelivery, 0).size(), 1u);
}

TEST(CircuitConcatRun, TheJoinedVectorLeavesWithTheLastTileAndHoldsTheZeroLoadLatency) {
  const ChipRun r = run("circuit");
  ASSERT_FALSE(r.result.host_failed);
  const Floorplan& fp = r.plan.floorplan;
  const std::vector<int>& tiles = r.plan.layers[0].tiles;
  ASSERT_EQ(tiles.size(), 3u);
  const int dpu_node = fp.tile_nodes.at(static_cast<std::size_t>(tiles[0]));
  int max_hops = 0;
  for (int t : tiles)
    max_hops = std::max(max_hops, fp.hops(fp.tile_nodes.at(static_cast<std::size_t>(t)), dpu_node));
  ASSERT_GT(max_hops, 0);
  // 3 parts of 16 one-byte values: 1 header + 3 x 2 flits.
  const int flits = 1 + 3 * 2;
  const std::int64_t cycle_ps = 1000;
  const std::vector<traces::Event> mvms = of_kind(r.fc1, traces::EventKind::kMvm, 0);
  ASSERT_EQ(mvms.size(), 3u);
  std::int64_t last_end = 0;
  for (const traces::Event& e : mvms) last_end = std::max(last_end, e.end_ps());
  const std::vector<traces::Event> d = of_kind(r.fc1, traces::EventKind::kPacketDelivery, 0);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].start_ps, last_end);
  EXPECT_EQ(d[0].duration_ps, ((max_hops + 1) + max_hops + (flits - 1)) * cycle_ps);
  EXPECT_EQ(d[0].bytes, 48u);
}

TEST(CircuitConcatRun, EveryLinkIsChargedForThePartsThatCrossIt) {
  const ChipRun r = run("circuit");
  ASSERT_FALSE(r.result.host_failed);
  const Floorplan& fp = r.plan.floorplan;
  const std::vector<int>& tiles = r.plan.layers[0].tiles;
  // The snake floorplan puts fc1's tiles on consecutive nodes of one mesh row: the part of the
  // farthest tile crosses two links, that of the middle tile one (shared with the farthest).
  const int n0 = fp.tile_nodes.at(static_cast<std::size_t>(tiles[0]));
  const int n1 = fp.tile_nodes.at(static_cast<std::size_t>(tiles[1]));
  const int n2 = fp.tile_nodes.at(static_cast<std::size_t>(tiles[2]));
  ASSERT_EQ(fp.hops(n1, n0), 1);
  ASSERT_EQ(fp.hops(n2, n0), 2);
  ASSERT_EQ(fp.hops(n2, n1), 1);
  // Link n2 -> n1: header + part 2 (3 flits); link n1 -> n0: header + parts 1 and 2 (5 flits).
  const double fc1_flit_hops = 3 + 5;
  // fc2 (one tile) is fed by fc1's DPU with one multicast of 48 values in the DPU's format.
  const int fc2_node = fp.tile_nodes.at(static_cast<std::size_t>(r.plan.layers[1].tiles.at(0)));
  const int dpu_bits = r.cfg.dpu.format.total_bits();
  const int fc2_flits = 1 + (48 * dpu_bits + 63) / 64;
  // A circuit multicast's energy is that of a packet: flits x tree links.
  const double fc2_flit_hops = static_cast<double>(fc2_flits) * fp.hops(n0, fc2_node);
  const double flit_hop_pj = r.cfg.noc.flit_bits *
                             (r.cfg.noc.router_energy_fj_per_bit +
                              r.cfg.noc.wire_energy_fj_per_bit_mm * r.cfg.noc.tile_pitch_mm) *
                             1e-3;
  const double expected = kSamples * (fc1_flit_hops + fc2_flit_hops) * flit_hop_pj;
  EXPECT_NEAR(r.totals.energy[traces::EnergyCategory::kNetwork], expected, 1e-9 * expected);
}

}  // namespace
}  // namespace kirchhoff
