// The start of inference in a multi-chip system (system/): each chip's WorkloadHost arrives once
// its own weights are programmed and waits for the last chip, so every chip's inference span
// starts at the same time and no sample waits at a chip that is still being programmed (that
// wait would count as the sample's latency and as the chip's inference static energy).
#pragma once

#include <systemc>

namespace kirchhoff {

class StartBarrier {
 public:
  explicit StartBarrier(int parties) : parties_(parties) {}
  // From a SystemC thread: returns when all `parties` have arrived.
  void arrive_and_wait() {
    if (++arrived_ >= parties_) {
      all_.notify();  // immediate: wakes the parties waiting now
      return;
    }
    sc_core::wait(all_);
  }

 private:
  int parties_;
  int arrived_ = 0;
  sc_core::sc_event all_;
};

}  // namespace kirchhoff
