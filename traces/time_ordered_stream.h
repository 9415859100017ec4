// Puts events back into time order for the sinks that need it (timeline, VCD, power).
//
// With temporal decoupling, modules record events roughly but not strictly in time order: a
// module may run up to one quantum ahead of another, and a resource may book work a little in
// the future. The stream assumes that no item arrives more than `reorder_window_ps` before the
// recording clock: the simulation's time when it is given (advance_clock), else the latest
// start seen so far. It holds items in a min-heap and releases, in time order, those earlier
// than the horizon = (clock) - (reorder window). Memory is bounded by the events that start
// within one window, the events still running (their end edges) and the work booked ahead of
// the clock. With the latest start as the clock, one item booked far ahead (a tile's
// recalibration queued behind programming) moves the horizon past what other modules still
// record at the current time, and those arrive late: give the simulation's clock.
//
// An item that arrives after its time was already released (more out of order than the
// window allows) is not dropped: it is moved to the earliest time not yet released (an event
// keeps its end, so its duration shrinks; to zero if it had already ended), flagged `late`
// and counted, so the outputs stay valid, energy is conserved, and the user is told.
// Negative times are treated the same way (released time starts at 0).
#pragma once

#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

#include "traces/event.h"

namespace kirchhoff::traces {

// An event as the stream releases it: the event as recorded, and the times to draw it at.
struct TimedEvent {
  Event event;            // as recorded (for totals and details)
  std::int64_t start_ps;  // == event.start_ps unless late
  std::int64_t end_ps;    // == event.end_ps() unless late and it had already ended
  bool late = false;
  std::uint64_t seq = 0;  // arrival order, breaks ties
  std::int64_t duration_ps() const { return end_ps - start_ps; }
};

class TimeOrderedStream {
 public:
  static constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

  explicit TimeOrderedStream(std::int64_t reorder_window_ps);

  void push(const Event& event);
  void push(const CounterSample& sample);

  // The simulation's time: from the first call on, the horizon follows now_ps - window (never
  // decreasing) instead of the latest start.
  void advance_clock(std::int64_t now_ps);

  // No item pushed from now on is expected before this time (never decreases).
  std::int64_t horizon_ps() const { return horizon_ps_; }
  // Everything before this time has been released.
  std::int64_t released_until_ps() const { return released_until_ps_; }

  // Releases, in time order, every event start, event end and counter sample earlier than
  // until_ps (use horizon_ps(), rounded down as the sink needs, or kForever at the end).
  // Visitor interface:
  //   void visit_time(std::int64_t t_ps);         // before the first item at a new time
  //   void visit_start(const TimedEvent& e);
  //   void visit_end(const TimedEvent& e);        // every start gets its end, at end_ps
  //   void visit_counter(const CounterSample& s);
  // At one time: ends first, then counter samples, then starts, longer events first (so an
  // enclosing event comes before the events it encloses), then in arrival order.
  template <typename Visitor>
  void release(std::int64_t until_ps, Visitor& visitor);

  std::size_t pending() const { return starts_.size() + ends_.size() + counters_.size(); }
  std::uint64_t late_items() const { return late_items_; }
  // The largest amount by which an item was later than allowed.
  std::int64_t max_lateness_ps() const { return max_lateness_ps_; }
  std::int64_t reorder_window_ps() const { return window_ps_; }

 private:
  struct LaterStart {
    bool operator()(const TimedEvent& a, const TimedEvent& b) const {
      if (a.start_ps != b.start_ps) return a.start_ps > b.start_ps;
      if (a.end_ps != b.end_ps) return a.end_ps < b.end_ps;  // longer first
      return a.seq > b.seq;
    }
  };
  struct LaterEnd {
    bool operator()(const TimedEvent& a, const TimedEvent& b) const {
      if (a.end_ps != b.end_ps) return a.end_ps > b.end_ps;
      return a.seq > b.seq;
    }
  };
  struct TimedCounter {
    CounterSample sample;
    std::uint64_t seq;
  };
  struct LaterCounter {
    bool operator()(const TimedCounter& a, const TimedCounter& b) const {
      if (a.sample.time_ps != b.sample.time_ps) return a.sample.time_ps > b.sample.time_ps;
      return a.seq > b.seq;
    }
  };

  std::int64_t admit(std::int64_t time_ps);  // clamps and counts late items
  void note_start(std::int64_t time_ps);

  std::int64_t window_ps_;
  std::int64_t latest_start_ps_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t horizon_ps_ = 0;
  bool clocked_ = false;  // advance_clock was called: starts no longer move the horizon
  std::int64_t released_until_ps_ = 0;
  std::int64_t current_time_ps_ = std::numeric_limits<std::int64_t>::min();
  std::uint64_t seq_ = 0;
  std::uint64_t late_items_ = 0;
  std::int64_t max_lateness_ps_ = 0;
  std::priority_queue<TimedEvent, std::vector<TimedEvent>, LaterStart> starts_;
  std::priority_queue<TimedEvent, std::vector<TimedEvent>, LaterEnd> ends_;
  std::priority_queue<TimedCounter, std::vector<TimedCounter>, LaterCounter> counters_;
};

template <typename Visitor>
void TimeOrderedStream::release(std::int64_t until_ps, Visitor& visitor) {
  if (until_ps <= released_until_ps_) return;
  for (;;) {
    // Pick the earliest of the three heads; at equal times ends < counters < starts.
    int which = -1;
    std::int64_t t = until_ps;
    if (!ends_.empty() && ends_.top().end_ps < t) {
      which = 0;
      t = ends_.top().end_ps;
    }
    if (!counters_.empty() && counters_.top().sample.time_ps < t) {
      which = 1;
      t = counters_.top().sample.time_ps;
    }
    if (!starts_.empty() && starts_.top().start_ps < t) {
      which = 2;
      t = starts_.top().start_ps;
    }
    if (which < 0) break;
    if (t != current_time_ps_) {
      current_time_ps_ = t;
      visitor.visit_time(t);
    }
    if (which == 0) {
      const TimedEvent e = ends_.top();
      ends_.pop();
      visitor.visit_end(e);
    } else if (which == 1) {
      const CounterSample s = counters_.top().sample;
      counters_.pop();
      visitor.visit_counter(s);
    } else {
      const TimedEvent e = starts_.top();
      starts_.pop();
      visitor.visit_start(e);
      ends_.push(e);
    }
  }
  released_until_ps_ = until_ps;
}

}  // namespace kirchhoff::traces
