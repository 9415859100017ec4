// The FIFO input buffer of one router port under credit-based wormhole flow control, as the
// booking model needs it: for the last packets that went through it, when their flits left.
// A flit may enter the buffer only once the flit `depth` places ahead of it has left (one credit
// per flit slot); a head may leave only after the previous packet's tail (FIFO, one virtual
// channel). Packets pass a buffer in send order (finite buffers exclude backfill), so the
// history of committed packets is all a new packet needs.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace kirchhoff::noc {

class InputBuffer {
 public:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();

  // How a packet's flits left the buffer: the earliest of its downstream resources started at
  // `first_out_ps` (head leaves), the latest was released at `last_out_ps` (tail gone). The
  // first `depth` flits follow the head into the next buffer at once (first_out + j x flit_ps);
  // under back-pressure the others, and always the tail, leave as late as the tail allows:
  // max(first_out + j x flit_ps, last_out - (flits - j) x flit_ps).
  struct Departure {
    std::int64_t first_out_ps;
    std::int64_t last_out_ps;
    int flits;
    std::int64_t flit_ps;
  };

  // Time the flit `places` positions ahead of the next packet's head left (1 = the previous
  // packet's tail); kNever when no such flit is remembered (the buffer was empty then).
  std::int64_t departure_ps(int places) const {
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      if (places <= it->flits) {
        const int j = it->flits - places;
        const std::int64_t early = it->first_out_ps + j * it->flit_ps;
        if (j < depth_ && j < it->flits - 1) return early;
        const std::int64_t late = it->last_out_ps - (it->flits - j) * it->flit_ps;
        return early > late ? early : late;
      }
      places -= it->flits;
    }
    return kNever;
  }
  // The previous packet's tail has left (its last downstream resource released); kNever if none.
  std::int64_t last_tail_out_ps() const {
    return history_.empty() ? kNever : history_.back().last_out_ps;
  }

  // Records a packet; keeps only the packets that `depth` flit places reach back to.
  void push(const Departure& d, int depth) {
    depth_ = depth;
    history_.push_back(d);
    int kept = 0;
    std::size_t first = history_.size();
    while (first > 0 && kept < depth) kept += history_[--first].flits;
    if (first > 0) history_.erase(history_.begin(), history_.begin() + static_cast<long>(first));
  }
  void clear() { history_.clear(); }

 private:
  std::vector<Departure> history_;  // oldest first
  int depth_ = 0;
};

}  // namespace kirchhoff::noc
