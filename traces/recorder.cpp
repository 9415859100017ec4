#include "traces/recorder.h"

#include <algorithm>

namespace kirchhoff::traces {

std::uint32_t Recorder::add_component(std::string name, std::string category) {
  components_.push_back({std::move(name), std::move(category)});
  totals_.per_component.emplace_back();
  return static_cast<std::uint32_t>(components_.size() - 1);
}

void Recorder::accumulate(const Event& e) {
  totals_.energy += e.energy;
  totals_.events[static_cast<std::size_t>(e.kind)]++;
  totals_.ops += e.ops;
  totals_.bytes += e.bytes;
  totals_.end_ps = std::max(totals_.end_ps, e.start_ps + e.duration_ps);
  auto& c = totals_.per_component.at(e.component);
  c.energy += e.energy;
  c.events++;
  if (e.kind != EventKind::kStatic) c.busy_ps += e.duration_ps;
}

void Recorder::dispatch(const Event& e) {
  for (auto& s : sinks_) s->on_event(*this, e);
}

void Recorder::finish() {
  if (finished_) return;
  finished_ = true;
  for (auto& s : sinks_) s->finish(*this);
}

}  // namespace kirchhoff::traces
