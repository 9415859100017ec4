// The samples one chip of a multi-chip pipeline receives from the chip before it (system/): the
// upstream chip's link delivers sample s's values with the time they arrive at this chip's
// off-chip port; this chip's WorkloadHost takes them in sample order once they are there
// (WorkloadHost::set_upstream). Lives during elaboration and simulation.
#pragma once

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
  // Called in simulation by the upstream side; wakes the receiving host.
  void deliver(int sample, std::vector<float> values, sc_core::sc_time at) {
    arrived_[sample] = {at, std::move(values)};
    event_.notify(sc_core::SC_ZERO_TIME);
  }
  // Sample s's arrival, moved out; false when it has not been delivered yet.
  bool take(int sample, Arrival& a) {
    auto it = arrived_.find(sample);
    if (it == arrived_.end()) return false;
    a = std::move(it->second);
    arrived_.erase(it);
    return true;
  }
  const sc_core::sc_event& event() const { return event_; }

 private:
  std::map<int, Arrival> arrived_;
  sc_core::sc_event event_;
};

}  // namespace kirchhoff
