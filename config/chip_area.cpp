#include "config/chip_area.h"

namespace kirchhoff {

ChipArea chip_area(const config::ChipConfig& cfg) {
  constexpr double kMm2PerUm2 = 1e-6;
  const AreaParams& a = cfg.area;
  const double rows = cfg.tile.rows, cols = cfg.tile.cols;
  const int per_adc = cfg.tile.adc.columns_per_adc > 0 ? cfg.tile.adc.columns_per_adc : 1;
  const double adcs = (cfg.tile.cols + per_adc - 1) / per_adc;
  ChipArea c;
  c.tile.crossbar_mm2 =
      rows * cols * cfg.tile.mapping.devices_per_weight * a.device_um2 * kMm2PerUm2;
  c.tile.dac_mm2 = rows * a.dac_um2 * kMm2PerUm2;
  c.tile.adc_mm2 = adcs * a.adc_um2 * kMm2PerUm2;
  c.tile.buffer_mm2 = (rows + cols) * 32.0 * a.buffer_um2_per_bit * kMm2PerUm2;
  c.tile.dpu_mm2 = a.dpu_mm2;
  c.tiles_mm2 = cfg.chip.tiles * c.tile.total_mm2();
  c.global_dpus_mm2 = cfg.chip.global_dpus * a.dpu_mm2;
  c.network_mm2 = static_cast<double>(cfg.chip.mesh_cols) * cfg.chip.mesh_rows * a.router_mm2;
  c.host_ports_mm2 = cfg.host.ports * a.host_port_mm2;
  c.other_mm2 = a.other_mm2;
  return c;
}

}  // namespace kirchhoff
