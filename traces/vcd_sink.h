// DIR/waves.vcd: a Value Change Dump of the run, written from the events themselves (not with
// sc_trace, which would sample at quantum boundaries), for GTKWave & co.
//
// Signals (full names are the dotted component names; scopes follow the dots):
//   <component>.busy         wire     1 while any non-static event of the component runs
//   <component>.power_mW     real     instantaneous dynamic power: each non-static event's
//                                     energy spread evenly over its duration (zero-duration
//                                     events are not drawn; static power is in power.csv)
//   <component>.<unit>.busy  wire     per named unit (crossbar, adc, link_E ...)
//   <tile>.mvm_count         integer  MVMs started so far (components of category "tile")
//   <tile>.layer             integer  layer of the latest event started while busy; x idle
//   <component>.<counter>    integer or real: recorder counters (host samples_in_flight)
// Signals are declared from the components, units and counters registered when the header is
// written (at the first release of events); later registrations get no signals.
// The filter (comma-separated fnmatch globs on the full names) keeps only matching signals.
//
// Time: timestamps are the true event times in the chosen timescale (default 1 ns), rounded
// down; changes within one timescale step are merged (the last value wins), so timestamps are
// strictly increasing. Events are put back in time order by a TimeOrderedStream: changes are
// buffered until the reorder window has passed, then written; all remaining at finish.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traces/ordered_sink.h"
#include "traces/output_file.h"
#include "traces/vcd_format.h"

namespace kirchhoff::traces {

struct VcdOptions {
  std::string path;
  std::string filter;         // comma-separated globs; empty: every signal
  double timescale_ns = 1.0;  // see vcd_timescale_ps
  std::int64_t reorder_window_ps = 10'000'000;
};

class VcdSink : public OrderedSink<VcdSink> {
 public:
  explicit VcdSink(const VcdOptions& options);

  void on_event(const Recorder& recorder, const Event& event) override;
  void finish(const Recorder& recorder) override;
  std::string name() const override { return "waves.vcd"; }
  // The late-event warnings, and one if a non-empty filter kept none of the signals.
  std::vector<std::string> warnings() const override;

  // Full names of the declared signals (after filtering; empty before the header is written).
  std::vector<std::string> signal_names() const;

 private:
  friend class OrderedSink<VcdSink>;  // calls before_release, after_release
  friend class TimeOrderedStream;     // calls the visit_* functions
  void before_release();
  void after_release(std::int64_t until_ps);
  void visit_time(std::int64_t t_ps);
  void visit_start(const TimedEvent& e);
  void visit_end(const TimedEvent& e);
  void visit_counter(const CounterSample& s);

  struct Signal {
    VcdVar var;
    std::int64_t int_value = 0;
    double real_value = 0.0;
    bool x = false;
    std::int64_t written_int = 0;
    double written_real = 0.0;
    bool written_x = false;
    bool dirty = false;
  };
  static constexpr int kNoSignal = -1;
  struct ComponentSignals {
    int busy = kNoSignal;
    int power = kNoSignal;
    int mvm_count = kNoSignal;
    int layer = kNoSignal;
    std::vector<int> unit_busy;  // by unit; [0] unused
    // State, kept whether or not the signals pass the filter.
    int active = 0;
    std::vector<int> unit_active;
    std::int64_t power_pw = 0;
    std::int64_t mvm_count_value = 0;
  };

  void write_header();
  int declare(const std::string& path, VcdVarType type, int width);
  void set_int(int signal, std::int64_t v);
  void set_real(int signal, double v);
  void set_x(int signal);
  void write_changes(std::int64_t tick);
  void apply(const TimedEvent& e, int sign);

  VcdOptions options_;
  GlobFilter filter_;
  OutputFile file_;
  bool header_written_ = false;
  std::vector<Signal> signals_;
  std::size_t candidate_signals_ = 0;  // before filtering
  std::string first_candidate_;
  std::vector<ComponentSignals> components_;
  std::vector<int> counter_signal_;
  std::vector<int> dirty_;
  std::int64_t last_stamp_ = 0;  // the header's #0
};

}  // namespace kirchhoff::traces
