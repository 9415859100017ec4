#include "traces/vcd_sink.h"

#include <algorithm>

#include "traces/power_fixed_point.h"
#include "traces/text_format.h"

namespace kirchhoff::traces {

namespace {
constexpr int kCountBits = 64;
constexpr int kLayerBits = 32;
constexpr int kRealBits = 64;
}  // namespace

VcdSink::VcdSink(const VcdOptions& options)
    : OrderedSink(options.reorder_window_ps, vcd_timescale_ps(options.timescale_ns),
                  "their changes are drawn at the earliest time still open"),
      options_(options),
      filter_(options.filter),
      file_(options.path) {}

void VcdSink::on_event(const Recorder& recorder, const Event& event) {
  recorder_ = &recorder;
  (void)recorder.unit_name(event.component, event.unit);  // validates the ids now
  if (event.kind == EventKind::kStatic) {
    // Static energy changes no signal (not busy; power_mW is dynamic power) and is often
    // recorded at the end for the whole run: count it, do not time-order it.
    totals_.add(event);
    return;
  }
  stream_.push(event);
  release_ready();
}

void VcdSink::before_release() {
  if (!header_written_) write_header();
}

void VcdSink::after_release(std::int64_t /*until_ps*/) {
  // Ticks are whole timescale steps, so that each timestamp is written once.
  write_current_tick([this](std::int64_t tick) { write_changes(tick); });
  file_.maybe_flush();
}

void VcdSink::finish(const Recorder& recorder) {
  recorder_ = &recorder;
  before_release();
  release_all();
  write_current_tick([this](std::int64_t tick) { write_changes(tick); });
  const std::int64_t end_tick = floor_div(totals_.end_ps, tick_ps());
  if (end_tick > last_stamp_) {
    file_.buffer().push_back('#');
    append_int(file_.buffer(), end_tick);
    file_.buffer().push_back('\n');
  }
  file_.commit();
}

std::vector<std::string> VcdSink::signal_names() const {
  std::vector<std::string> names;
  for (const auto& s : signals_) names.push_back(s.var.path);
  return names;
}

std::vector<std::string> VcdSink::warnings() const {
  std::vector<std::string> w = OrderedSink::warnings();
  if (header_written_ && !filter_.empty() && signals_.empty() && candidate_signals_ > 0) {
    w.push_back("--vcd-filter '" + options_.filter + "' matches none of the " +
                std::to_string(candidate_signals_) +
                " signals, so the file has no signals; names look like '" + first_candidate_ +
                "' (comma-separated globs on the full names, e.g. '*.busy')");
  }
  return w;
}

int VcdSink::declare(const std::string& path, VcdVarType type, int width) {
  if (candidate_signals_++ == 0) first_candidate_ = path;
  if (!filter_.matches(path)) return kNoSignal;
  Signal s;
  s.var.path = path;
  s.var.type = type;
  s.var.width = width;
  s.var.id = vcd_identifier(signals_.size());
  signals_.push_back(std::move(s));
  return static_cast<int>(signals_.size() - 1);
}

void VcdSink::write_header() {
  header_written_ = true;
  const std::size_t n = recorder_ != nullptr ? recorder_->num_components() : 0;
  components_.resize(n);
  for (std::size_t id = 0; id < n; ++id) {
    const ComponentInfo& c = recorder_->component(static_cast<std::uint32_t>(id));
    const std::string base = vcd_safe_name(c.name);
    ComponentSignals& cs = components_[id];
    cs.busy = declare(base + ".busy", VcdVarType::kWire, 1);
    cs.power = declare(base + ".power_mW", VcdVarType::kReal, kRealBits);
    if (c.category == "tile") {
      cs.mvm_count = declare(base + ".mvm_count", VcdVarType::kInteger, kCountBits);
      cs.layer = declare(base + ".layer", VcdVarType::kInteger, kLayerBits);
      if (cs.layer != kNoSignal) {
        Signal& s = signals_[static_cast<std::size_t>(cs.layer)];
        s.x = s.written_x = true;
      }
    }
    cs.unit_busy.assign(c.units.size(), kNoSignal);
    cs.unit_active.assign(c.units.size(), 0);
    for (std::size_t u = 1; u < c.units.size(); ++u) {
      cs.unit_busy[u] =
          declare(base + "." + vcd_safe_name(c.units[u]) + ".busy", VcdVarType::kWire, 1);
    }
  }
  const std::size_t nc = recorder_ != nullptr ? recorder_->num_counters() : 0;
  counter_signal_.assign(nc, kNoSignal);
  for (std::size_t k = 0; k < nc; ++k) {
    const CounterInfo& info = recorder_->counter(static_cast<std::uint32_t>(k));
    const std::string path =
        vcd_safe_name(recorder_->component(info.component).name) + "." + vcd_safe_name(info.name);
    const int sig = info.type == CounterType::kInteger
                        ? declare(path, VcdVarType::kInteger, kCountBits)
                        : declare(path, VcdVarType::kReal, kRealBits);
    if (sig != kNoSignal && info.type == CounterType::kInteger) {
      signals_[static_cast<std::size_t>(sig)].x = true;
      signals_[static_cast<std::size_t>(sig)].written_x = true;
    }
    counter_signal_[k] = sig;
  }

  TextBuffer& out = file_.buffer();
  out.append("$version Kirchhoff traces (waves.vcd) $end\n");
  out.append("$comment events in time order; reorder window ");
  append_int(out, stream_.reorder_window_ps());
  out.append(" ps $end\n");
  // The tiles' `layer` signals are enumerated: their values are the layer ids named here.
  if (recorder_ != nullptr && recorder_->num_layer_names() > 0) {
    out.append("$comment layer names (tile .layer values):");
    for (std::size_t i = 0; i < recorder_->num_layer_names(); ++i) {
      const std::string& name = recorder_->layer_name(static_cast<std::int32_t>(i));
      if (name.empty()) continue;
      out.push_back(' ');
      append_int(out, static_cast<std::int64_t>(i));
      out.push_back('=');
      std::string safe = vcd_safe_name(name);
      for (char& c : safe) {
        if (c == '$' || c == '=') c = '_';  // would end the comment or split the pair
      }
      out.append(safe);
    }
    out.append(" $end\n");
  }
  out.append("$timescale " + vcd_timescale_text(tick_ps()) + " $end\n");
  std::vector<VcdVar> vars;
  vars.reserve(signals_.size());
  for (const auto& s : signals_) vars.push_back(s.var);
  append_vcd_declarations(out, vars);
  out.append("$enddefinitions $end\n#0\n$dumpvars\n");
  for (const auto& s : signals_) {
    if (s.x) {
      append_vcd_x(out, s.var.type, s.var.id);
    } else if (s.var.type == VcdVarType::kWire) {
      append_vcd_bit(out, false, s.var.id);
    } else if (s.var.type == VcdVarType::kInteger) {
      append_vcd_integer(out, 0, s.var.id);
    } else {
      append_vcd_real(out, 0.0, s.var.id);
    }
  }
  out.append("$end\n");
  file_.maybe_flush();
}

void VcdSink::set_int(int signal, std::int64_t v) {
  if (signal == kNoSignal) return;
  Signal& s = signals_[static_cast<std::size_t>(signal)];
  s.int_value = v;
  s.x = false;
  if (!s.dirty) {
    s.dirty = true;
    dirty_.push_back(signal);
  }
}

void VcdSink::set_real(int signal, double v) {
  if (signal == kNoSignal) return;
  Signal& s = signals_[static_cast<std::size_t>(signal)];
  s.real_value = v;
  s.x = false;
  if (!s.dirty) {
    s.dirty = true;
    dirty_.push_back(signal);
  }
}

void VcdSink::set_x(int signal) {
  if (signal == kNoSignal) return;
  Signal& s = signals_[static_cast<std::size_t>(signal)];
  s.x = true;
  if (!s.dirty) {
    s.dirty = true;
    dirty_.push_back(signal);
  }
}

void VcdSink::write_changes(std::int64_t tick) {
  TextBuffer& out = file_.buffer();
  bool stamped = false;
  std::sort(dirty_.begin(), dirty_.end());  // declaration order: same file for same changes
  for (int idx : dirty_) {
    Signal& s = signals_[static_cast<std::size_t>(idx)];
    s.dirty = false;
    const bool real = s.var.type == VcdVarType::kReal;
    bool changed = s.x != s.written_x;
    if (!changed && !s.x) {
      changed = real ? s.real_value != s.written_real : s.int_value != s.written_int;
    }
    if (!changed) continue;
    if (!stamped) {
      stamped = true;
      if (tick != last_stamp_) {
        out.push_back('#');
        append_int(out, tick);
        out.push_back('\n');
        last_stamp_ = tick;
      }
    }
    s.written_x = s.x;
    s.written_int = s.int_value;
    s.written_real = s.real_value;
    if (s.x) {
      append_vcd_x(out, s.var.type, s.var.id);
    } else if (s.var.type == VcdVarType::kWire) {
      append_vcd_bit(out, s.int_value != 0, s.var.id);
    } else if (s.var.type == VcdVarType::kInteger) {
      append_vcd_integer(out, s.int_value, s.var.id);
    } else {
      append_vcd_real(out, s.real_value, s.var.id);
    }
  }
  dirty_.clear();
}

void VcdSink::visit_time(std::int64_t t_ps) {
  enter_tick(t_ps, [this](std::int64_t tick) { write_changes(tick); });
}

void VcdSink::apply(const TimedEvent& te, int sign) {
  const Event& e = te.event;
  if (e.component >= components_.size()) return;  // registered after the header
  ComponentSignals& cs = components_[e.component];
  if (e.kind != EventKind::kStatic) {
    cs.active += sign;
    set_int(cs.busy, cs.active > 0 ? 1 : 0);
    if (e.unit > 0 && e.unit < cs.unit_active.size()) {
      cs.unit_active[e.unit] += sign;
      set_int(cs.unit_busy[e.unit], cs.unit_active[e.unit] > 0 ? 1 : 0);
    }
    if (sign > 0 && e.layer >= 0) set_int(cs.layer, e.layer);
    if (sign < 0 && cs.active == 0) set_x(cs.layer);
  }
  if (sign > 0 && e.kind == EventKind::kMvm) set_int(cs.mvm_count, ++cs.mvm_count_value);
  const std::int64_t pw =
      e.kind == EventKind::kStatic ? 0 : event_power_pw(e.energy.total(), te.duration_ps());
  if (pw != 0) {
    cs.power_pw += sign * pw;
    set_real(cs.power, pw_to_mw(cs.power_pw));
  }
}

void VcdSink::visit_start(const TimedEvent& te) {
  totals_.add(te.event);
  apply(te, +1);
}

void VcdSink::visit_end(const TimedEvent& te) {
  apply(te, -1);
}

void VcdSink::visit_counter(const CounterSample& s) {
  totals_.add(s);
  if (s.counter >= counter_signal_.size()) return;  // registered after the header
  const int sig = counter_signal_[s.counter];
  if (sig == kNoSignal) return;
  if (signals_[static_cast<std::size_t>(sig)].var.type == VcdVarType::kInteger) {
    set_int(sig, static_cast<std::int64_t>(s.value));
  } else {
    set_real(sig, s.value);
  }
}

}  // namespace kirchhoff::traces
