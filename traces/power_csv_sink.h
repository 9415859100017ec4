// DIR/power.csv (--power WINDOW_NS): average power per time window, so an architect sees peak
// against average power. Every event's energy is spread evenly over its duration and split
// exactly (in proportion to the overlap) across window boundaries; an event of zero duration
// puts all its energy in the window that contains it. Columns:
//   window_start_ns,window_end_ns   the window [start, end), ns with 3 decimals
//   total_mW                        average power of everything in the window
//   by_component.<category>_mW      per component category ("tile", "router", "host" ...),
//                                   categories registered when the header is written
//   by_energy.<category>_mW         per energy category (array, dac, adc ...)
// 1 mW over 1 ns is 1 pJ, so sum(total_mW * (window_end_ns - window_start_ns)) is the total
// energy in pJ. Windows start at t = 0 and run to the end of the last event (the last window
// is a whole window). Rows are written when the reorder window has passed.
// Events that arrive after their windows were written (static energy recorded at the end of
// the run for the whole run; anything later than the reorder window) are kept aside and
// folded into the rows exactly at finish, by a second pass over the temporary file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traces/ordered_sink.h"
#include "traces/output_file.h"

namespace kirchhoff::traces {

class PowerCsvSink : public OrderedSink<PowerCsvSink> {
 public:
  PowerCsvSink(std::string path, std::int64_t window_ps, std::int64_t reorder_window_ps);

  void on_event(const Recorder& recorder, const Event& event) override;
  void on_counter(const Recorder& recorder, const CounterSample& sample) override;
  void finish(const Recorder& recorder) override;
  std::string name() const override { return "power.csv"; }

  // Energy written to the file, as the sum over windows (pJ).
  double written_energy_pj() const { return written_energy_pj_; }
  std::uint64_t windows_written() const { return windows_written_; }
  // Events folded in at finish because they arrived after their windows were written.
  std::size_t late_events_folded() const { return late_.size(); }

 private:
  friend class OrderedSink<PowerCsvSink>;  // calls before_release, after_release
  friend class TimeOrderedStream;          // calls the visit_* functions
  void before_release();
  void after_release(std::int64_t until_ps);
  void visit_time(std::int64_t t_ps);
  void visit_start(const TimedEvent& e);
  void visit_end(const TimedEvent& e);
  void visit_counter(const CounterSample& s);

  void write_header();
  // Integrates the current power up to t_ps, writing every window that ends on the way.
  void advance_to(std::int64_t t_ps);
  void write_window();
  void apply_rates(const TimedEvent& e, int sign);
  // Rewrites the rows with the late events' energy added (finish).
  void fold_late_events();
  void add_columns(std::vector<double>& pj, const Event& e, double fraction) const;
  std::size_t category_column(std::uint32_t component) const;

  OutputFile file_;
  std::int64_t window_ps_;
  bool header_written_ = false;
  // Columns: [0] total, [1, 1 + n_categories) component categories, then energy categories.
  std::vector<std::string> categories_;
  std::vector<std::size_t> column_of_component_;  // by component id
  std::size_t energy_column0_ = 0;
  std::vector<double> rate_pj_per_ps_;  // current power per column
  std::vector<int> active_;             // events contributing to each column
  std::vector<double> window_pj_;       // energy of the current window so far
  std::int64_t now_ps_ = 0;             // integrated up to here
  std::int64_t window_index_ = 0;       // the current window
  double written_energy_pj_ = 0.0;
  std::uint64_t windows_written_ = 0;
  std::vector<Event> late_;  // arrived after their windows were written
};

}  // namespace kirchhoff::traces
