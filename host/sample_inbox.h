// The samples one chip of a multi-chip pipeline receives from the chips before it (system/):
// each of its `parts` (one per tensor crossing into it from another chip, in the order of its
// input: compiler/system_cuts.h) is delivered by its sender's link with the time it arrives at
// this chip's off-chip port; this chip's WorkloadHost takes sample s once every part of it is
// there (WorkloadHost::set_upstream), in sample order: the parts concatenated, at the latest
// arrival. Lives during elaboration and simulation.
#pragma once

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include <systemc>

namespace kirchhoff {

class SampleInbox {
 public:
  struct Arrival {
    sc_core::sc_time at;  // at the off-chip port (never before the time it was delivered)
    std::vector<float> values;
  };
  explicit SampleInbox(int parts = 1) : parts_(parts) {}
  // Called in simulation by the upstream side; wakes the receiving host once the sample is
  // complete.
  void deliver(int sample, std::vector<float> values, sc_core::sc_time at, int part = 0) {
    std::vector<Arrival>& a = arrived_[sample];
    a.resize(static_cast<std::size_t>(parts_));
    a[static_cast<std::size_t>(part)] = {at, std::move(values)};
    if (++parts_in_[sample] == parts_) event_.notify(sc_core::SC_ZERO_TIME);
  }
  // Sample s's arrival (its parts concatenated), moved out; false when a part is missing.
  bool take(int sample, Arrival& a) {
    auto it = arrived_.find(sample);
    if (it == arrived_.end() || parts_in_[sample] < parts_) return false;
    a = std::move(it->second[0]);
    for (std::size_t p = 1; p < it->second.size(); ++p) {
      a.at = std::max(a.at, it->second[p].at);
      a.values.insert(a.values.end(), it->second[p].values.begin(), it->second[p].values.end());
    }
    arrived_.erase(it);
    parts_in_.erase(sample);
    return true;
  }
  const sc_core::sc_event& event() const { return event_; }

 private:
  int parts_;
  std::map<int, std::vector<Arrival>> arrived_;
  std::map<int, int> parts_in_;
  sc_core::sc_event event_;
};

}  // namespace kirchhoff
