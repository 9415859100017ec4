// The booking calendar of one network resource (a link, an injection or an ejection port): the
// time intervals during which packets hold it. A packet asks for the earliest start at or after
// its head's arrival at which it can hold the resource for its flit train:
//  - with backfill, an idle gap before later bookings is used when the train fits in it (a
//    packet sent later but arriving earlier does not wait behind a booking far in the future:
//    older packets keep their bookings, younger ones fill the gaps);
//  - without backfill, it queues behind the last booking (busy-until).
// Intervals that end before a horizon are forgotten, so memory stays bounded by the traffic in
// flight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace kirchhoff::noc {

class ResourceCalendar {
 public:
  // Earliest start >= ready_ps at which [start, start + duration_ps) is free.
  std::int64_t earliest_start(std::int64_t ready_ps, std::int64_t duration_ps, bool backfill) const;
  // Books [start_ps, end_ps); it must be free (as returned by earliest_start).
  void book(std::int64_t start_ps, std::int64_t end_ps);
  // Forgets bookings that end at or before `horizon_ps`.
  void forget_before(std::int64_t horizon_ps);
  // End of the latest booking (0 when none).
  std::int64_t busy_until_ps() const { return iv_.size() > head_ ? iv_.back().second : 0; }
  std::size_t bookings() const { return iv_.size() - head_; }
  void clear() {
    iv_.clear();
    head_ = 0;
  }

 private:
  // Disjoint, sorted [start, end) intervals; touching ones are merged. iv_[0, head_) are dead.
  std::vector<std::pair<std::int64_t, std::int64_t>> iv_;
  std::size_t head_ = 0;
};

}  // namespace kirchhoff::noc
