#include "traces/perfetto_sink.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "traces/power_fixed_point.h"
#include "traces/text_format.h"

namespace kirchhoff::traces {

namespace {

constexpr std::int64_t kPsPerNs = 1000;
constexpr int kUsDecimals = 3;  // ts/dur in us with ns precision
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr double kMwPerPjPerPs = 1e3;       // 1 pJ/ps = 1 W
constexpr std::int64_t kStaticSlot = 1023;  // thread order: static after the units
constexpr std::int64_t kLanesPerSlot = 64;

std::int64_t to_ns(std::int64_t ps) {
  return floor_div(ps, kPsPerNs);
}

void append_json_number(TextBuffer& out, double v) {
  append_double(out, std::isfinite(v) ? v : 0.0);  // JSON has no NaN or infinity
}

}  // namespace

PerfettoSink::PerfettoSink(std::string path, std::int64_t reorder_window_ps)
    : OrderedSink(reorder_window_ps, kPsPerNs, "they are drawn from the earliest time still open"),
      file_(std::move(path)) {
  file_.write(
      "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"kirchhoff traces\"},"
      "\"traceEvents\":[");
}

void PerfettoSink::begin_record() {
  TextBuffer& out = file_.buffer();
  out.append(first_record_ ? "\n" : ",\n");
  first_record_ = false;
}

void PerfettoSink::write_metadata(const char* what, int pid, int tid, const std::string& key,
                                  const std::string* text, std::int64_t number) {
  begin_record();
  TextBuffer& out = file_.buffer();
  out.append("{\"ph\":\"M\",\"name\":\"");
  out.append(what);
  out.append("\",\"pid\":");
  append_int(out, pid);
  if (tid != 0) {
    out.append(",\"tid\":");
    append_int(out, tid);
  }
  out.append(",\"args\":{");
  append_json_string(out, key);
  out.push_back(':');
  if (text != nullptr) {
    append_json_string(out, *text);
  } else {
    append_int(out, number);
  }
  out.append("}}");
}

void PerfettoSink::on_event(const Recorder& recorder, const Event& event) {
  recorder_ = &recorder;
  (void)recorder.unit_name(event.component, event.unit);  // validates the ids now
  if (event.kind == EventKind::kStatic) {
    // Static energy is often recorded at the end of the run for the whole run: draw it at its
    // true times at once, on the static thread, not through the time ordering.
    const std::int64_t end = event.start_ps + std::max<std::int64_t>(event.duration_ps, 0);
    write_slice(TimedEvent{event, event.start_ps, end, false, 0});
    return;
  }
  stream_.push(event);
  release_ready();
}

void PerfettoSink::after_release(std::int64_t /*until_ps*/) {
  // Ticks are whole ns, so that counter values are written once per tick.
  write_current_tick([this](std::int64_t tick_ns) { write_counters(tick_ns); });
  file_.maybe_flush();
}

void PerfettoSink::finish(const Recorder& recorder) {
  recorder_ = &recorder;
  release_all();
  write_current_tick([this](std::int64_t tick_ns) { write_counters(tick_ns); });
  file_.write("\n]}\n");
  file_.commit();
}

int PerfettoSink::process_for(const std::string& group) {
  auto it = pid_by_group_.find(group);
  if (it != pid_by_group_.end()) return it->second;
  // pid = 1 + the first component of the group, so that processes keep registration order
  // whatever order their events come in.
  std::uint32_t first = 0;
  while (recorder_->component(first).group != group) ++first;
  const int pid = static_cast<int>(first) + 1;
  pid_by_group_.emplace(group, pid);
  write_metadata("process_name", pid, 0, "name", &group, 0);
  write_metadata("process_sort_index", pid, 0, "sort_index", nullptr, pid);
  Channel power;
  power.pid = pid;
  power.name = "power_mW";
  power.is_power = true;
  if (power_channel_by_pid_.size() < static_cast<std::size_t>(pid)) {
    power_channel_by_pid_.resize(recorder_->num_components(), kNone);
  }
  power_channel_by_pid_[static_cast<std::size_t>(pid - 1)] = channels_.size();
  channels_.push_back(power);
  return pid;
}

PerfettoSink::ComponentState& PerfettoSink::component_state(std::uint32_t id) {
  if (id >= components_.size()) components_.resize(recorder_->num_components());
  ComponentState& c = components_[id];
  if (c.pid == 0) c.pid = process_for(recorder_->component(id).group);
  return c;
}

std::string PerfettoSink::thread_base_name(std::uint32_t component, std::uint16_t unit,
                                           bool is_static) const {
  const ComponentInfo& c = recorder_->component(component);
  std::string prefix;  // the component's name inside its group, when it is not the group
  if (c.name != c.group) {
    if (c.name.size() > c.group.size() + 1 && c.name.compare(0, c.group.size(), c.group) == 0 &&
        c.name[c.group.size()] == '.') {
      prefix = c.name.substr(c.group.size() + 1);
    } else {
      prefix = c.name;
    }
  }
  std::string leaf = is_static ? std::string("static") : c.units.at(unit);
  if (prefix.empty()) return leaf;
  if (!is_static && unit == 0) return prefix;
  return prefix + "/" + leaf;
}

int PerfettoSink::lane_tid(std::uint32_t component, std::uint16_t unit, bool is_static,
                           std::size_t lane, Track& track) {
  while (track.lanes.size() <= lane) {
    Lane l;
    l.tid = next_tid_++;
    const std::size_t index = track.lanes.size();
    std::string name = thread_base_name(component, unit, is_static);
    if (index > 0) {
      name += " #" + std::to_string(index + 1);
      ++overflow_threads_;
    }
    const int pid = components_[component].pid;
    // Threads in order of component (within the group), unit (static last), lane.
    const std::int64_t rank = static_cast<std::int64_t>(component) - (pid - 1);
    const std::int64_t slot = is_static ? kStaticSlot : std::min<std::int64_t>(unit, kStaticSlot);
    const std::int64_t sort =
        (rank * (kStaticSlot + 1) + slot) * kLanesPerSlot +
        std::min<std::int64_t>(static_cast<std::int64_t>(index), kLanesPerSlot - 1);
    write_metadata("thread_name", pid, l.tid, "name", &name, 0);
    write_metadata("thread_sort_index", pid, l.tid, "sort_index", nullptr, sort);
    track.lanes.push_back(std::move(l));
  }
  return track.lanes[lane].tid;
}

void PerfettoSink::visit_time(std::int64_t t_ps) {
  enter_tick(t_ps, [this](std::int64_t tick_ns) { write_counters(tick_ns); });
}

void PerfettoSink::visit_start(const TimedEvent& te) {
  write_slice(te);
  add_power(te, +1);
}

void PerfettoSink::write_slice(const TimedEvent& te) {
  const Event& e = te.event;
  totals_.add(e);
  ComponentState& c = component_state(e.component);
  const bool is_static = e.kind == EventKind::kStatic;
  if (!is_static && e.unit >= c.units.size()) {
    c.units.resize(recorder_->component(e.component).units.size());
  }
  Track& track = is_static ? c.static_track : c.units[e.unit];

  const std::int64_t s = to_ns(te.start_ps);
  const std::int64_t end = to_ns(te.end_ps);
  std::size_t lane = 0;
  if (is_static) {
    // Static slices arrive in any order: a lane takes a slice that starts after everything
    // already on it (its one entry is the latest end).
    for (; lane < track.lanes.size(); ++lane) {
      auto& last = track.lanes[lane].open_end_ns;
      if (last.empty() || last.back() <= s) break;
    }
    (void)lane_tid(e.component, e.unit, is_static, lane, track);
    auto& last = track.lanes[lane].open_end_ns;
    last.assign(1, end);
  } else {
    // Nesting repair: the first lane whose open slices enclose this one.
    for (;; ++lane) {
      if (lane == track.lanes.size()) break;  // a new lane: nothing open there
      auto& open = track.lanes[lane].open_end_ns;
      while (!open.empty() && open.back() <= s) open.pop_back();
      if (open.empty() || end <= open.back()) break;
    }
    (void)lane_tid(e.component, e.unit, is_static, lane, track);
    track.lanes[lane].open_end_ns.push_back(end);
  }
  const int tid = track.lanes[lane].tid;

  begin_record();
  TextBuffer& out = file_.buffer();
  out.append("{\"ph\":\"X\",\"pid\":");
  append_int(out, c.pid);
  out.append(",\"tid\":");
  append_int(out, tid);
  out.append(",\"ts\":");
  append_fixed(out, s, kUsDecimals);
  out.append(",\"dur\":");
  append_fixed(out, end - s, kUsDecimals);
  out.append(",\"name\":\"");
  out.append(to_string(e.kind));
  out.append("\",\"cat\":");
  append_json_string(out, recorder_->component(e.component).category);
  out.append(",\"args\":{");
  if (e.sample >= 0) {
    out.append("\"sample\":");
    append_int(out, e.sample);
    out.push_back(',');
  }
  if (e.layer >= 0) {
    out.append("\"layer\":");
    append_int(out, e.layer);
    out.push_back(',');
    const std::string& layer_name = recorder_->layer_name(e.layer);
    if (!layer_name.empty()) {
      out.append("\"layer_name\":");
      append_json_string(out, layer_name);
      out.push_back(',');
    }
  }
  if (e.bytes != 0) {
    out.append("\"bytes\":");
    append_uint(out, e.bytes);
    out.push_back(',');
  }
  if (e.ops != 0) {
    out.append("\"ops\":");
    append_uint(out, e.ops);
    out.push_back(',');
  }
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    if (e.energy.pj[i] == 0.0) continue;
    out.push_back('"');
    out.append(to_string(static_cast<EnergyCategory>(i)));
    out.append("_pj\":");
    append_json_number(out, e.energy.pj[i]);
    out.push_back(',');
  }
  if (te.late) {
    out.append("\"late\":true,\"recorded_start_us\":");
    append_fixed(out, to_ns(e.start_ps), kUsDecimals);
    out.push_back(',');
  }
  out.append("\"energy_pj\":");
  append_json_number(out, e.energy.total());
  out.append("}}");
}

