#include "host/peak_figures.h"

#include <vector>

#include "interconnect/network.h"
#include "models/analog_tile_model.h"
#include "models/digital_mvm.h"
#include "models/dpu_cost.h"
#include "models/random_stream.h"

namespace kirchhoff {

namespace {

// One tile of parameters t doing back-to-back full MVMs.
struct TilePeak {
  TileCost mvm;
  std::uint64_t ops_per_mvm = 0;
  double static_mw = 0;  // the tile + its local DPU
};

TilePeak tile_peak(const config::ChipConfig& cfg, const TileParams& t) {
  const int rows = t.rows, cols = t.cols;
  TilePeak tp;
  const bool digital = t.kind == TileKind::kDigital;
  if (digital) {
    tp.mvm = digital_mvm_cost(t.digital, rows, cols, 0);  // no zero skipping at peak
  } else {
    AnalogTileModel tile(t, RandomStream(cfg.sim.seed, "peak"));
    tile.program(std::vector<float>(static_cast<std::size_t>(rows) * cols, 1.0f), rows, cols);
    const std::vector<float> x(static_cast<std::size_t>(rows), static_cast<float>(t.dac.range));
    std::vector<float> y(static_cast<std::size_t>(cols));
    tp.mvm = tile.mvm(x.data(), y.data(), 0.0);
  }
  tp.ops_per_mvm = 2 * static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols);
  const double interval = tp.mvm.interval_ns;
  // mW x ns = pJ, as the run's static events (AnalogTile, DigitalTile, DigitalProcessingUnit).
  const double tile_static_mw = digital ? t.digital.static_power_mW : t.energy.static_power_mW;
  const double static_pj =
      tile_static_mw * interval + DpuCostModel(cfg.dpu).static_energy_pj(interval);
  tp.static_mw = interval > 0 ? static_pj / interval : 0.0;
  return tp;
}

}  // namespace

PeakFigures peak_figures(const config::ChipConfig& cfg) {
  const TilePeak tp = tile_peak(cfg, cfg.tile);
  PeakFigures p;
  p.mvm = tp.mvm;
  p.mvm_latency_ns = p.mvm.latency_ns;
  p.mvm_interval_ns = p.mvm.interval_ns;
  p.ops_per_mvm = tp.ops_per_mvm;
  const DpuCostModel dpu(cfg.dpu);
  const double t = p.mvm_interval_ns;  // back-to-back MVMs
  const double tile_static_pj = tp.static_mw * t;
  const double chip_static_pj =
      noc::Network(cfg.noc).static_power_mw() * t + cfg.chip.global_dpus * dpu.static_energy_pj(t);
  p.tile_static_mw = tp.static_mw;
  p.chip_static_mw = t > 0 ? chip_static_pj / t : 0.0;
  const double tile_pj = p.mvm.energy.total_pj() + tile_static_pj;
  p.tile = efficiency_level(tile_pj, p.ops_per_mvm, t);
  if (cfg.chip.tile_groups.empty()) {
    p.chip = efficiency_level(cfg.chip.tiles * tile_pj + chip_static_pj,
                              static_cast<std::uint64_t>(cfg.chip.tiles) * p.ops_per_mvm, t);
    p.chip_mvms_per_s = t > 0 ? cfg.chip.tiles / (t * 1e-9) : 0.0;
  } else {
    // A hybrid chip: each group's tiles at their own MVM rate, power and ops per ns summed; the
    // chip's energy_pj is over the `tile:` section's MVM interval, as without groups.
    double mw = p.chip_static_mw, ops_per_ns = 0, mvms_per_ns = 0;
    for (const auto& g : cfg.chip.tile_groups) {
      const TilePeak gp = tile_peak(cfg, g.tile);
      const double interval = gp.mvm.interval_ns;
      if (!(interval > 0)) continue;
      mw += g.count * (gp.mvm.energy.total_pj() / interval + gp.static_mw);
      ops_per_ns += g.count * static_cast<double>(gp.ops_per_mvm) / interval;
      mvms_per_ns += g.count / interval;
    }
    p.chip.power_w = mw * 1e-3;
    p.chip.energy_pj = mw * t;
    p.chip.tops = ops_per_ns * 1e-3;
    p.chip.tops_per_w = p.chip.power_w > 0 ? p.chip.tops / p.chip.power_w : 0.0;
    p.chip_mvms_per_s = mvms_per_ns * 1e9;
  }
  p.area = chip_area(cfg);
  set_area(p.tile, p.area.tile.total_mm2());
  set_area(p.chip, p.area.total_mm2());
  return p;
}

}  // namespace kirchhoff
