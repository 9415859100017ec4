// The event recorder: modules record typed events; the recorder keeps the running totals the
// summary is computed from, and forwards events to the sinks that subscribed (CSV, Perfetto,
// VCD, power ...). With no sink attached, forwarding costs one branch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "traces/event.h"

namespace kirchhoff::traces {

struct ComponentInfo {
  std::string name;      // hierarchical: "chip.tile0", "chip.noc.link_0_1_E"
  std::string category;  // "tile", "dpu", "link", "router", "host", ...
};

// Totals of everything recorded, overall and per component.
struct Totals {
  EnergyPj energy;
  std::uint64_t events[kNumEventKinds] = {};
  std::uint64_t ops = 0;
  std::uint64_t bytes = 0;
  std::int64_t end_ps = 0;  // latest event end
  struct PerComponent {
    EnergyPj energy;
    std::uint64_t events = 0;
    std::int64_t busy_ps = 0;  // sum of durations of non-static events
  };
  std::vector<PerComponent> per_component;
};

class Recorder;

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void on_event(const Recorder& recorder, const Event& event) = 0;
  // Called once at the end of the run; sinks finish and close their files here.
  virtual void finish(const Recorder& recorder) { (void)recorder; }
};

class Recorder {
 public:
  std::uint32_t add_component(std::string name, std::string category);
  const ComponentInfo& component(std::uint32_t id) const { return components_.at(id); }
  std::size_t num_components() const { return components_.size(); }

  void record(const Event& event) {
    accumulate(event);
    if (!sinks_.empty()) dispatch(event);
  }

  void add_sink(std::unique_ptr<Sink> sink) { sinks_.push_back(std::move(sink)); }
  bool has_sinks() const { return !sinks_.empty(); }
  // Finishes every sink (idempotent).
  void finish();

  const Totals& totals() const { return totals_; }

 private:
  void accumulate(const Event& event);
  void dispatch(const Event& event);

  std::vector<ComponentInfo> components_;
  std::vector<std::unique_ptr<Sink>> sinks_;
  Totals totals_;
  bool finished_ = false;
};

}  // namespace kirchhoff::traces
