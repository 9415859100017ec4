// The chip assembled from its configuration: analog tiles behind an address router, reached
// from the host through a host port. The chip's address map is chip/chip_address_map.h.
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "chip/address_router.h"
#include "chip/host_port.h"
#include "config/chip_config.h"
#include "tiles/analog_tile.h"
#include "traces/recorder.h"

namespace kirchhoff {

class Chip : public sc_core::sc_module {
 public:
  Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, traces::Recorder* recorder);

  // The host binds its initiator socket here.
  tlm::tlm_target_socket<>& host_target() { return host_port_.target; }

  int num_tiles() const { return static_cast<int>(tiles_.size()); }
  AnalogTile& tile(int i) { return *tiles_.at(i); }
  const HostPort& host_port() const { return host_port_; }

  // Records every component's static energy over [0, span); call once after the run.
  void record_static_energy(sc_core::sc_time span);

 private:
  HostPort host_port_;
  AddressRouter router_;
  std::vector<std::unique_ptr<AnalogTile>> tiles_;
};

}  // namespace kirchhoff
