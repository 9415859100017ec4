#include "traces/totals.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace kirchhoff::traces {

void Totals::add(const Event& e) {
  energy += e.energy;
  events[static_cast<std::size_t>(e.kind)]++;
  ops += e.ops;
  bytes += e.bytes;
  end_ps = std::max(end_ps, e.start_ps + e.duration_ps);
  if (e.component >= per_component.size()) per_component.resize(e.component + 1);
  auto& c = per_component[e.component];
  c.energy += e.energy;
  c.events++;
  if (e.kind != EventKind::kStatic) c.busy_ps += e.duration_ps;
  if (e.kind == EventKind::kMvm) {
    c.mvms++;
    c.mvm_ps += e.duration_ps;
  }
}

void Totals::add(const CounterSample& /*sample*/) {
  counter_samples++;
}

std::uint64_t Totals::total_events() const {
  std::uint64_t n = 0;
  for (auto v : events) n += v;
  return n;
}

namespace {

bool energy_close(double a, double b, double rel_tol) {
  if (a == b) return true;
  return std::fabs(a - b) <= rel_tol * std::max(std::fabs(a), std::fabs(b));
}

void compare_energy(const std::string& where, const EnergyPj& a, const EnergyPj& b, double rel_tol,
                    std::vector<std::string>& out) {
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    if (!energy_close(a.pj[i], b.pj[i], rel_tol)) {
      std::ostringstream s;
      s.precision(17);
      s << where << " energy." << to_string(static_cast<EnergyCategory>(i)) << "_pj: expected "
        << a.pj[i] << ", got " << b.pj[i];
      out.push_back(s.str());
    }
  }
}

template <typename T>
void compare_value(const std::string& what, T a, T b, std::vector<std::string>& out) {
  if (a != b) {
    std::ostringstream s;
    s << what << ": expected " << a << ", got " << b;
    out.push_back(s.str());
  }
}

}  // namespace

std::vector<std::string> compare_totals(const Totals& expected, const Totals& actual,
                                        double energy_rel_tol) {
  std::vector<std::string> out;
  compare_energy("total", expected.energy, actual.energy, energy_rel_tol, out);
  for (std::size_t k = 0; k < kNumEventKinds; ++k) {
    compare_value("events." + std::string(to_string(static_cast<EventKind>(k))), expected.events[k],
                  actual.events[k], out);
  }
  compare_value("ops", expected.ops, actual.ops, out);
  compare_value("bytes", expected.bytes, actual.bytes, out);
  compare_value("end_ps", expected.end_ps, actual.end_ps, out);
  compare_value("counter_samples", expected.counter_samples, actual.counter_samples, out);
  const std::size_t n = std::max(expected.per_component.size(), actual.per_component.size());
  const Totals::PerComponent none;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = i < expected.per_component.size() ? expected.per_component[i] : none;
    const auto& b = i < actual.per_component.size() ? actual.per_component[i] : none;
    const std::string where = "component[" + std::to_string(i) + "]";
    compare_energy(where, a.energy, b.energy, energy_rel_tol, out);
    compare_value(where + ".events", a.events, b.events, out);
    compare_value(where + ".busy_ps", a.busy_ps, b.busy_ps, out);
    compare_value(where + ".mvms", a.mvms, b.mvms, out);
    compare_value(where + ".mvm_ps", a.mvm_ps, b.mvm_ps, out);
  }
  return out;
}

}  // namespace kirchhoff::traces
