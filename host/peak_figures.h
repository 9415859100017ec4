// Peak figures of a chip from the same cost models a run uses: every tile doing back-to-back
// MVMs of its full crossbar. The cost of one such MVM is AnalogTileModel::mvm's (the function
// the SystemC tile records every MVM with) on the full rows x cols block with every weight and
// every input at full scale (the MVM with the most array energy); with tile.kind digital it is
// digital_mvm_cost (models/digital_mvm.h, no zero skipping); a hybrid chip's chip level sums its
// groups (below), and app/tile_groups_info.h prints each group. Static power is the tile's and its
// local DPU's (tile level) and the network's and the global DPUs' (chip level), from the same
// parameters and functions as the run's static events. Data movement (network packets, host I/O) is
// not in a peak figure.
#pragma once

#include <cstdint>

#include "config/chip_area.h"
#include "config/chip_config.h"
#include "models/tile_cost.h"
#include "report/efficiency_levels.h"

namespace kirchhoff {

struct PeakFigures {
  double mvm_latency_ns = 0;      // one MVM, input to result
  double mvm_interval_ns = 0;     // one MVM to the next (its event's duration in a run; less
                                  // than the latency with tile.readout: pipelined)
  TileCost mvm;                   // latency and energy by category of one full MVM
  std::uint64_t ops_per_mvm = 0;  // 2 x rows x cols
  double tile_static_mw = 0;      // one tile + its local DPU
  double chip_static_mw = 0;      // network + global DPUs
  // Per MVM period (mvm_interval_ns): energy_pj, power_w, tops, tops_per_w of one tile, and of
  // all chip.tiles tiles plus the chip's static power.
  // On a hybrid chip (chip.tile_groups) the tile level and the MVM figures are the `tile:`
  // section's, and the chip level sums every group's tiles with their own kind and parameters
  // (each at its own MVM rate: power and TOPS add, TOPS/W = TOPS / W).
  EfficiencyLevel tile, chip;
  double chip_mvms_per_s = 0;  // every tile of the chip at its own MVM interval
  // Area (config/chip_area.h); tile.area_mm2 is one tile's, chip.area_mm2 the die's, and
  // their tops_per_mm2 the peak over it.
  ChipArea area;
};

// Throws std::invalid_argument on parameters the tile model rejects.
PeakFigures peak_figures(const config::ChipConfig& cfg);

}  // namespace kirchhoff
