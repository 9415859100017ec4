#include "traces/trace_options.h"

#include <cmath>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "traces/events_csv_sink.h"
#include "traces/perfetto_sink.h"
#include "traces/power_csv_sink.h"
#include "traces/vcd_format.h"
#include "traces/vcd_sink.h"

namespace kirchhoff::traces {

std::int64_t ns_to_ps(double ns) {
  return std::llround(ns * 1000.0);
}

namespace {

// The value as the user typed it, near enough: 1000, 0.5, -1, inf, nan.
std::string format_ns(double ns) {
  std::ostringstream os;
  os << ns;
  return os.str();
}

}  // namespace

void check_trace_options(const TraceOptions& o) {
  if (!(o.reorder_window_ns >= 0.0) || !std::isfinite(o.reorder_window_ns)) {
    throw std::invalid_argument("trace reorder window must be a finite number of ns >= 0, got " +
                                std::to_string(o.reorder_window_ns));
  }
  if (!std::isfinite(o.power_window_ns) || o.power_window_ns < 0.0 ||
      o.power_window_ns > kMaxPowerWindowNs ||
      (o.power_window_ns > 0.0 && ns_to_ps(o.power_window_ns) < 1)) {
    throw std::invalid_argument("--power " + format_ns(o.power_window_ns) +
                                ": not allowed; allowed: a window of ns in [0.001, 1e12] (0: "
                                "no power.csv)");
  }
  if (o.vcd) {
    try {
      (void)vcd_timescale_ps(o.vcd_timescale_ns);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("--vcd-timescale-ns " + format_ns(o.vcd_timescale_ns) + ": " +
                                  e.what());
    }
  }
}

void attach_sinks(Recorder& recorder, const TraceOptions& o) {
  check_trace_options(o);
  if (!o.any()) return;
  namespace fs = std::filesystem;
  const fs::path dir = o.dir.empty() ? fs::path(".") : fs::path(o.dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("trace directory " + dir.string() +
                             ": cannot create: " + ec.message());
  }
  const std::int64_t reorder_ps = ns_to_ps(o.reorder_window_ns);
  // Build every sink first, then attach them all: if one file cannot be opened, nothing is
  // attached and the partial files already opened are removed.
  std::vector<std::unique_ptr<Sink>> sinks;
  if (o.events) sinks.push_back(std::make_unique<EventsCsvSink>((dir / "events.csv").string()));
  if (o.perfetto) {
    sinks.push_back(std::make_unique<PerfettoSink>((dir / "timeline.json").string(), reorder_ps));
  }
  if (o.vcd) {
    VcdOptions v;
    v.path = (dir / "waves.vcd").string();
    v.filter = o.vcd_filter;
    v.timescale_ns = o.vcd_timescale_ns;
    v.reorder_window_ps = reorder_ps;
    sinks.push_back(std::make_unique<VcdSink>(v));
  }
  if (o.power_window_ns > 0.0) {
    sinks.push_back(std::make_unique<PowerCsvSink>((dir / "power.csv").string(),
                                                   ns_to_ps(o.power_window_ns), reorder_ps));
  }
  for (auto& s : sinks) recorder.add_sink(std::move(s));
}

}  // namespace kirchhoff::traces
