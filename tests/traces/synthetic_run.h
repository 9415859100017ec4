// A small synthetic multi-component run for the trace tests: tiles doing MVMs (crossbar, with
// ADC conversions inside), a DPU, a router with links as units, links as components of a
// router group, a host with a samples-in-flight counter, static energy, and events recorded
// out of time order by less than one quantum (as temporal decoupling does).
#pragma once

#include <unistd.h>
#include <algorithm>
#include <cstdint>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "traces/recorder.h"

namespace kirchhoff::traces::testing {

constexpr std::int64_t kNs = 1000;  // ps

struct Item {
  bool is_counter = false;
  Event event;
  CounterSample sample;
};

struct SyntheticRun {
  std::vector<Item> items;  // in arrival order
  std::vector<std::uint32_t> tiles;
  std::uint32_t host = 0;
  std::uint32_t in_flight = 0;
  // MVM intervals per tile (ps), in time order.
  std::map<std::uint32_t, std::vector<std::pair<std::int64_t, std::int64_t>>> mvms;
  std::int64_t quantum_ps = 0;

  void play(Recorder& rec) const {
    for (const auto& it : items) {
      if (it.is_counter) {
        rec.record_counter(it.sample);
      } else {
        rec.record(it.event);
      }
    }
  }
};

struct SyntheticConfig {
  int tiles = 4;
  int samples = 6;
  int layers = 4;
  std::int64_t quantum_ps = 100 * kNs;
  bool partial_overlap = true;  // two MVMs on one crossbar that partially overlap
  unsigned seed = 7;
};

// Registers the components on `rec` and builds the events.
inline SyntheticRun make_synthetic_run(Recorder& rec, const SyntheticConfig& cfg = {}) {
  SyntheticRun run;
  run.quantum_ps = cfg.quantum_ps;
  std::vector<std::uint16_t> xbar, adc;
  for (int t = 0; t < cfg.tiles; ++t) {
    const auto id = rec.add_component("chip.tile" + std::to_string(t), "tile");
    run.tiles.push_back(id);
    xbar.push_back(rec.add_unit(id, "crossbar"));
    adc.push_back(rec.add_unit(id, "adc"));
  }
  const auto dpu = rec.add_component("chip.dpu0", "dpu");
  const auto router = rec.add_component("chip.noc.r0", "router");
  const auto link_e = rec.add_unit(router, "link_E");
  const auto link_w = rec.add_unit(router, "link_W");
  // Links registered as components of their own, drawn in their router's process.
  const auto r1_n = rec.add_component("chip.noc.r1.link_N", "link", "chip.noc.r1");
  const auto r1_s = rec.add_component("chip.noc.r1.link_S", "link", "chip.noc.r1");
  run.host = rec.add_component("chip.host", "host");
  run.in_flight = rec.add_counter(run.host, "samples_in_flight");

  std::vector<Item> items;
  auto add = [&](const Event& e) {
    Item it;
    it.event = e;
    items.push_back(it);
  };
  auto add_counter = [&](std::int64_t t, double v) {
    Item it;
    it.is_counter = true;
    it.sample = CounterSample{t, run.in_flight, v};
    items.push_back(it);
  };

  const std::int64_t mvm_ps = 40 * kNs + 250;  // not a whole ns: ps precision matters
  const std::int64_t stage_ps = 60 * kNs;
  const std::int64_t period_ps = 90 * kNs;
  std::int64_t end_ps = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> flight;  // sample start/end
  for (int s = 0; s < cfg.samples; ++s) {
    const std::int64_t t0 = 10 * kNs + s * period_ps;
    Event io;
    io.start_ps = t0 - 5 * kNs;
    io.duration_ps = 5 * kNs;
    io.component = run.host;
    io.kind = EventKind::kHostIo;
    io.sample = s;
    io.bytes = 256;
    io.energy[EnergyCategory::kHostIo] = 12.5;
    add(io);
    for (int l = 0; l < cfg.layers; ++l) {
      const int t = l % cfg.tiles;
      const std::int64_t start = t0 + l * stage_ps;
      Event mvm;
      mvm.start_ps = start;
      mvm.duration_ps = mvm_ps;
      mvm.component = run.tiles[t];
      mvm.unit = xbar[t];
      mvm.kind = EventKind::kMvm;
      mvm.sample = s;
      mvm.layer = l;
      mvm.ops = 2 * 256 * 256;
      mvm.bytes = 256;
      mvm.energy[EnergyCategory::kArray] = 100.0 + s + 0.1 * l;
      mvm.energy[EnergyCategory::kDac] = 20.0 / 3.0;
      add(mvm);
      run.mvms[run.tiles[t]].push_back({start, start + mvm_ps});
      // ADC conversions inside the MVM.
      for (int k = 0; k < 2; ++k) {
        Event a;
        a.start_ps = start + 10 * kNs + k * 15 * kNs;
        a.duration_ps = 10 * kNs;
        a.component = run.tiles[t];
        a.unit = adc[t];
        a.kind = EventKind::kDpuOp;  // the ADC bank's conversion, on its own track
        a.sample = s;
        a.layer = l;
        a.energy[EnergyCategory::kAdc] = 30.0 / 7.0;
        add(a);
      }
      // Partial sums meet in the DPU.
      Event d;
      d.start_ps = start + mvm_ps;
      d.duration_ps = 3 * kNs + 500;
      d.component = dpu;
      d.kind = EventKind::kDpuOp;
      d.sample = s;
      d.layer = l;
      d.ops = 512;
      d.energy[EnergyCategory::kDpu] = 1.75;
      add(d);
      // Hops: router r0 east, then r1 north (a link component).
      Event h;
      h.start_ps = start + mvm_ps + 4 * kNs;
      h.duration_ps = 2 * kNs;
      h.component = router;
      h.unit = (l % 2 == 0) ? link_e : link_w;
      h.kind = EventKind::kPacketHop;
      h.sample = s;
      h.layer = l;
      h.bytes = 64;
      h.energy[EnergyCategory::kNetwork] = 0.3;
      add(h);
      Event h2 = h;
      h2.start_ps += 2 * kNs;
      h2.component = (l % 2 == 0) ? r1_n : r1_s;
      h2.unit = 0;
      add(h2);
      Event dl = h2;
      dl.start_ps += 2 * kNs;
      dl.duration_ps = 0;  // an instant
      dl.kind = EventKind::kPacketDelivery;
      dl.energy = EnergyPj{};
      dl.energy[EnergyCategory::kBuffer] = 0.05;
      add(dl);
      end_ps = std::max(end_ps, dl.start_ps);
    }
    flight.push_back({t0 - 5 * kNs, t0 + (cfg.layers - 1) * stage_ps + mvm_ps + 10 * kNs});
  }
  // Samples in flight: +1 at start, -1 at end.
  std::vector<std::pair<std::int64_t, int>> steps;
  for (auto& f : flight) {
    steps.push_back({f.first, +1});
    steps.push_back({f.second, -1});
  }
  std::sort(steps.begin(), steps.end());
  int n = 0;
  for (auto& st : steps) {
    n += st.second;
    add_counter(st.first, n);
  }
  if (cfg.partial_overlap) {
    // Two MVMs on tile 0's crossbar that partially overlap each other (temporal decoupling:
    // booked by two initiators that did not see each other's reservation).
    const auto t = run.tiles[0];
    const std::int64_t base = end_ps + 50 * kNs;
    for (std::int64_t off : {std::int64_t{0}, 20 * kNs}) {
      Event m;
      m.start_ps = base + off;
      m.duration_ps = 30 * kNs;
      m.component = t;
      m.unit = xbar[0];
      m.kind = EventKind::kMvm;
      m.sample = 99;
      m.layer = 0;
      m.energy[EnergyCategory::kArray] = 80.0;
      add(m);
      run.mvms[t].push_back({m.start_ps, m.start_ps + m.duration_ps});
    }
    end_ps = base + 50 * kNs;
  }
  // Static energy of every tile over the whole run, recorded at the end (as the chip does,
  // when it knows the run's length): far later than any reorder window.
  std::vector<Item> statics;
  for (auto t : run.tiles) {
    Event st;
    st.start_ps = 0;
    st.duration_ps = end_ps + 10 * kNs;
    st.component = t;
    st.kind = EventKind::kStatic;
    st.energy[EnergyCategory::kStatic] = 0.002 * static_cast<double>(st.duration_ps) / kNs;
    Item it;
    it.event = st;
    statics.push_back(it);
  }
  for (auto& [tile, v] : run.mvms) std::sort(v.begin(), v.end());

  // Arrival order: by start plus a jitter below one quantum, so that events arrive out of
  // time order by less than a quantum.
  std::mt19937 rng(cfg.seed);
  std::uniform_int_distribution<std::int64_t> jitter(0, cfg.quantum_ps - 1);
  std::vector<std::pair<std::int64_t, std::size_t>> keys;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::int64_t t = items[i].is_counter ? items[i].sample.time_ps : items[i].event.start_ps;
    keys.push_back({t + jitter(rng), i});
  }
  std::sort(keys.begin(), keys.end());
  for (auto& k : keys) run.items.push_back(items[k.second]);
  run.items.insert(run.items.end(), statics.begin(), statics.end());
  return run;
}

// A fresh directory for one test, removed at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() /
            ("kirchhoff_traces_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Splits one CSV line (RFC 4180 quoting).
inline std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::string f;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        f.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(f);
      f.clear();
    } else {
      f.push_back(c);
    }
  }
  fields.push_back(f);
  return fields;
}

}  // namespace kirchhoff::traces::testing
