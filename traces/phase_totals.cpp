#include "traces/phase_totals.h"

#include <algorithm>

namespace kirchhoff::traces {
namespace {

std::size_t index(RunPhase p) {
  return static_cast<std::size_t>(p);
}

RunPhase phase_at(std::int64_t t_ps, const PhaseBounds& b) {
  if (b.programming_open || t_ps < b.inference_start_ps) return RunPhase::kProgramming;
  if (t_ps >= b.inference_end_ps) return RunPhase::kAfter;
  return RunPhase::kInference;
}

// Length of [a0, a1) ∩ [b0, b1).
double overlap_ps(std::int64_t a0, std::int64_t a1, std::int64_t b0, std::int64_t b1) {
  return static_cast<double>(std::max<std::int64_t>(0, std::min(a1, b1) - std::max(a0, b0)));
}

EnergyPj scaled(const EnergyPj& e, double f) {
  EnergyPj out;
  for (std::size_t c = 0; c < kNumEnergyCategories; ++c) out.pj[c] = e.pj[c] * f;
  return out;
}

}  // namespace

void PhaseTotals::add(const Event& e, const PhaseBounds& b) {
  if (e.component >= per_component.size()) per_component.resize(e.component + 1);
  PerComponent& c = per_component[e.component];
  if (e.layer >= 0 && e.kind != EventKind::kStatic &&
      phase_at(e.start_ps, b) == RunPhase::kInference) {
    const auto l = static_cast<std::size_t>(e.layer);
    if (l >= per_layer.size()) per_layer.resize(l + 1);
    PerLayer& pl = per_layer[l];
    pl.energy += e.energy;
    if (e.kind == EventKind::kMvm) {
      ++pl.mvms;
      pl.mvm_ops += e.ops;
    }
    if (e.component >= pl.busy_ps.size()) pl.busy_ps.resize(e.component + 1, 0);
    pl.busy_ps[e.component] += e.duration_ps;
  }
  if (e.kind == EventKind::kMvm) c.mvm_ops[index(phase_at(e.start_ps, b))] += e.ops;
  if (e.kind != EventKind::kStatic || e.duration_ps <= 0 || b.programming_open) {
    c.energy[index(phase_at(e.start_ps, b))] += e.energy;
    return;
  }
  const std::int64_t t0 = e.start_ps, t1 = e.end_ps();
  const double d = static_cast<double>(e.duration_ps);
  const double prog =
      overlap_ps(t0, t1, std::numeric_limits<std::int64_t>::min(), b.inference_start_ps);
  const double inf = overlap_ps(t0, t1, b.inference_start_ps, b.inference_end_ps);
  const double after = d - prog - inf;
  c.energy[index(RunPhase::kProgramming)] += scaled(e.energy, prog / d);
  c.energy[index(RunPhase::kInference)] += scaled(e.energy, inf / d);
  c.energy[index(RunPhase::kAfter)] += scaled(e.energy, after / d);
}

EnergyPj PhaseTotals::energy(RunPhase phase) const {
  EnergyPj sum;
  for (const PerComponent& c : per_component) sum += c.energy[index(phase)];
  return sum;
}

std::uint64_t PhaseTotals::mvm_ops(RunPhase phase) const {
  std::uint64_t sum = 0;
  for (const PerComponent& c : per_component) sum += c.mvm_ops[index(phase)];
  return sum;
}

}  // namespace kirchhoff::traces