void PerfettoSink::visit_end(const TimedEvent& te) {
  add_power(te, -1);
}

void PerfettoSink::add_power(const TimedEvent& te, int sign) {
  const std::int64_t pw = event_power_pw(te.event.energy.total(), te.duration_ps());
  if (pw == 0) return;
  const ComponentState& c = components_[te.event.component];
  const std::size_t ch = power_channel_by_pid_[static_cast<std::size_t>(c.pid - 1)];
  Channel& channel = channels_[ch];
  channel.power_pw += sign * pw;
  channel.value = pw_to_mw(channel.power_pw);
  mark_dirty(ch);
}

void PerfettoSink::visit_counter(const CounterSample& s) {
  totals_.add(s);
  if (s.counter >= counter_channel_.size()) {
    counter_channel_.resize(recorder_->num_counters(), kNone);
  }
  std::size_t ch = counter_channel_[s.counter];
  if (ch == kNone) {
    const CounterInfo& k = recorder_->counter(s.counter);
    const ComponentInfo& owner = recorder_->component(k.component);
    Channel channel;
    channel.pid = component_state(k.component).pid;
    channel.name = owner.name == owner.group ? k.name : owner.name + "." + k.name;
    ch = channels_.size();
    channels_.push_back(channel);
    counter_channel_[s.counter] = ch;
  }
  channels_[ch].value = s.value;
  mark_dirty(ch);
}

void PerfettoSink::mark_dirty(std::size_t ch) {
  if (channels_[ch].dirty) return;
  channels_[ch].dirty = true;
  dirty_.push_back(ch);
}

void PerfettoSink::write_counters(std::int64_t tick_ns) {
  std::sort(dirty_.begin(), dirty_.end());  // same file for the same changes
  for (std::size_t ch : dirty_) {
    Channel& c = channels_[ch];
    c.dirty = false;
    if (c.ever_written && c.value == c.written) continue;
    c.written = c.value;
    c.ever_written = true;
    begin_record();
    TextBuffer& out = file_.buffer();
    out.append("{\"ph\":\"C\",\"pid\":");
    append_int(out, c.pid);
    out.append(",\"name\":");
    append_json_string(out, c.name);
    out.append(",\"ts\":");
    append_fixed(out, tick_ns, kUsDecimals);
    out.append(",\"args\":{\"value\":");
    append_json_number(out, c.value);
    out.append("}}");
  }
  dirty_.clear();
}

}  // namespace kirchhoff::traces
