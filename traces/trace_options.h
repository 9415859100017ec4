// Which trace files a run writes, and the function the command line calls to attach them.
//   --events           DIR/events.csv    one row per event (EventsCsvSink)
//   --perfetto         DIR/timeline.json Chrome/Perfetto timeline (PerfettoSink)
//   --vcd              DIR/waves.vcd     waveforms (VcdSink); --vcd-filter GLOB[,GLOB...]
//   --power WINDOW_NS  DIR/power.csv     average power per window (PowerCsvSink)
#pragma once

#include <string>

#include "traces/recorder.h"

namespace kirchhoff::traces {

struct TraceOptions {
  std::string dir = ".";  // created if missing
  bool events = false;
  bool perfetto = false;
  bool vcd = false;
  std::string vcd_filter;         // comma-separated fnmatch globs on signal names; "" = all
  double vcd_timescale_ns = 1.0;  // 0.001, 0.01, 0.1, 1, 10, 100, 1000 ... ns
  double power_window_ns = 0.0;   // > 0: write power.csv with windows of this length
  // How far out of time order events may arrive (>= the TLM quantum plus any look-ahead of
  // resources that book work in the future). The timeline, VCD and power sinks buffer about
  // this much simulated time of events; later arrivals are still written, moved to the
  // earliest open time, and reported by Recorder::sink_warnings().
  double reorder_window_ns = 10'000.0;

  bool any() const { return events || perfetto || vcd || power_window_ns > 0.0; }
};

// The longest --power window, 1000 s (its ps fit an int64 many times over).
inline constexpr double kMaxPowerWindowNs = 1e12;

// Checks the options: std::invalid_argument with a message naming the option and what is
// allowed. Call it before creating any output.
void check_trace_options(const TraceOptions& options);

// Checks the options (check_trace_options), creates the directory and attaches one sink per
// requested file (std::runtime_error naming the file or directory on I/O errors). Files appear,
// complete, at Recorder::finish.
void attach_sinks(Recorder& recorder, const TraceOptions& options);

// ps from ns, rounded to the nearest ps.
std::int64_t ns_to_ps(double ns);

}  // namespace kirchhoff::traces
