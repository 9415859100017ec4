#include "chip/chip.h"
#include "chip/sanitizer_stack.h"

#include <stdexcept>
#include <string>

#include "chip/chip_address_map.h"
#include "config/tile_groups.h"
#include "logging/log.h"
#include "tiles/digital_tile.h"
#include "tiles/sim_time.h"

namespace kirchhoff {

template <typename From, typename To>
protocol::TlmProtocolChecker* Chip::bind(From& from, To& to, const std::string& name) {
  if (!check_) {
    from.bind(to);
    return nullptr;
  }
  checkers_.push_back(arena_.make<protocol::TlmProtocolChecker>(("check_" + name).c_str()));
  protocol::TlmProtocolChecker& c = *checkers_.back();
  from.bind(c.target);
  c.initiator.bind(to);
  return &c;
}

tlm::tlm_target_socket<>& Chip::make_host_target() {
  if (!check_) return host_port_.target;
  checkers_.push_back(arena_.make<protocol::TlmProtocolChecker>("check_host"));
  checkers_.back()->initiator.bind(host_port_.target);
  return checkers_.back()->target;
}

Chip::Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, traces::Recorder* recorder)
    : sc_core::sc_module(name),
      check_(cfg.sim.check_protocol),
      power_gate_unused_tiles_(cfg.chip.power_gate_unused_tiles),
      floorplan_(make_floorplan(cfg.chip.mesh_cols, cfg.chip.mesh_rows, cfg.chip.tiles,
                                cfg.host.ports, cfg.chip.global_dpus)),
      recorder_(recorder),
      teardown_first_(make_teardown_pivots("teardown_first", 4)),
      host_port_("host_port0", cfg.host, recorder),
      router_("router"),
      noc_("noc", cfg.noc, recorder),
      host_target_(make_host_target()) {
  if (recorder_) {
    noc_component_ = recorder_->add_component(std::string(this->name()) + ".noc", "network");
    recorder_->set_clock([] { return to_ps(sc_core::sc_time_stamp()); });
  }
  const std::size_t nodes = noc_.ni.size();
  node_entries_.assign(nodes, nullptr);
  controller_sockets_.assign(nodes, 0);
  if (cfg.chip.landing_pads.pairs > 0) {
    landing_pads_ = arena_.make<LandingPads>("landing_pads", cfg.chip.landing_pads, recorder);
    bind(host_port_.initiator, landing_pads_->target, "host_port0_to_landing_pads");
    bind(landing_pads_->initiator, router_.target, "landing_pads_to_router");
  } else {
    bind(host_port_.initiator, router_.target, "host_port0_to_router");
  }
  int port = 0;
  for (int i = 0; i < cfg.chip.tiles; ++i) {
    const std::string n = "tile" + std::to_string(i);
    const int node = floorplan_.tile_nodes[i];
    TileParams tp = config::tile_params_of(cfg, i);  // its tile group's (hybrid chips)
    tp.programming_threads = cfg.sim.threads;        // bit-identical for any count
    if (tp.kind == TileKind::kDigital) {
      tiles_.push_back(arena_.make<DigitalTile>(n.c_str(), tp, recorder));
    } else {
      AnalogTile* a = arena_.make<AnalogTile>(n.c_str(), tp, cfg.sim.seed, recorder);
      a->set_dpu_params(cfg.dpu);  // prices noise management's digital scale
      tiles_.push_back(a);
    }
    ports_.push_back(arena_.make<NodePort>((n + "_port").c_str(), chip_map::tile_base(i),
                                           tile_map::kWindowBytes));
    senders_.push_back(arena_.make<NodeSender>((n + "_sender").c_str(), node,
                                               [this](std::uint64_t a) { return node_of(a); }));
    NodePort& tile_port = *ports_.back();
    bind(router_.initiator, tile_port.target, "router_to_" + n + "_port");
    router_.map(chip_map::tile_base(i), tile_map::kWindowBytes, port++);
    bind(tile_port.initiator, tiles_.back()->target_socket(), n + "_port_to_" + n);
    if (auto* c = bind(tiles_.back()->out_socket(), senders_.back()->target,
                       n + "_to_" + n + "_sender")) {
      // What a node sends on: writes into any node's window (chip_address_map.h).
      c->declare_window(chip_map::kTileBase,
                        static_cast<std::uint64_t>(cfg.chip.tiles) * tile_map::kWindowBytes, false,
                        true);
      c->declare_window(
          chip_map::kDpuBase,
          static_cast<std::uint64_t>(cfg.chip.global_dpus) * chip_map::kDpuWindowBytes, false,
          true);
      c->declare_window(chip_map::kLocalDpuBase,
                        static_cast<std::uint64_t>(cfg.chip.tiles) * chip_map::kDpuWindowBytes,
                        false, true);
    }
    bind(senders_.back()->initiator, noc_.ni[node].from_node, n + "_sender_to_ni");

    // The tile's local DPU shares its node.
    local_dpus_.push_back(
        arena_.make<DigitalProcessingUnit>((n + "_dpu").c_str(), cfg.dpu, recorder));
    ports_.push_back(arena_.make<NodePort>((n + "_dpu_port").c_str(), chip_map::local_dpu_base(i),
                                           chip_map::kDpuWindowBytes));
    NodePort& dpu_port = *ports_.back();
    bind(router_.initiator, dpu_port.target, "router_to_" + n + "_dpu_port");
    router_.map(chip_map::local_dpu_base(i), chip_map::kDpuWindowBytes, port++);
    bind(dpu_port.initiator, local_dpus_.back()->socket, n + "_dpu_port_to_" + n + "_dpu");

    // What the network delivers to the node goes to the tile or its DPU by address.
    node_routers_.push_back(arena_.make<AddressRouter>((n + "_node_router").c_str()));
    AddressRouter& nr = *node_routers_.back();
    bind(noc_.ni[node].to_node, nr.target, n + "_ni_to_node_router");
    bind(nr.initiator, tile_port.target, n + "_node_router_to_" + n + "_port");
    nr.map(chip_map::tile_base(i), tile_map::kWindowBytes, 0);
    bind(nr.initiator, dpu_port.target, n + "_node_router_to_" + n + "_dpu_port");
    nr.map(chip_map::local_dpu_base(i), chip_map::kDpuWindowBytes, 1);
    nr.set_default_port(0);  // tile-local addresses (0 .. window) go to the tile
    node_entries_[static_cast<std::size_t>(node)] = &nr.target;
  }
  for (int j = 0; j < cfg.chip.global_dpus; ++j) {
    const std::string n = "dpu" + std::to_string(j);
    const int node = floorplan_.dpu_nodes[j];
    dpus_.push_back(arena_.make<DigitalProcessingUnit>(n.c_str(), cfg.dpu, recorder));
    ports_.push_back(arena_.make<NodePort>((n + "_port").c_str(), chip_map::dpu_base(j),
                                           chip_map::kDpuWindowBytes));
    bind(router_.initiator, ports_.back()->target, "router_to_" + n + "_port");
    router_.map(chip_map::dpu_base(j), chip_map::kDpuWindowBytes, port++);
    bind(noc_.ni[node].to_node, ports_.back()->target, n + "_ni_to_" + n + "_port");
    bind(ports_.back()->initiator, dpus_.back()->socket, n + "_port_to_" + n);
    node_entries_[static_cast<std::size_t>(node)] = &ports_.back()->target;
  }
}

