#include "traces/recorder.h"

#include <exception>
#include <limits>
#include <stdexcept>

namespace kirchhoff::traces {

std::uint32_t Recorder::add_component(std::string name, std::string category, std::string group) {
  ComponentInfo info;
  info.group = group.empty() ? name : std::move(group);
  info.name = std::move(name);
  info.units.push_back(category);
  info.category = std::move(category);
  components_.push_back(std::move(info));
  totals_.per_component.emplace_back();
  return static_cast<std::uint32_t>(components_.size() - 1);
}

std::uint16_t Recorder::add_unit(std::uint32_t component, std::string name) {
  auto& units = components_.at(component).units;
  if (units.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw std::length_error("too many units in component " + components_[component].name);
  }
  units.push_back(std::move(name));
  return static_cast<std::uint16_t>(units.size() - 1);
}

std::uint32_t Recorder::add_counter(std::uint32_t component, std::string name, CounterType type) {
  (void)components_.at(component);
  counters_.push_back({component, std::move(name), type});
  return static_cast<std::uint32_t>(counters_.size() - 1);
}

const std::string& Recorder::unit_name(std::uint32_t component, std::uint16_t unit) const {
  const auto& c = components_.at(component);
  if (unit >= c.units.size()) {
    throw std::out_of_range("event on unit " + std::to_string(unit) + " of component " + c.name +
                            ", which has " + std::to_string(c.units.size()) + " units");
  }
  return c.units[unit];
}

void Recorder::set_layer_name(std::int32_t layer, std::string name) {
  if (layer < 0) throw std::out_of_range("layer id " + std::to_string(layer) + " cannot be named");
  const auto i = static_cast<std::size_t>(layer);
  if (layer_names_.size() <= i) layer_names_.resize(i + 1);
  layer_names_[i] = std::move(name);
}

const std::string& Recorder::layer_name(std::int32_t layer) const {
  static const std::string kNone;
  if (layer < 0 || static_cast<std::size_t>(layer) >= layer_names_.size()) return kNone;
  return layer_names_[static_cast<std::size_t>(layer)];
}

void Recorder::accumulate(const Event& e) {
  if (e.component >= components_.size()) {
    throw std::out_of_range("event on unknown component id " + std::to_string(e.component));
  }
  totals_.add(e);
  phase_totals_.add(e, bounds_);
}

void Recorder::dispatch(const Event& e) {
  if (finished_ || cancelled() || sink_error_)
    return;  // files are closed; still in totals(), so check_sink_totals shows it
  try {
    for (auto& s : sinks_) s->on_event(*this, e);
  } catch (...) {
    sink_error_ = std::current_exception();
  }
}

void Recorder::record_counter(const CounterSample& sample) {
  if (sample.counter >= counters_.size()) {
    throw std::out_of_range("sample of unknown counter id " + std::to_string(sample.counter));
  }
  totals_.add(sample);
  if (finished_ || cancelled() || sink_error_) return;
  try {
    for (auto& s : sinks_) s->on_counter(*this, sample);
  } catch (...) {
    sink_error_ = std::current_exception();
  }
}

void Recorder::cancel(const std::string& reason) {
  cancel_reason_ = reason.empty() ? std::string("run cancelled") : reason;
}

void Recorder::finish() {
  if (cancelled()) {
    finished_ = true;
    throw RunCancelled(cancel_reason_);
  }
  if (finished_) return;
  finished_ = true;
  if (sink_error_) std::rethrow_exception(sink_error_);  // nothing renamed into place
  // Every sink gets its chance to finish (and rename its file) even if another one fails;
  // the first failure is rethrown.
  std::exception_ptr first_error;
  for (auto& s : sinks_) {
    try {
      s->finish(*this);
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

std::vector<std::string> Recorder::check_sink_totals(double energy_rel_tol) const {
  std::vector<std::string> out;
  for (const auto& s : sinks_) {
    const Totals* t = s->totals();
    if (t == nullptr) continue;
    for (auto& d : compare_totals(totals_, *t, energy_rel_tol)) out.push_back(s->name() + ": " + d);
  }
  return out;
}

std::vector<std::string> Recorder::sink_warnings() const {
  std::vector<std::string> out;
  for (const auto& s : sinks_) {
    for (auto& w : s->warnings()) out.push_back(s->name() + ": " + w);
  }
  return out;
}

}  // namespace kirchhoff::traces
