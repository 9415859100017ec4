// DIR/timeline.json: Chrome trace-event JSON, opened by ui.perfetto.dev and chrome://tracing.
//
// Layout:
//   process (pid)  one per component group: a tile, a DPU, a router with its links, the host
//                  (ComponentInfo::group; by default every component is its own group)
//   thread (tid)   one per unit (track) of a component: "crossbar", "adc", "link_E" ...; the
//                  default unit is named after the component category; static-energy events
//                  go to a "static" thread of their own, at their true times as they arrive
//                  (they are often recorded at the end for the whole run)
//   slices         ph "X": name = event kind, cat = component category, args = sample, layer,
//                  bytes, ops, energy_pj and each non-zero category ("adc_pj" ...)
//   counters       ph "C": "power_mW" per process (instantaneous dynamic power of the group:
//                  each non-static event's energy spread evenly over its duration; static
//                  power is on the "static" thread and in power.csv), and every recorder counter
//                  ("samples_in_flight") in its component's process
//   metadata       ph "M": process_name, process_sort_index, thread_name, thread_sort_index
// Times: ts and dur in microseconds with 3 decimals (ns precision). Start and end are rounded
// down to the ns separately (so rounding keeps nesting and order), and dur = end - start.
//
// Nesting: slices on one thread must nest (no partial overlap). Slices are released in start
// order (see TimeOrderedStream); each thread keeps the stack of slices still open; a slice
// that would partially overlap the open ones goes to the first overflow thread where it nests
// ("crossbar #2", "crossbar #3" ...), created on demand. Memory: the reorder window's events,
// plus the open-slice stacks.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "traces/ordered_sink.h"
#include "traces/output_file.h"

namespace kirchhoff::traces {

class PerfettoSink : public OrderedSink<PerfettoSink> {
 public:
  PerfettoSink(std::string path, std::int64_t reorder_window_ps);

  void on_event(const Recorder& recorder, const Event& event) override;
  void finish(const Recorder& recorder) override;
  std::string name() const override { return "timeline.json"; }

  // Threads created beyond the first of each track because slices partially overlapped.
  std::size_t overflow_threads() const { return overflow_threads_; }

 private:
  friend class OrderedSink<PerfettoSink>;  // calls before_release, after_release
  friend class TimeOrderedStream;          // calls the visit_* functions
  void before_release() {}
  void after_release(std::int64_t until_ps);
  void visit_time(std::int64_t t_ps);
  void visit_start(const TimedEvent& e);
  void visit_end(const TimedEvent& e);
  void visit_counter(const CounterSample& s);

  struct Lane {
    int tid = 0;
    std::vector<std::int64_t> open_end_ns;  // ends of the open slices, innermost last
  };
  struct Track {
    std::vector<Lane> lanes;
  };
  struct ComponentState {
    int pid = 0;  // 0: not seen yet
    std::vector<Track> units;
    Track static_track;
  };
  struct Channel {  // one counter track
    int pid = 0;
    std::string name;
    bool is_power = false;
    double value = 0.0;         // counters
    std::int64_t power_pw = 0;  // power (exact sum, see power_fixed_point.h)
    double written = 0.0;
    bool ever_written = false;
    bool dirty = false;
  };

  void write_slice(const TimedEvent& e);
  ComponentState& component_state(std::uint32_t id);
  int process_for(const std::string& group);
  int lane_tid(std::uint32_t component, std::uint16_t unit, bool is_static, std::size_t lane,
               Track& track);
  std::string thread_base_name(std::uint32_t component, std::uint16_t unit, bool is_static) const;
  void add_power(const TimedEvent& e, int sign);
  void mark_dirty(std::size_t channel);
  void write_counters(std::int64_t tick_ns);
  void begin_record();
  void write_metadata(const char* what, int pid, int tid, const std::string& key,
                      const std::string* text, std::int64_t number);

  OutputFile file_;
  bool first_record_ = true;
  std::vector<ComponentState> components_;
  std::unordered_map<std::string, int> pid_by_group_;
  std::vector<std::size_t> power_channel_by_pid_;  // index pid - 1; SIZE_MAX: none
  std::vector<std::size_t> counter_channel_;       // by counter id; SIZE_MAX: none yet
  std::vector<Channel> channels_;
  std::vector<std::size_t> dirty_;
  int next_tid_ = 1;
  std::size_t overflow_threads_ = 0;
};

}  // namespace kirchhoff::traces
