#include "host/peak_figures.h"

#include <vector>

#include "interconnect/network.h"
#include "models/analog_tile_model.h"
#include "models/digital_mvm.h"
#include "models/dpu_cost.h"
#include "models/random_stream.h"

namespace kirchhoff {

PeakFigures peak_figures(const config::ChipConfig& cfg) {
  const int rows = cfg.tile.rows, cols = cfg.tile.cols;
  PeakFigures p;
  const bool digital = cfg.tile.kind == TileKind::kDigital;  // tile.kind digital: every tile
  if (digital) {
    p.mvm = digital_mvm_cost(cfg.tile.digital, rows, cols, 0);  // no zero skipping at peak
  } else {
    AnalogTileModel tile(cfg.tile, RandomStream(cfg.sim.seed, "peak"));
    tile.program(std::vector<float>(static_cast<std::size_t>(rows) * cols, 1.0f), rows, cols);
    const std::vector<float> x(static_cast<std::size_t>(rows),
                               static_cast<float>(cfg.tile.dac.range));
    std::vector<float> y(static_cast<std::size_t>(cols));
    p.mvm = tile.mvm(x.data(), y.data(), 0.0);
  }
  p.mvm_latency_ns = p.mvm.latency_ns;
  p.mvm_interval_ns = p.mvm.interval_ns;
  p.ops_per_mvm = 2 * static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols);
  const DpuCostModel dpu(cfg.dpu);
  const double t = p.mvm_interval_ns;  // back-to-back MVMs
  // mW x ns = pJ, as the run's static events (AnalogTile, DigitalProcessingUnit, Chip).
  const double tile_static_mw =
      digital ? cfg.tile.digital.static_power_mW : cfg.tile.energy.static_power_mW;
  const double tile_static_pj = tile_static_mw * t + dpu.static_energy_pj(t);
  const double chip_static_pj =
      noc::Network(cfg.noc).static_power_mw() * t + cfg.chip.global_dpus * dpu.static_energy_pj(t);
  p.tile_static_mw = t > 0 ? tile_static_pj / t : 0.0;
  p.chip_static_mw = t > 0 ? chip_static_pj / t : 0.0;
  const double tile_pj = p.mvm.energy.total_pj() + tile_static_pj;
  p.tile = efficiency_level(tile_pj, p.ops_per_mvm, t);
  p.chip = efficiency_level(cfg.chip.tiles * tile_pj + chip_static_pj,
                            static_cast<std::uint64_t>(cfg.chip.tiles) * p.ops_per_mvm, t);
  p.area = chip_area(cfg);
  set_area(p.tile, p.area.tile.total_mm2());
  set_area(p.chip, p.area.total_mm2());
  return p;
}

}  // namespace kirchhoff
