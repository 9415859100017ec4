// The chip assembled from its configuration (chip/floorplan.h places the nodes):
//  - analog tiles, each with its local DPU on the same mesh node, and global DPUs on nodes of
//    their own; every tile and DPU sits behind a NodePort, and a tile node's router
//    (AddressRouter) splits what the network delivers between the tile and its local DPU;
//  - the on-chip network (noc::NocModule): what a tile sends on (its `out` socket) leaves
//    through a NodeSender into its node's network interface and arrives at the destination
//    node's port with the network's latency, contention and energy;
//  - a host port (chip I/O: latency, bandwidth, energy) and an address router that decodes the
//    chip address map (chip/chip_address_map.h) for the host's programming, input and output
//    transactions. Host transactions use this configuration/I-O path, not the mesh;
//  - per node, on request, the sockets of the node's controller (the dataflow firmware, played
//    by the host model): one into the network as that node, one into the node itself;
//  - with sim.check_protocol, a TLM-2.0 protocol checker (protocol/tlm_protocol_checker.h) on
//    every socket binding above, the host's and the controllers' included.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "chip/address_router.h"
#include "chip/host_port.h"
#include "chip/landing_pads.h"
#include "chip/module_arena.h"
#include "chip/node_port.h"
#include "chip/node_sender.h"
#include "chip/teardown_pivot.h"
#include "config/chip_config.h"
#include "config/floorplan.h"
#include "interconnect/noc_module.h"
#include "protocol/tlm_protocol_checker.h"
#include "tiles/analog_tile.h"
#include "tiles/digital_processing_unit.h"
#include "tiles/tile_module.h"
#include "traces/recorder.h"

namespace kirchhoff {

class Chip : public sc_core::sc_module {
 public:
  Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, traces::Recorder* recorder);
  // Destroys teardown_first_ first, then every other module newest first: linear in the tiles.
  ~Chip() override;

  using TargetSocket = tlm::tlm_base_target_socket_b<>;

  // The host binds its initiator socket here.
  tlm::tlm_target_socket<>& host_target() { return host_target_; }
  // What the controller of network node `node` (a tile's or a global DPU's) sends into the
  // network as that node: bind one initiator socket per call, during elaboration. Payloads carry
  // a noc::NocExtension (destinations) or a node id as address (interconnect/noc_module.h).
  TargetSocket& controller_network_target(int node);
  // What the controller of node `node` writes into the node itself (its DPU, its tile), at
  // chip-level or node-local addresses as the network delivers them: one initiator per call.
  TargetSocket& controller_node_target(int node);

  const Floorplan& floorplan() const { return floorplan_; }
  int num_tiles() const { return static_cast<int>(tiles_.size()); }
  // Tile i, analog or digital (chip.tile_groups; tiles/tile_module.h).
  TileModule& tile(int i) { return *tiles_.at(i); }
  int num_dpus() const { return static_cast<int>(dpus_.size()); }
  DigitalProcessingUnit& dpu(int i) { return *dpus_.at(i); }  // global DPU i
  DigitalProcessingUnit& local_dpu(int tile) { return *local_dpus_.at(tile); }
  const HostPort& host_port() const { return host_port_; }
  // The landing pads between the host port and the chip (chip.landing_pads.pairs > 0), or null.
  const LandingPads* landing_pads() const { return landing_pads_; }
  noc::NocModule& network() { return noc_; }

  // The node id owning a chip-level address (tile, local or global DPU window), -1 if none.
  int node_of(std::uint64_t address) const;

  // Records every component's static energy over [0, span); call once after the run. With
  // chip.power_gate_unused_tiles, a tile that holds no weights (never programmed) records none,
  // nor does its local DPU unless that ran operations (a reduction site of another layer).
  void record_static_energy(sc_core::sc_time span);

  // The protocol checkers (none without sim.check_protocol), one per binding, and their totals.
  const std::vector<protocol::TlmProtocolChecker*>& protocol_checkers() const { return checkers_; }
  std::uint64_t protocol_transactions() const;
  std::uint64_t protocol_violations() const;

 private:
  // Binds `from` to `to`, through a checker named `name` when checking.
  template <typename From, typename To>
  protocol::TlmProtocolChecker* bind(From& from, To& to, const std::string& name);
  // The target the host binds: the host port, or a checker in front of it.
  tlm::tlm_target_socket<>& make_host_target();

  bool check_ = false;
  bool power_gate_unused_tiles_ = true;
  Floorplan floorplan_;
  traces::Recorder* recorder_;
  std::uint32_t noc_component_ = 0;
  // The chip's first child modules, destroyed before the others (chip/teardown_pivot.h).
  std::vector<std::unique_ptr<TeardownPivot>> teardown_first_;
  HostPort host_port_;
  AddressRouter router_;
  noc::NocModule noc_;
  // Owns every module below (tiles, DPUs, ports, senders, routers, checkers); destroyed
  // before noc_, newest first (chip/module_arena.h).
  ModuleArena arena_;
  LandingPads* landing_pads_ = nullptr;
  std::vector<TileModule*> tiles_;
  std::vector<DigitalProcessingUnit*> dpus_;
  std::vector<DigitalProcessingUnit*> local_dpus_;
  std::vector<AddressRouter*> node_routers_;
  std::vector<NodePort*> ports_;
  std::vector<NodeSender*> senders_;
  std::vector<TargetSocket*> node_entries_;  // by node id: where a node's own writes enter
  std::vector<int> controller_sockets_;      // by node id: controller bindings made so far
  std::vector<protocol::TlmProtocolChecker*> checkers_;
  tlm::tlm_target_socket<>& host_target_;  // declared last: made once the rest is bound
};

// Runs the elaborated simulation to its end (sc_start), records every component's static
// energy over [0, end) and finishes the recorder (sinks close their files). Returns the end.
// With protocol checkers, logs their totals (checkers, transactions, violations) at info level
// ("chip" logger), or at warn level when there were violations.
sc_core::sc_time run_to_end(Chip& chip, traces::Recorder& recorder);

}  // namespace kirchhoff
