// What the time-ordered sinks (timeline, VCD, power) share: events and counter samples go
// through a TimeOrderedStream (see there) and are released as far as the reorder window allows
// behind the recorder's clock (Recorder::set_clock; else behind the latest start),
// in whole ticks, so that a tick is never split between two releases and each tick's changes
// are written once (timeline: 1 ns; VCD: its timescale; power.csv: 1 ps, i.e. no rounding).
// It also keeps the totals of what the sink wrote and warns about items later than the window.
//
// A sink derives from OrderedSink<itself> (CRTP: no virtual call per released item), befriends
// it and TimeOrderedStream, and provides
//   void visit_time/visit_start/visit_end/visit_counter(...)  the TimeOrderedStream visitor
//   void before_release()                       before each release (e.g. write the header)
//   void after_release(std::int64_t until_ps)   after each release up to until_ps
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "traces/recorder.h"
#include "traces/text_format.h"
#include "traces/time_ordered_stream.h"
#include "traces/totals.h"

namespace kirchhoff::traces {

// The warning for the items of `stream` that arrived later than its reorder window allows
// (none when there were none); `consequence` says what the sink did with them.
std::vector<std::string> late_item_warnings(const TimeOrderedStream& stream,
                                            const std::string& consequence);

template <typename Derived>
class OrderedSink : public Sink {
 public:
  void on_counter(const Recorder& recorder, const CounterSample& sample) override {
    recorder_ = &recorder;
    stream_.push(sample);
    release_ready();
  }
  const Totals* totals() const override { return &totals_; }
  std::vector<std::string> warnings() const override {
    return late_item_warnings(stream_, late_consequence_);
  }
  std::uint64_t late_events() const { return stream_.late_items(); }

 protected:
  OrderedSink(std::int64_t reorder_window_ps, std::int64_t tick_ps, std::string late_consequence)
      : stream_(reorder_window_ps),
        tick_ps_(tick_ps),
        late_consequence_(std::move(late_consequence)) {}

  // Releases the whole ticks before the stream's horizon, if there are new ones.
  void release_ready() {
    if (recorder_ != nullptr && recorder_->has_clock()) stream_.advance_clock(recorder_->now_ps());
    const std::int64_t until = floor_div(stream_.horizon_ps(), tick_ps_) * tick_ps_;
    if (until <= stream_.released_until_ps()) return;
    Derived& sink = static_cast<Derived&>(*this);
    sink.before_release();
    stream_.release(until, sink);
    sink.after_release(until);
  }
  std::int64_t tick_ps() const { return tick_ps_; }

  // Releases everything still held (finish).
  void release_all() { stream_.release(TimeOrderedStream::kForever, static_cast<Derived&>(*this)); }

  // For visit_time: moves to the tick holding t_ps; when that is a new tick, the tick being
  // left (if any) is passed to write_tick first.
  template <typename WriteTick>
  void enter_tick(std::int64_t t_ps, WriteTick&& write_tick) {
    const std::int64_t tick = floor_div(t_ps, tick_ps_);
    if (have_tick_ && tick == current_tick_) return;
    write_current_tick(write_tick);
    current_tick_ = tick;
    have_tick_ = true;
  }
  // Passes the current tick (if any) to write_tick: at the end of a release.
  template <typename WriteTick>
  void write_current_tick(WriteTick&& write_tick) {
    if (have_tick_) write_tick(current_tick_);
  }

  TimeOrderedStream stream_;
  Totals totals_;
  const Recorder* recorder_ = nullptr;

 private:
  std::int64_t tick_ps_;
  std::string late_consequence_;
  std::int64_t current_tick_ = 0;  // in ticks
  bool have_tick_ = false;
};

}  // namespace kirchhoff::traces
