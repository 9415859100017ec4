#include "traces/time_ordered_stream.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace kirchhoff::traces {

TimeOrderedStream::TimeOrderedStream(std::int64_t reorder_window_ps)
    : window_ps_(reorder_window_ps) {
  if (reorder_window_ps < 0) {
    throw std::invalid_argument("reorder window must be >= 0 ps, got " +
                                std::to_string(reorder_window_ps));
  }
}

std::int64_t TimeOrderedStream::admit(std::int64_t time_ps) {
  if (time_ps >= released_until_ps_) return time_ps;
  ++late_items_;
  max_lateness_ps_ = std::max(max_lateness_ps_, released_until_ps_ - time_ps);
  return released_until_ps_;
}

void TimeOrderedStream::note_start(std::int64_t time_ps) {
  if (clocked_ || time_ps <= latest_start_ps_) return;
  latest_start_ps_ = time_ps;
  // Saturating subtraction: the horizon never goes below 0 nor decreases.
  const std::int64_t h = time_ps > window_ps_ ? time_ps - window_ps_ : 0;
  horizon_ps_ = std::max(horizon_ps_, h);
}

void TimeOrderedStream::advance_clock(std::int64_t now_ps) {
  clocked_ = true;
  const std::int64_t h = now_ps > window_ps_ ? now_ps - window_ps_ : 0;
  horizon_ps_ = std::max(horizon_ps_, h);
}

void TimeOrderedStream::push(const Event& event) {
  TimedEvent e{event, 0, 0, false, seq_++};
  const std::int64_t end = event.start_ps + std::max<std::int64_t>(event.duration_ps, 0);
  e.start_ps = admit(event.start_ps);
  e.late = e.start_ps != event.start_ps;
  e.end_ps = std::max(end, e.start_ps);
  note_start(event.start_ps);
  starts_.push(e);
}

void TimeOrderedStream::push(const CounterSample& sample) {
  TimedCounter c{sample, seq_++};
  c.sample.time_ps = admit(sample.time_ps);
  note_start(sample.time_ps);
  counters_.push(c);
}

}  // namespace kirchhoff::traces