Chip::~Chip() {
  for (auto& p : teardown_first_) p.reset();  // then the members, newest first (teardown_pivot.h)
}

Chip::TargetSocket& Chip::controller_network_target(int node) {
  if (node < 0 || static_cast<std::size_t>(node) >= node_entries_.size() ||
      node_entries_[static_cast<std::size_t>(node)] == nullptr) {
    throw std::invalid_argument("controller socket for node " + std::to_string(node) +
                                ": not a tile or DPU node of the chip");
  }
  auto& ni_in = noc_.ni[static_cast<std::size_t>(node)].from_node;
  if (!check_) return ni_in;
  const int k = controller_sockets_[static_cast<std::size_t>(node)]++;
  checkers_.push_back(arena_.make<protocol::TlmProtocolChecker>(
      ("check_node" + std::to_string(node) + "_controller" + std::to_string(k) + "_to_ni")
          .c_str()));
  checkers_.back()->initiator.bind(ni_in);
  return checkers_.back()->target;
}

Chip::TargetSocket& Chip::controller_node_target(int node) {
  if (node < 0 || static_cast<std::size_t>(node) >= node_entries_.size() ||
      node_entries_[static_cast<std::size_t>(node)] == nullptr) {
    throw std::invalid_argument("controller socket for node " + std::to_string(node) +
                                ": not a tile or DPU node of the chip");
  }
  TargetSocket& entry = *node_entries_[static_cast<std::size_t>(node)];
  if (!check_) return entry;
  const int k = controller_sockets_[static_cast<std::size_t>(node)]++;
  checkers_.push_back(arena_.make<protocol::TlmProtocolChecker>(
      ("check_node" + std::to_string(node) + "_controller" + std::to_string(k) + "_to_node")
          .c_str()));
  checkers_.back()->initiator.bind(entry);
  return checkers_.back()->target;
}

std::uint64_t Chip::protocol_transactions() const {
  std::uint64_t n = 0;
  for (const auto& c : checkers_) n += c->transactions();
  return n;
}

std::uint64_t Chip::protocol_violations() const {
  std::uint64_t n = 0;
  for (const auto& c : checkers_) n += c->violation_count();
  return n;
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
  for (std::size_t i = 0; i < tiles_.size(); ++i) {
    const bool gated = power_gate_unused_tiles_ && !tiles_[i]->programmed();
    if (!gated) tiles_[i]->record_static_energy(span);
    if (!gated || local_dpus_[i]->ops_completed() > 0) local_dpus_[i]->record_static_energy(span);
  }
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
  clear_stale_stack_poison();  // before anything below may throw (sanitizer_stack.h)
  const sc_core::sc_time end = sc_core::sc_time_stamp();
  chip.record_static_energy(end);
  recorder.finish();
  if (!chip.protocol_checkers().empty()) {
    const std::uint64_t violations = chip.protocol_violations();
    logging::get("chip")->log(violations > 0 ? spdlog::level::warn : spdlog::level::info,
                              "protocol check: {} checkers, {} transactions, {} violations",
                              chip.protocol_checkers().size(), chip.protocol_transactions(),
                              violations);
  }
  return end;
}

}  // namespace kirchhoff
