// The event recorder: modules record typed events; the recorder keeps the running totals the
// summary is computed from, and forwards events to the sinks that subscribed (CSV, Perfetto,
// VCD, power ...). With no sink attached, forwarding costs one branch.
//
// Registration (at elaboration, before the first event):
//   auto tile = rec.add_component("chip.tile0", "tile");          // a process in Perfetto
//   auto xbar = rec.add_unit(tile, "crossbar");                    // a track (thread) in it
//   auto adc  = rec.add_unit(tile, "adc");
//   auto r01  = rec.add_component("chip.noc.r0_1", "router");      // a router and its links
//   auto e    = rec.add_unit(r01, "link_E");
//   auto host = rec.add_component("chip.host", "host");
//   auto inflight = rec.add_counter(host, "samples_in_flight");   // an integer counter
// Recording:
//   Event ev; ev.start_ps = ...; ev.duration_ps = ...; ev.component = tile; ev.unit = xbar;
//   ev.kind = EventKind::kMvm; ev.energy[EnergyCategory::kArray] = ...; rec.record(ev);
//   rec.record_counter(inflight, now_ps, 3);
// Components that share a `group` are drawn as one process in the timeline (e.g. the links of
// one router registered as separate components); by default each component is its own group.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "traces/event.h"
#include "traces/phase_totals.h"
#include "traces/totals.h"

namespace kirchhoff::traces {

struct ComponentInfo {
  std::string name;      // hierarchical: "chip.tile0", "chip.noc.link_0_1_E"
  std::string category;  // "tile", "dpu", "link", "router", "host", ...
  std::string group;     // timeline process; defaults to name
  // Track names: units[0] is the default track (named after the category), the rest come
  // from add_unit in order.
  std::vector<std::string> units;
};

enum class CounterType : std::uint8_t {
  kInteger,  // whole numbers (samples in flight, queue depth): VCD integer
  kReal,     // any value: VCD real
};

struct CounterInfo {
  std::uint32_t component = 0;
  std::string name;  // "samples_in_flight"
  CounterType type = CounterType::kInteger;
};

class Recorder;

// Thrown by Recorder::finish() after Recorder::cancel().
class RunCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void on_event(const Recorder& recorder, const Event& event) = 0;
  virtual void on_counter(const Recorder& recorder, const CounterSample& sample) {
    (void)recorder;
    (void)sample;
  }
  // Called once at the end of the run; sinks finish and close their files here.
  virtual void finish(const Recorder& recorder) { (void)recorder; }

  // What this sink wrote, counted as it wrote it (nullptr: the sink does not count).
  virtual const Totals* totals() const { return nullptr; }
  // Short name for messages ("events.csv").
  virtual std::string name() const { return "sink"; }
  // Things a user should know after the run (events that arrived later than the reorder
  // window allowed ...). Empty when all went well.
  virtual std::vector<std::string> warnings() const { return {}; }
};

class Recorder {
 public:
  std::uint32_t add_component(std::string name, std::string category, std::string group = {});
  // A named track inside a component (returns the value for Event::unit).
  std::uint16_t add_unit(std::uint32_t component, std::string name);
  // A counter owned by a component (returns the value for CounterSample::counter).
  std::uint32_t add_counter(std::uint32_t component, std::string name,
                            CounterType type = CounterType::kInteger);

  const ComponentInfo& component(std::uint32_t id) const { return components_.at(id); }
  std::size_t num_components() const { return components_.size(); }
  const CounterInfo& counter(std::uint32_t id) const { return counters_.at(id); }
  std::size_t num_counters() const { return counters_.size(); }
  // Name of the track an event ran on ("crossbar", or the category for unit 0).
  const std::string& unit_name(std::uint32_t component, std::uint16_t unit) const;
  // The name of a layer id that events carry in Event::layer (a workload layer's name, e.g. the
  // ONNX node name "fc1"); registered by the host before the first event. layer_name gives ""
  // for -1 or an id never named.
  void set_layer_name(std::int32_t layer, std::string name);
  const std::string& layer_name(std::int32_t layer) const;
  std::size_t num_layer_names() const { return layer_names_.size(); }

