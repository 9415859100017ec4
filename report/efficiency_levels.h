// The run's efficiency at three accounting levels, over the inference span only (programming
// done -> last output received), and what the weight upload cost (programming).
//   tile:   the analog tiles and their local DPUs: array, DAC, ADC, buffers, local DPU ops,
//           their static (and active) power;
//   chip:   tile + network (routers, links, interfaces, its static power) + global DPUs and any
//           other chip component that is not the host port;
//   system: chip + the host port (host I/O of inputs and outputs).
// Energies come from the recorder's phase totals (traces/phase_totals.h): events that start
// before the inference span (weight upload over the host port, program-and-verify pulses)
// count under programming, static energy is shared by time, so leakage while programming is
// programming energy. Ops are those of the analog MVMs in the span: 2 x the MACs of the mapped
// weights (rows_used x cols_used of each MVM, not the padded crossbar); DPU element operations
// are not counted as ops.
#pragma once

#include <cstdint>
#include <string>

#include "traces/recorder.h"

namespace kirchhoff {

struct EfficiencyLevel {
  double energy_pj = 0, power_w = 0, tops = 0, tops_per_w = 0;
  // The silicon the level counts (config/chip_area.h): tile level all the chip's tiles with
  // their local DPUs, chip and system levels the die (the host is off chip); 0 when unknown.
  double area_mm2 = 0, tops_per_mm2 = 0;
};

// Sets l.area_mm2 and l.tops_per_mm2 = l.tops / area_mm2.
void set_area(EfficiencyLevel& l, double area_mm2);

struct ProgrammingFigures {
  double time_ns = 0;            // programming done (simulated time)
  double energy_pj = 0;          // every event and the static energy before the inference span
  double host_io_energy_pj = 0;  // its host I/O share (the weight upload over the host port)
};

enum class AccountingLevel { kTile, kChip, kSystem };

// The innermost level whose energy includes a component: "tile" and a tile's local DPU (the
// "dpu" component named "<tile name>_dpu", chip/chip.cpp) are tile, "host" is system, every
// other component is chip. `is_local_dpu` tells a tile's local DPU from a global one.
AccountingLevel accounting_level(const traces::ComponentInfo& component, bool is_local_dpu);

struct RunEfficiency {
  EfficiencyLevel tile, chip, system;
  ProgrammingFigures programming;
  std::uint64_t inference_ops = 0;  // analog MVM ops in the inference span (a MAC = 2)
};

// From the recorder's phase totals; span_ns = the inference span, programming_done_ns = when
// it began.
RunEfficiency run_efficiency(const traces::Recorder& recorder, double programming_done_ns,
                             double span_ns);

// energy_pj, power_w, tops, tops_per_w of `ops` operations for `energy_pj` over `span_ns`.
EfficiencyLevel efficiency_level(double energy_pj, std::uint64_t ops, double span_ns);

}  // namespace kirchhoff
