#include "app/progress_meter.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <CLI/CLI.hpp>

namespace kirchhoff::app {

ProgressStyle resolve_progress_style(ProgressRequest request, bool is_terminal,
                                     bool plain_when_not_terminal) {
  if (request == ProgressRequest::quiet) return ProgressStyle::off;
  if (is_terminal) return ProgressStyle::terminal;
  if (request == ProgressRequest::forced || plain_when_not_terminal) return ProgressStyle::plain;
  return ProgressStyle::off;
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

void add_progress_flags(CLI::App& command, ProgressRequest* request) {
  auto* progress = command.add_flag_callback(
      "--progress", [request] { *request = ProgressRequest::forced; },
      "show progress on stderr even when it is not a terminal (plain lines)");
  auto* quiet = command.add_flag_callback(
      "--quiet", [request] { *request = ProgressRequest::quiet; },
      "show no progress, not even on a terminal");
  progress->excludes(quiet);
  quiet->excludes(progress);
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  // Rounded up to whole seconds: an ETA of 0.4 s is "1s", not "0s".
  const double whole = std::ceil(seconds);
  if (whole >= 1e9) return "--";
  const long long s = static_cast<long long>(whole);
  char text[32];
  if (s < 60) {
    std::snprintf(text, sizeof text, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
  } else if (s < 86400) {
    std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  } else {
    std::snprintf(text, sizeof text, "%lldd%02lldh", s / 86400, (s % 86400) / 3600);
  }
  return text;
}

double ProgressMeter::steady_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

ProgressMeter::ProgressMeter(ProgressStyle style, std::ostream& out, ProgressSetup setup,
                             Clock clock)
    : style_(style),
      out_(out),
      setup_(std::move(setup)),
      clock_(std::move(clock)),
      start_s_(clock_()),
      done_(setup_.already_done) {}

ProgressMeter::~ProgressMeter() {
  finish();
}

void ProgressMeter::item_started() {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++running_;
  draw_locked(false);
}

void ProgressMeter::item_finished(const std::string& item, bool ok, const std::string& outcome) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (running_ > 0) --running_;
  ++done_;
  if (!ok) ++failed_;
  if (style_ == ProgressStyle::plain) {
    std::string what = item;
    const std::string result = outcome.empty() ? (ok ? "ok" : "failed") : outcome;
    if (!result.empty()) what += (what.empty() ? "" : " ") + result;
    out_ << status_line_locked(clock_()) << (what.empty() ? "" : " (" + what + ")") << "\n"
         << std::flush;
    return;
  }
  // A failure is news: drawn at once, not after the rate limit.
  draw_locked(!ok);
}

void ProgressMeter::set_done(std::size_t done) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (done <= done_) return;
  done_ = done;
  if (style_ == ProgressStyle::plain) {
    out_ << status_line_locked(clock_()) << "\n" << std::flush;
    return;
  }
  draw_locked(false);
}

void ProgressMeter::tick() {
  const std::lock_guard<std::mutex> lock(mutex_);
  draw_locked(false);
}

void ProgressMeter::finish() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  if (style_ == ProgressStyle::terminal) {
    draw_locked(true);
    out_ << "\n" << std::flush;
  }
  finished_ = true;
}

std::size_t ProgressMeter::done() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return done_;
}

std::size_t ProgressMeter::running() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return running_;
}

std::size_t ProgressMeter::failed() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return failed_;
}

std::string ProgressMeter::status_line() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return status_line_locked(clock_());
}

std::string ProgressMeter::status_line_locked(double now) const {
  std::string line = std::to_string(done_) + "/" + std::to_string(setup_.total) + " " + setup_.unit;
  if (setup_.show_running_and_failed) {
    line += ", " + std::to_string(running_) + " running, " + std::to_string(failed_) + " failed";
  }
  // The rate of this process: items done since it started over the time it took.
  const std::size_t here = done_ - std::min(done_, setup_.already_done);
  const double elapsed_s = now - start_s_;
  char rate[48];
  if (here > 0 && elapsed_s > 0) {
    const double per_min = 60.0 * static_cast<double>(here) / elapsed_s;
    std::snprintf(rate, sizeof rate, "%.1f/min", per_min);
    line += std::string(", ") + rate;
    const std::size_t left = setup_.total > done_ ? setup_.total - done_ : 0;
    line += ", ETA " + format_duration(60.0 * static_cast<double>(left) / per_min);
  } else {
    line += ", --/min, ETA --";
  }
  return line;
}

void ProgressMeter::draw_locked(bool force) {
  if (style_ != ProgressStyle::terminal || finished_) return;
  const double now = clock_();
  if (!force && drawn_ && now - last_draw_s_ < setup_.min_redraw_interval_s) return;
  last_draw_s_ = now;
  drawn_ = true;
  // Carriage return, the line, then erase what a longer previous line left to the right.
  out_ << "\r" << status_line_locked(now) << "\x1b[K" << std::flush;
}

}  // namespace kirchhoff::app
