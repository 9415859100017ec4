#include "interconnect/resource_calendar.h"

#include <algorithm>

namespace kirchhoff::noc {
namespace {

// Dead entries at the front are erased once there are this many and they are half the vector.
constexpr std::size_t kCompactAfter = 64;

}  // namespace

std::int64_t ResourceCalendar::earliest_start(std::int64_t ready_ps, std::int64_t duration_ps,
                                              bool backfill) const {
  if (iv_.size() == head_ || ready_ps >= iv_.back().second) return ready_ps;  // idle from ready
  if (!backfill) return iv_.back().second;
  // First booking that ends after ready (ends are sorted as the intervals are disjoint).
  auto it = std::upper_bound(iv_.begin() + static_cast<std::ptrdiff_t>(head_), iv_.end(), ready_ps,
                             [](std::int64_t t, const auto& iv) { return t < iv.second; });
  std::int64_t start = ready_ps;
  for (; it != iv_.end(); ++it) {
    if (start + duration_ps <= it->first) return start;  // fits in the gap before this booking
    start = std::max(start, it->second);
  }
  return start;
}

void ResourceCalendar::book(std::int64_t start_ps, std::int64_t end_ps) {
  if (end_ps <= start_ps) return;
  // Common case: after every booking.
  if (iv_.size() == head_ || start_ps >= iv_.back().second) {
    if (iv_.size() > head_ && iv_.back().second == start_ps) {
      iv_.back().second = end_ps;
    } else {
      iv_.emplace_back(start_ps, end_ps);
    }
    return;
  }
  auto it = std::upper_bound(iv_.begin() + static_cast<std::ptrdiff_t>(head_), iv_.end(), start_ps,
                             [](std::int64_t t, const auto& iv) { return t < iv.first; });
  // `it` is the first booking starting after start_ps; merge with the neighbours it touches.
  const bool touch_prev =
      it != iv_.begin() + static_cast<std::ptrdiff_t>(head_) && std::prev(it)->second == start_ps;
  const bool touch_next = it != iv_.end() && it->first == end_ps;
  if (touch_prev && touch_next) {
    std::prev(it)->second = it->second;
    iv_.erase(it);
  } else if (touch_prev) {
    std::prev(it)->second = end_ps;
  } else if (touch_next) {
    it->first = start_ps;
  } else {
    iv_.emplace(it, start_ps, end_ps);
  }
}

void ResourceCalendar::forget_before(std::int64_t horizon_ps) {
  while (head_ < iv_.size() && iv_[head_].second <= horizon_ps) ++head_;
  if (head_ >= kCompactAfter && 2 * head_ >= iv_.size()) {
    iv_.erase(iv_.begin(), iv_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

}  // namespace kirchhoff::noc
