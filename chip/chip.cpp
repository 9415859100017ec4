#include "chip/chip.h"

#include <string>

#include "chip/chip_address_map.h"

namespace kirchhoff {

Chip::Chip(sc_core::sc_module_name name, const config::ChipConfig& cfg, traces::Recorder* recorder)
    : sc_core::sc_module(name), host_port_("host_port0", cfg.host, recorder), router_("router") {
  host_port_.initiator.bind(router_.target);
  for (int i = 0; i < cfg.chip.tiles; ++i) {
    tiles_.push_back(std::make_unique<AnalogTile>(("tile" + std::to_string(i)).c_str(), cfg.tile,
                                                  cfg.sim.seed, recorder));
    router_.initiator.bind(tiles_.back()->target);
    router_.map(chip_map::tile_base(i), tile_map::kWindowBytes, i);
    tiles_.back()->out.bind(router_.target);
  }
}

void Chip::record_static_energy(sc_core::sc_time span) {
  for (auto& t : tiles_) t->record_static_energy(span);
}

}  // namespace kirchhoff
