#include "chip/chip.h"

#include "tiles/sim_time.h"

#include <string>

#include "chip/chip_address_map.h"

namespace kirchhoff {

Chip::Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, traces::Recorder* recorder)
    : sc_core::sc_module(name),
      floorplan_(make_floorplan(cfg.chip.mesh_cols, cfg.chip.mesh_rows, cfg.chip.tiles,
                                cfg.host.ports, cfg.chip.global_dpus)),
      recorder_(recorder),
      host_port_("host_port0", cfg.host, recorder),
      router_("router"),
      noc_("noc", cfg.noc, recorder) {
  if (recorder_)
    noc_component_ = recorder_->add_component(std::string(this->name()) + ".noc", "network");
  host_port_.initiator.bind(router_.target);
  int port = 0;
  for (int i = 0; i < cfg.chip.tiles; ++i) {
    const std::string n = "tile" + std::to_string(i);
    const int node = floorplan_.tile_nodes[i];
    tiles_.push_back(std::make_unique<AnalogTile>(n.c_str(), cfg.tile, cfg.sim.seed, recorder));
    ports_.push_back(std::make_unique<NodePort>((n + "_port").c_str(), chip_map::tile_base(i),
                                                tile_map::kWindowBytes));
    senders_.push_back(std::make_unique<NodeSender>(
        (n + "_sender").c_str(), node, [this](std::uint64_t a) { return node_of(a); }));
    NodePort& tile_port = *ports_.back();
    router_.initiator.bind(tile_port.target);
    router_.map(chip_map::tile_base(i), tile_map::kWindowBytes, port++);
    tile_port.initiator.bind(tiles_.back()->target);
    tiles_.back()->out.bind(senders_.back()->target);
    senders_.back()->initiator.bind(noc_.ni[node].from_node);

    // The tile's local DPU shares its node.
    local_dpus_.push_back(
        std::make_unique<DigitalProcessingUnit>((n + "_dpu").c_str(), cfg.dpu, recorder));
    ports_.push_back(std::make_unique<NodePort>(
        (n + "_dpu_port").c_str(), chip_map::local_dpu_base(i), chip_map::kDpuWindowBytes));
    NodePort& dpu_port = *ports_.back();
    router_.initiator.bind(dpu_port.target);
    router_.map(chip_map::local_dpu_base(i), chip_map::kDpuWindowBytes, port++);
    dpu_port.initiator.bind(local_dpus_.back()->socket);

    // What the network delivers to the node goes to the tile or its DPU by address.
    node_routers_.push_back(std::make_unique<AddressRouter>((n + "_node_router").c_str()));
    AddressRouter& nr = *node_routers_.back();
    noc_.ni[node].to_node.bind(nr.target);
    nr.initiator.bind(tile_port.target);
    nr.map(chip_map::tile_base(i), tile_map::kWindowBytes, 0);
    nr.initiator.bind(dpu_port.target);
    nr.map(chip_map::local_dpu_base(i), chip_map::kDpuWindowBytes, 1);
    nr.set_default_port(0);  // tile-local addresses (0 .. window) go to the tile
  }
  for (int j = 0; j < cfg.chip.global_dpus; ++j) {
    const std::string n = "dpu" + std::to_string(j);
    const int node = floorplan_.dpu_nodes[j];
    dpus_.push_back(std::make_unique<DigitalProcessingUnit>(n.c_str(), cfg.dpu, recorder));
    ports_.push_back(std::make_unique<NodePort>((n + "_port").c_str(), chip_map::dpu_base(j),
                                                chip_map::kDpuWindowBytes));
    router_.initiator.bind(ports_.back()->target);
    router_.map(chip_map::dpu_base(j), chip_map::kDpuWindowBytes, port++);
    noc_.ni[node].to_node.bind(ports_.back()->target);
    ports_.back()->initiator.bind(dpus_.back()->socket);
  }
}

int Chip::node_of(std::uint64_t a) const {
  if (a >= chip_map::kLocalDpuBase) {
    const std::uint64_t i = (a - chip_map::kLocalDpuBase) / chip_map::kDpuWindowBytes;
    return i < floorplan_.tile_nodes.size() ? floorplan_.tile_nodes[i] : -1;
  }
  if (a >= chip_map::kTileBase) {
    const std::uint64_t i = (a - chip_map::kTileBase) / tile_map::kWindowBytes;
    if (a < chip_map::kDpuBase && i < floorplan_.tile_nodes.size()) {
      return floorplan_.tile_nodes[i];
    }
  }
  if (a >= chip_map::kDpuBase) {
    const std::uint64_t j = (a - chip_map::kDpuBase) / chip_map::kDpuWindowBytes;
    if (j < floorplan_.dpu_nodes.size()) return floorplan_.dpu_nodes[j];
  }
  return -1;
}

void Chip::record_static_energy(sc_core::sc_time span) {
  for (auto& t : tiles_) t->record_static_energy(span);
  for (auto& d : local_dpus_) d->record_static_energy(span);
  for (auto& d : dpus_) d->record_static_energy(span);
  if (recorder_) {
    const auto span_ps = to_ps(span);
    traces::Event e;
    e.duration_ps = span_ps;
    e.component = noc_component_;
    e.kind = traces::EventKind::kStatic;
    e.energy[traces::EnergyCategory::kStatic] = noc_.network().static_energy_pj(span_ps);
    recorder_->record(e);
  }
}

sc_core::sc_time run_to_end(Chip& chip, traces::Recorder& recorder) {
  sc_core::sc_start();
  const sc_core::sc_time end = sc_core::sc_time_stamp();
  chip.record_static_energy(end);
  recorder.finish();
  return end;
}

}  // namespace kirchhoff
