#include "traces/power_csv_sink.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "traces/text_format.h"

namespace kirchhoff::traces {

namespace {
constexpr int kNsDecimals = 3;
constexpr std::size_t kTotalColumn = 0;
constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
}  // namespace

PowerCsvSink::PowerCsvSink(std::string path, std::int64_t window_ps, std::int64_t reorder_window_ps)
    : OrderedSink(reorder_window_ps, 1,  // 1 ps ticks: windows are integrated exactly
                  "their energy is spread from the earliest time still open"),
      file_(std::move(path), ".unfolded.partial"),
      window_ps_(window_ps) {
  if (window_ps <= 0) {
    throw std::invalid_argument("power window must be at least 1 ps, got " +
                                std::to_string(window_ps) + " ps");
  }
}

void PowerCsvSink::on_event(const Recorder& recorder, const Event& event) {
  recorder_ = &recorder;
  if (event.start_ps >= 0 && event.start_ps < stream_.released_until_ps()) {
    late_.push_back(event);  // its windows are written: fold it in at finish
    totals_.add(event);
    return;
  }
  stream_.push(event);
  release_ready();
}

void PowerCsvSink::on_counter(const Recorder& recorder, const CounterSample& sample) {
  recorder_ = &recorder;
  totals_.add(sample);  // counters carry no energy; counted, not drawn
}

void PowerCsvSink::before_release() {
  if (!header_written_) write_header();
}

void PowerCsvSink::after_release(std::int64_t until_ps) {
  advance_to(until_ps);
  file_.maybe_flush();
}

void PowerCsvSink::finish(const Recorder& recorder) {
  recorder_ = &recorder;
  before_release();
  release_all();
  // Close the window holding the end of the last event (rates are all zero by now).
  const std::int64_t window_start = window_index_ * window_ps_;
  const bool open = now_ps_ > window_start || std::any_of(window_pj_.begin(), window_pj_.end(),
                                                          [](double pj) { return pj != 0.0; });
  const std::int64_t end = std::max(totals_.end_ps, now_ps_);
  std::int64_t target = (floor_div(end - 1, window_ps_) + 1) * window_ps_;
  if (open && target <= window_start) target = window_start + window_ps_;
  advance_to(target);
  if (late_.empty()) {
    file_.commit();
  } else {
    fold_late_events();
  }
}

void PowerCsvSink::add_columns(std::vector<double>& pj, const Event& e, double fraction) const {
  const double total = e.energy.total() * fraction;
  pj[kTotalColumn] += total;
  const std::size_t cc = category_column(e.component);
  if (cc != kNoColumn) pj[cc] += total;
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    pj[energy_column0_ + i] += e.energy.pj[i] * fraction;
  }
}

void PowerCsvSink::fold_late_events() {
  file_.flush();
  std::ifstream in(file_.partial_path(), std::ios::binary);
  if (!in)
    throw std::runtime_error("trace output " + file_.path() + ": cannot read back " +
                             file_.partial_path());
  OutputFile out(file_.path());
  std::sort(late_.begin(), late_.end(),
            [](const Event& a, const Event& b) { return a.start_ps < b.start_ps; });
  std::string line;
  std::getline(in, line);  // header
  out.write(line);
  out.write("\n");
  const double mw_per_pj = 1000.0 / static_cast<double>(window_ps_);
  std::vector<double> pj(window_pj_.size());
  std::vector<const Event*> active;
  std::size_t next = 0;
  for (std::int64_t w = 0; std::getline(in, line); ++w) {
    const std::int64_t ws = w * window_ps_;
    const std::int64_t we = ws + window_ps_;
    while (next < late_.size() && late_[next].start_ps < we) active.push_back(&late_[next++]);
    std::fill(pj.begin(), pj.end(), 0.0);
    for (const Event* e : active) {
      if (e->duration_ps <= 0) {
        if (e->start_ps >= ws) add_columns(pj, *e, 1.0);
        continue;
      }
      const std::int64_t overlap =
          std::min(e->start_ps + e->duration_ps, we) - std::max(e->start_ps, ws);
      if (overlap > 0) {
        add_columns(pj, *e, static_cast<double>(overlap) / static_cast<double>(e->duration_ps));
      }
    }
    active.erase(std::remove_if(active.begin(), active.end(),
                                [we](const Event* e) {
                                  return e->start_ps + std::max<std::int64_t>(e->duration_ps, 0) <=
                                         we;
                                }),
                 active.end());
    // The row: window times as written, then each column plus the late energy.
    std::size_t comma = line.find(',');
    comma = line.find(',', comma + 1);
    TextBuffer& o = out.buffer();
    o.append(std::string_view(line).substr(0, comma));
    const char* p = line.c_str() + comma;
    for (std::size_t c = 0; c < pj.size(); ++c) {
      char* end = nullptr;
      const double mw = std::strtod(p + 1, &end);  // p points at the comma
      p = end;
      o.push_back(',');
      append_double(o, mw + pj[c] * mw_per_pj);
      written_energy_pj_ += pj[kTotalColumn] * (c == kTotalColumn ? 1.0 : 0.0);
    }
    o.push_back('\n');
    out.maybe_flush();
  }
  out.commit();
  file_.discard();
}

