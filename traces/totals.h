// Totals of a run: energy by category, event counts by kind, ops, bytes, busy time, overall
// and per component. The recorder keeps one (the run summary is computed from it); every
// sink keeps its own, counted from what it wrote, so tests and users can check that no sink
// lost or duplicated anything (compare_totals).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traces/event.h"

namespace kirchhoff::traces {

struct Totals {
  EnergyPj energy;
  std::uint64_t events[kNumEventKinds] = {};
  std::uint64_t ops = 0;
  std::uint64_t bytes = 0;
  std::int64_t end_ps = 0;  // latest event end
  std::uint64_t counter_samples = 0;
  struct PerComponent {
    EnergyPj energy;
    std::uint64_t events = 0;
    std::int64_t busy_ps = 0;  // sum of durations of non-static events
    std::uint64_t mvms = 0;    // kMvm events (a tile's analog MVMs)
    std::int64_t mvm_ps = 0;   // sum of their durations (a tile's compute time)
  };
  std::vector<PerComponent> per_component;

  // Adds one event (grows per_component as needed).
  void add(const Event& event);
  void add(const CounterSample& sample);
  std::uint64_t total_events() const;
};

// Differences between two totals, one readable line each; empty when they agree. Counts, ops,
// bytes and times must be equal; energies agree when |a - b| <= energy_rel_tol * max(|a|,|b|)
// (sinks that write in time order sum the same doubles in another order than the recorder,
// which sums in arrival order, so their last bits may differ; pass 0 to require equal bits).
std::vector<std::string> compare_totals(const Totals& expected, const Totals& actual,
                                        double energy_rel_tol);

}  // namespace kirchhoff::traces
