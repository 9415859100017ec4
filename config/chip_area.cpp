#include "config/chip_area.h"

#include "models/digital_mvm.h"

namespace kirchhoff {

TileArea tile_area(const TileParams& t, const AreaParams& a) {
  constexpr double kMm2PerUm2 = 1e-6;
  const double rows = t.rows, cols = t.cols;
  TileArea area;
  area.buffer_mm2 = (rows + cols) * 32.0 * a.buffer_um2_per_bit * kMm2PerUm2;
  area.dpu_mm2 = a.dpu_mm2;
  if (t.kind == TileKind::kDigital) {
    // The macro (storage, MAC trees) in the crossbar slot; no DACs, no ADCs.
    area.crossbar_mm2 = digital_tile_area_mm2(t.digital, t.rows, t.cols);
    return area;
  }
  const int per_adc = t.adc.columns_per_adc > 0 ? t.adc.columns_per_adc : 1;
  const double adcs = (t.cols + per_adc - 1) / per_adc;
  area.crossbar_mm2 = rows * cols * t.mapping.devices_per_weight * a.device_um2 * kMm2PerUm2;
  area.dac_mm2 = rows * a.dac_um2 * kMm2PerUm2;
  area.adc_mm2 = adcs * a.adc_um2 * kMm2PerUm2;
  return area;
}

ChipArea chip_area(const config::ChipConfig& cfg) {
  const AreaParams& a = cfg.area;
  ChipArea c;
  c.tile = tile_area(cfg.tile, a);
  if (cfg.chip.tile_groups.empty()) {
    c.tiles_mm2 = cfg.chip.tiles * c.tile.total_mm2();
  } else {
    for (const auto& g : cfg.chip.tile_groups)
      c.tiles_mm2 += g.count * tile_area(g.tile, a).total_mm2();
  }
  c.global_dpus_mm2 = cfg.chip.global_dpus * a.dpu_mm2;
  c.network_mm2 = static_cast<double>(cfg.chip.mesh_cols) * cfg.chip.mesh_rows * a.router_mm2;
  c.host_ports_mm2 = cfg.host.ports * a.host_port_mm2;
  c.other_mm2 = a.other_mm2;
  return c;
}

}  // namespace kirchhoff