void PowerCsvSink::write_header() {
  header_written_ = true;
  const std::size_t n = recorder_ != nullptr ? recorder_->num_components() : 0;
  column_of_component_.assign(n, kNoColumn);
  for (std::size_t id = 0; id < n; ++id) {
    const std::string& cat = recorder_->component(static_cast<std::uint32_t>(id)).category;
    auto it = std::find(categories_.begin(), categories_.end(), cat);
    if (it == categories_.end()) {
      categories_.push_back(cat);
      it = categories_.end() - 1;
    }
    column_of_component_[id] = 1 + static_cast<std::size_t>(it - categories_.begin());
  }
  energy_column0_ = 1 + categories_.size();
  const std::size_t columns = energy_column0_ + kNumEnergyCategories;
  rate_pj_per_ps_.assign(columns, 0.0);
  active_.assign(columns, 0);
  window_pj_.assign(columns, 0.0);

  TextBuffer& out = file_.buffer();
  out.append("window_start_ns,window_end_ns,total_mW");
  for (const auto& c : categories_) {
    out.append(",");
    append_csv_field(out, "by_component." + c + "_mW");
  }
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    out.append(",by_energy.");
    out.append(to_string(static_cast<EnergyCategory>(i)));
    out.append("_mW");
  }
  out.push_back('\n');
}

std::size_t PowerCsvSink::category_column(std::uint32_t component) const {
  return component < column_of_component_.size() ? column_of_component_[component] : kNoColumn;
}

void PowerCsvSink::write_window() {
  TextBuffer& out = file_.buffer();
  const std::int64_t start = window_index_ * window_ps_;
  append_fixed(out, start, kNsDecimals);
  out.push_back(',');
  append_fixed(out, start + window_ps_, kNsDecimals);
  // mW = pJ / ns = 1000 * pJ / ps.
  const double mw_per_pj = 1000.0 / static_cast<double>(window_ps_);
  for (double pj : window_pj_) {
    out.push_back(',');
    append_double(out, pj * mw_per_pj);
  }
  out.push_back('\n');
  written_energy_pj_ += window_pj_[kTotalColumn];
  ++windows_written_;
  std::fill(window_pj_.begin(), window_pj_.end(), 0.0);
  ++window_index_;
  file_.maybe_flush();
}

void PowerCsvSink::advance_to(std::int64_t t_ps) {
  while (now_ps_ < t_ps) {
    const std::int64_t boundary = (window_index_ + 1) * window_ps_;
    const std::int64_t seg_end = std::min(t_ps, boundary);
    const auto dt = static_cast<double>(seg_end - now_ps_);
    for (std::size_t c = 0; c < window_pj_.size(); ++c) {
      if (rate_pj_per_ps_[c] != 0.0) window_pj_[c] += rate_pj_per_ps_[c] * dt;
    }
    now_ps_ = seg_end;
    if (now_ps_ == boundary) write_window();
  }
}

void PowerCsvSink::visit_time(std::int64_t t_ps) {
  advance_to(t_ps);
}

void PowerCsvSink::apply_rates(const TimedEvent& te, int sign) {
  const Event& e = te.event;
  const auto d = static_cast<double>(te.duration_ps());
  auto add = [&](std::size_t column, double pj) {
    if (column == kNoColumn || pj == 0.0) return;
    active_[column] += sign;
    if (active_[column] == 0) {
      rate_pj_per_ps_[column] = 0.0;  // exactly idle, no rounding residue
    } else {
      rate_pj_per_ps_[column] += sign * (pj / d);
    }
  };
  const double total = e.energy.total();
  add(kTotalColumn, total);
  add(category_column(e.component), total);
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) add(energy_column0_ + i, e.energy.pj[i]);
}

void PowerCsvSink::visit_start(const TimedEvent& te) {
  totals_.add(te.event);
  if (te.duration_ps() > 0) {
    apply_rates(te, +1);
    return;
  }
  // Zero duration: all of the energy in the window that holds it (now_ps_ == start).
  const Event& e = te.event;
  const double total = e.energy.total();
  window_pj_[kTotalColumn] += total;
  const std::size_t cc = category_column(e.component);
  if (cc != kNoColumn) window_pj_[cc] += total;
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    window_pj_[energy_column0_ + i] += e.energy.pj[i];
  }
}

void PowerCsvSink::visit_end(const TimedEvent& te) {
  if (te.duration_ps() > 0) apply_rates(te, -1);
}

void PowerCsvSink::visit_counter(const CounterSample& /*sample*/) {}

}  // namespace kirchhoff::traces
