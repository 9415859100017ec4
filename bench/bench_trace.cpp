// Trace recording cost: ns per Recorder::record with no sink attached (the cost every run
// pays) against each sink alone and all four sinks (events.csv, timeline.json, waves.vcd,
// power.csv), over a few million synthetic events from 16 tiles (crossbar + ADC tracks), a
// router with 4 links and a DPU, recorded out of time order by up to one quantum. Files go to
// a temporary directory and are removed. Usage: bench_trace [events (default 4000000)]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "traces/recorder.h"
#include "traces/trace_options.h"

namespace {

using kirchhoff::traces::EnergyCategory;
using kirchhoff::traces::Event;
using kirchhoff::traces::EventKind;
using kirchhoff::traces::Recorder;
using kirchhoff::traces::TraceOptions;

constexpr int kTiles = 16;
constexpr std::int64_t kQuantumPs = 100'000;  // 100 ns
constexpr std::size_t kDistinctEvents = 1 << 19;

struct Layout {
  std::vector<std::uint32_t> tile;
  std::vector<std::uint16_t> xbar, adc;
  std::uint32_t router = 0, dpu = 0;
  std::vector<std::uint16_t> links;
};

Layout register_components(Recorder& rec) {
  Layout l;
  for (int t = 0; t < kTiles; ++t) {
    l.tile.push_back(rec.add_component("chip.tile" + std::to_string(t), "tile"));
    l.xbar.push_back(rec.add_unit(l.tile.back(), "crossbar"));
    l.adc.push_back(rec.add_unit(l.tile.back(), "adc"));
  }
  l.router = rec.add_component("chip.noc.r0", "router");
  for (const char* d : {"link_N", "link_E", "link_S", "link_W"}) {
    l.links.push_back(rec.add_unit(l.router, d));
  }
  l.dpu = rec.add_component("chip.dpu0", "dpu");
  return l;
}

// One block of events, roughly in time order (each event jittered by < one quantum). Later
// passes replay it shifted by the block's span.
std::vector<Event> make_events(const Layout& l, std::int64_t* span_ps) {
  std::vector<Event> v;
  v.reserve(kDistinctEvents);
  std::uint64_t rng = 12345;
  auto next = [&rng]() {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng >> 33;
  };
  std::int64_t t = 0;
  while (v.size() < kDistinctEvents) {
    const int tile = static_cast<int>(next() % kTiles);
    const std::int64_t jitter = static_cast<std::int64_t>(next() % kQuantumPs);
    Event e;
    e.start_ps = t + jitter;
    e.sample = static_cast<std::int32_t>(v.size() / 64);
    e.layer = tile;
    switch (next() % 4) {
      case 0:
      case 1:
        e.component = l.tile[tile];
        e.unit = l.xbar[tile];
        e.kind = EventKind::kMvm;
        e.duration_ps = 40'000;
        e.ops = 131072;
        e.energy[EnergyCategory::kArray] = 100.0;
        e.energy[EnergyCategory::kDac] = 6.5;
        break;
      case 2:
        e.component = l.tile[tile];
        e.unit = l.adc[tile];
        e.kind = EventKind::kDpuOp;
        e.duration_ps = 10'000;
        e.energy[EnergyCategory::kAdc] = 4.3;
        break;
      default:
        e.component = l.router;
        e.unit = l.links[next() % l.links.size()];
        e.kind = EventKind::kPacketHop;
        e.duration_ps = 2'000;
        e.bytes = 64;
        e.energy[EnergyCategory::kNetwork] = 0.3;
    }
    v.push_back(e);
    t += 2'500;  // 400 events per us of simulated time
  }
  *span_ps = t + kQuantumPs;
  return v;
}

struct Result {
  double ns_per_event;      // wall clock
  double cpu_ns_per_event;  // user + system CPU of this process
  double mb_written;
};

double cpu_ns() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ns = [](const timeval& t) { return t.tv_sec * 1e9 + t.tv_usec * 1e3; };
  return ns(u.ru_utime) + ns(u.ru_stime);
}

Result run(const TraceOptions* options, std::size_t n_events) {
  Recorder rec;
  const Layout l = register_components(rec);
  std::int64_t span = 0;
  const std::vector<Event> block = make_events(l, &span);
  if (options != nullptr) kirchhoff::traces::attach_sinks(rec, *options);
  const double c0 = cpu_ns();
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t done = 0;
  for (std::int64_t pass = 0; done < n_events; ++pass) {
    const std::int64_t offset = pass * span;
    for (std::size_t i = 0; i < block.size() && done < n_events; ++i, ++done) {
      Event e = block[i];
      e.start_ps += offset;
      rec.record(e);
    }
  }
  rec.finish();
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = cpu_ns();
  double bytes = 0;
  if (options != nullptr) {
    for (const auto& f : std::filesystem::directory_iterator(options->dir)) {
      bytes += static_cast<double>(std::filesystem::file_size(f.path()));
    }
    std::filesystem::remove_all(options->dir);
  }
  if (!rec.check_sink_totals(1e-9).empty() || !rec.sink_warnings().empty()) {
    std::fprintf(stderr, "sink totals or warnings differ from the recorder's\n");
    std::exit(1);
  }
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
  return {ns / static_cast<double>(n_events), (c1 - c0) / static_cast<double>(n_events),
          bytes / 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4'000'000;
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("kirchhoff_bench_trace_" + std::to_string(::getpid())))
                              .string();
  auto opts = [&dir]() {
    TraceOptions o;
    o.dir = dir;
    o.reorder_window_ns = 2.0 * kQuantumPs / 1000.0;
    return o;
  };
  std::printf(
      "Recorder::record cost over %zu events (%d tiles, 1 router, 1 DPU; up to one "
      "%lld ns quantum out of order), files in %s\n"
      "ns/event and ratio: wall clock (includes waiting for the disk and other processes); "
      "CPU ns: user + system time of this process\n",
      n, kTiles, static_cast<long long>(kQuantumPs / 1000),
      std::filesystem::temp_directory_path().c_str());
  const Result none = run(nullptr, n);
  std::printf("  %-26s %9s %9s %8s %9s %9s\n", "sinks", "ns/event", "ratio", "CPU ns", "CPU ratio",
              "MB");
  std::printf("  %-26s %9.1f %9s %8.1f %9s %9s\n", "none", none.ns_per_event, "1.0x",
              none.cpu_ns_per_event, "1.0x", "-");

  struct Case {
    const char* name;
    TraceOptions options;
  };
  std::vector<Case> cases;
  {
    Case c{"events.csv", opts()};
    c.options.events = true;
    cases.push_back(c);
  }
  {
    Case c{"timeline.json", opts()};
    c.options.perfetto = true;
    cases.push_back(c);
  }
  {
    Case c{"waves.vcd", opts()};
    c.options.vcd = true;
    cases.push_back(c);
  }
  {
    Case c{"power.csv (10 ns windows)", opts()};
    c.options.power_window_ns = 10.0;
    cases.push_back(c);
  }
  {
    Case c{"all four sinks", opts()};
    c.options.events = c.options.perfetto = c.options.vcd = true;
    c.options.power_window_ns = 10.0;
    cases.push_back(c);
  }
  for (const auto& c : cases) {
    const Result r = run(&c.options, n);
    std::printf("  %-26s %9.1f %8.1fx %8.1f %8.1fx %9.1f\n", c.name, r.ns_per_event,
                r.ns_per_event / none.ns_per_event, r.cpu_ns_per_event,
                r.cpu_ns_per_event / none.cpu_ns_per_event, r.mb_written);
  }
  return 0;
}
