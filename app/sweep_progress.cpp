#include "app/sweep_progress.h"

#include <unistd.h>

#include <cmath>

#include <fmt/format.h>

namespace kirchhoff::app {
namespace {

std::string duration_text(double s) {
  const long total = std::lround(s);
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

ProgressMode progress_mode(bool force_progress, bool quiet) {
  if (quiet) return ProgressMode::kQuiet;
  if (force_progress) return ProgressMode::kTerminal;
  return ::isatty(STDERR_FILENO) ? ProgressMode::kTerminal : ProgressMode::kPlain;
}

SweepProgress::SweepProgress(ProgressMode mode, std::vector<std::string> labels, std::FILE* out)
    : mode_(mode), labels_(std::move(labels)), out_(out) {}

std::string SweepProgress::status_line(const sweep::DriverCounts& c) const {
  std::string line =
      fmt::format("{}/{} done, {} running, {} failed", c.done, c.total, c.running, c.failed);
  if (finished_here_ > 0 && c.elapsed_s > 0) {
    const double per_min = 60.0 * static_cast<double>(finished_here_) / c.elapsed_s;
    const double left = static_cast<double>(c.total - c.done);
    line +=
        fmt::format(", {:.1f} points/min, ETA {}", per_min, duration_text(60.0 * left / per_min));
  }
  return line;
}

void SweepProgress::finished(const sweep::JobResult& r, const sweep::DriverCounts& c) {
  ++finished_here_;
  if (mode_ == ProgressMode::kQuiet) return;
  const std::string label = r.id < labels_.size() ? labels_[r.id] : std::to_string(r.id);
  const std::string what = fmt::format("{} {} in {:.3f} s{}", label, sweep::status_name(r.status),
                                       r.wall_s, r.error.empty() ? std::string() : ": " + r.error);
  if (mode_ == ProgressMode::kPlain) {
    std::fprintf(out_, "[%zu/%zu] %s\n", c.done, c.total, what.c_str());
  } else if (r.status != sweep::PointStatus::kOk) {
    std::fprintf(out_, "\r\033[K%s\n", what.c_str());  // kept above the redrawn line
    line_open_ = false;
  }
  std::fflush(out_);
}

void SweepProgress::tick(const sweep::DriverCounts& c) {
  if (mode_ != ProgressMode::kTerminal) return;
  std::fprintf(out_, "\r\033[Ksweep: %s", status_line(c).c_str());
  std::fflush(out_);
  line_open_ = true;
}

void SweepProgress::close() {
  if (line_open_) std::fputc('\n', out_);
  line_open_ = false;
  std::fflush(out_);
}

}  // namespace kirchhoff::app