  void record(const Event& event) {
    accumulate(event);
    if (!sinks_.empty()) dispatch(event);
  }
  void record_counter(const CounterSample& sample);
  void record_counter(std::uint32_t counter, std::int64_t time_ps, double value) {
    record_counter(CounterSample{time_ps, counter, value});
  }

  // The simulation's clock (the SystemC kernel's time, in ps), set by the simulation that owns
  // the recorder. With it the time-ordered sinks release what starts before now - reorder
  // window: work booked in the future (a tile's recalibration after programming, an MVM queued
  // behind others) does not move their horizon ahead of what other modules still record now.
  // Without it they fall back to the latest start seen.
  void set_clock(std::int64_t (*now_ps)()) { clock_ = now_ps; }
  bool has_clock() const { return clock_ != nullptr; }
  std::int64_t now_ps() const { return clock_ ? clock_() : 0; }

  void add_sink(std::unique_ptr<Sink> sink) { sinks_.push_back(std::move(sink)); }
  bool has_sinks() const { return !sinks_.empty(); }
  std::size_t num_sinks() const { return sinks_.size(); }
  const Sink& sink(std::size_t i) const { return *sinks_.at(i); }
  // A sink that throws while an event or counter sample is recorded (a write fault) stops the
  // forwarding: the error is kept, nothing more reaches any sink, and finish() rethrows it
  // without finishing them (no file is renamed into place). The error never unwinds through
  // the module that recorded the event (a SystemC process would turn it into a report).
  bool sink_failed() const { return static_cast<bool>(sink_error_); }
  // Finishes every sink: they write what they buffered and rename their files into place
  // (idempotent; if a sink fails, the others still finish and the first error is rethrown).
  // Events recorded after finish() count in totals() but reach no sink.
  void finish();

  // Abandons the run (the user interrupted it): from now on no sink receives anything and
  // finish() throws RunCancelled(reason) instead of finishing them, so no file is renamed into
  // place; the sinks remove their temporary files when they are destroyed.
  void cancel(const std::string& reason);
  bool cancelled() const { return !cancel_reason_.empty(); }

  const Totals& totals() const { return totals_; }

  // Phase marks (traces/phase_totals.h): the host calls begin_programming() before it uploads
  // weights, begin_inference(t) when programming is done (simulated time t) and
  // end_inference(t) when the last output arrived. Without marks every event is inference.
  void begin_programming() { bounds_.programming_open = true; }
  void begin_inference(std::int64_t at_ps) {
    bounds_.programming_open = false;
    bounds_.inference_start_ps = at_ps;
  }
  void end_inference(std::int64_t at_ps) { bounds_.inference_end_ps = at_ps; }
  const PhaseBounds& phase_bounds() const { return bounds_; }
  const PhaseTotals& phase_totals() const { return phase_totals_; }

  // Compares every sink's totals with the recorder's (call after finish); one line per
  // difference, prefixed by the sink's name. Empty when all agree.
  std::vector<std::string> check_sink_totals(double energy_rel_tol = 1e-9) const;
  // Every sink's warnings, prefixed by the sink's name.
  std::vector<std::string> sink_warnings() const;

 private:
  void accumulate(const Event& event);
  void dispatch(const Event& event);

  std::int64_t (*clock_)() = nullptr;
  std::vector<ComponentInfo> components_;
  std::vector<CounterInfo> counters_;
  std::vector<std::string> layer_names_;  // by layer id
  std::vector<std::unique_ptr<Sink>> sinks_;
  Totals totals_;
  PhaseBounds bounds_;
  PhaseTotals phase_totals_;
  bool finished_ = false;
  std::string cancel_reason_;
  std::exception_ptr sink_error_;  // first sink failure while recording
};

}  // namespace kirchhoff::traces
