// The energy and MVM operations of a run split by phase, per component: programming (weight
// upload and program-and-verify, from the start until the host marks the inference start),
// inference (from that mark until the host marks its end: the last output received) and after
// (anything later). The recorder keeps one next to its Totals; the run summary's efficiency
// levels are computed from the inference phase only.
//
// How an event is split: an event of duration > 0 whose kind is kStatic (a component's
// leakage over a span) is shared between the phases in proportion to the overlap of
// [start, end) with each phase; any other event belongs to the phase its start time falls in.
// While programming is open (begin_programming() called, begin_inference() not yet), every
// event belongs to programming whatever its time stamp.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "traces/event.h"

namespace kirchhoff::traces {

enum class RunPhase : std::uint8_t { kProgramming, kInference, kAfter };
inline constexpr std::size_t kNumRunPhases = 3;

// Where the phases begin and end. The default (no marks) puts every event in kInference.
struct PhaseBounds {
  bool programming_open = false;
  std::int64_t inference_start_ps = 0;  // events before it: programming
  std::int64_t inference_end_ps = std::numeric_limits<std::int64_t>::max();  // from it: after
};

struct PhaseTotals {
  struct PerComponent {
    std::array<EnergyPj, kNumRunPhases> energy{};
    std::array<std::uint64_t, kNumRunPhases> mvm_ops{};  // ops of kMvm events (a MAC = 2)
  };
  std::vector<PerComponent> per_component;
  // The inference phase's events tagged with a layer (Event::layer >= 0), by layer id: their
  // energy, MVMs and each component's occupancy (sum of the events' durations). Static events
  // carry no layer.
  struct PerLayer {
    EnergyPj energy;
    std::uint64_t mvms = 0;
    std::uint64_t mvm_ops = 0;
    std::vector<std::int64_t> busy_ps;  // by component id
  };
  std::vector<PerLayer> per_layer;

  // Adds one event under the given bounds (grows per_component as needed).
  void add(const Event& event, const PhaseBounds& bounds);
  // Sums over all components.
  EnergyPj energy(RunPhase phase) const;
  std::uint64_t mvm_ops(RunPhase phase) const;
};

}  // namespace kirchhoff::traces
