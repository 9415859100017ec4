#include "report/efficiency_levels.h"

#include <set>

namespace kirchhoff {

AccountingLevel accounting_level(const traces::ComponentInfo& component, bool is_local_dpu) {
  if (component.category == "tile") return AccountingLevel::kTile;
  if (component.category == "dpu" && is_local_dpu) return AccountingLevel::kTile;
  if (component.category == "host") return AccountingLevel::kSystem;
  return AccountingLevel::kChip;
}

EfficiencyLevel efficiency_level(double energy_pj, std::uint64_t ops, double span_ns) {
  EfficiencyLevel l;
  l.energy_pj = energy_pj;
  if (span_ns > 0) {
    l.power_w = energy_pj / span_ns * 1e-3;              // pJ/ns = mW
    l.tops = static_cast<double>(ops) / span_ns * 1e-3;  // ops/ns = 1e9 ops/s
  }
  if (energy_pj > 0) l.tops_per_w = static_cast<double>(ops) / energy_pj;  // ops/pJ = TOPS/W
  return l;
}

void set_area(EfficiencyLevel& l, double area_mm2) {
  l.area_mm2 = area_mm2;
  l.tops_per_mm2 = area_mm2 > 0 ? l.tops / area_mm2 : 0.0;
}

RunEfficiency run_efficiency(const traces::Recorder& recorder, double programming_done_ns,
                             double span_ns) {
  using traces::RunPhase;
  const traces::PhaseTotals& pt = recorder.phase_totals();
  std::set<std::string> tile_names;
  for (std::uint32_t c = 0; c < recorder.num_components(); ++c)
    if (recorder.component(c).category == "tile") tile_names.insert(recorder.component(c).name);
  double level_pj[3] = {0, 0, 0};
  for (std::uint32_t c = 0; c < recorder.num_components() && c < pt.per_component.size(); ++c) {
    const traces::ComponentInfo& info = recorder.component(c);
    const bool local_dpu = info.name.size() > 4 &&
                           info.name.compare(info.name.size() - 4, 4, "_dpu") == 0 &&
                           tile_names.count(info.name.substr(0, info.name.size() - 4)) > 0;
    const auto level = static_cast<std::size_t>(accounting_level(info, local_dpu));
    level_pj[level] +=
        pt.per_component[c].energy[static_cast<std::size_t>(RunPhase::kInference)].total();
  }
  RunEfficiency r;
  r.inference_ops = pt.mvm_ops(RunPhase::kInference);
  const double tile_pj = level_pj[0];
  const double chip_pj = tile_pj + level_pj[1];
  const double system_pj = chip_pj + level_pj[2];
  r.tile = efficiency_level(tile_pj, r.inference_ops, span_ns);
  r.chip = efficiency_level(chip_pj, r.inference_ops, span_ns);
  r.system = efficiency_level(system_pj, r.inference_ops, span_ns);
  const traces::EnergyPj prog = pt.energy(RunPhase::kProgramming);
  r.programming.time_ns = programming_done_ns;
  r.programming.energy_pj = prog.total();
  r.programming.host_io_energy_pj = prog[traces::EnergyCategory::kHostIo];
  return r;
}

}  // namespace kirchhoff
