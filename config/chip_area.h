// The area of a tile and of the chip from the config's per-instance areas (config/area_params.h)
// and counts of the parts the config describes:
//   crossbar = rows x cols x devices_per_weight x device_um2
//   DACs     = rows x dac_um2                      (one row driver per row)
//   ADCs     = ceil(cols / columns_per_adc) x adc_um2
//   buffers  = (rows + cols) x 32 bits x buffer_um2_per_bit
//   tile     = crossbar + DACs + ADCs + buffers + dpu_mm2 (its local DPU)
//   digital tile (tile.kind digital) = macro (tile.digital.area_mm2 or its derived area)
//              + buffers + dpu_mm2
//   chip     = tiles x tile + global_dpus x dpu_mm2 + mesh nodes x router_mm2
//              + host ports x host_port_mm2 + other_mm2
// `kirchhoff info` and the run summary both use this (through host/peak_figures.h and
// report/run_summary.h): one code path.
#pragma once

#include "config/chip_config.h"

namespace kirchhoff {

struct TileArea {
  double crossbar_mm2 = 0, dac_mm2 = 0, adc_mm2 = 0, buffer_mm2 = 0, dpu_mm2 = 0;
  double total_mm2() const { return crossbar_mm2 + dac_mm2 + adc_mm2 + buffer_mm2 + dpu_mm2; }
};

struct ChipArea {
  TileArea tile;         // one tile with its local DPU
  double tiles_mm2 = 0;  // chip.tiles x tile
  double global_dpus_mm2 = 0;
  double network_mm2 = 0;  // routers and links of every mesh node
  double host_ports_mm2 = 0;
  double other_mm2 = 0;
  double total_mm2() const {
    return tiles_mm2 + global_dpus_mm2 + network_mm2 + host_ports_mm2 + other_mm2;
  }
};

// One tile of parameters t (a digital tile: its macro area, models/digital_mvm.h, in
// crossbar_mm2, no DACs or ADCs). A hybrid chip's tiles_mm2 adds each group's tiles.
TileArea tile_area(const TileParams& t, const AreaParams& a);
ChipArea chip_area(const config::ChipConfig& cfg);

}  // namespace kirchhoff
