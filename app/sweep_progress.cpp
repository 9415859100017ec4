#include "app/sweep_progress.h"

#include <iostream>

#include <fmt/format.h>

namespace kirchhoff::app {
namespace {

ProgressSetup sweep_setup(std::size_t total, std::size_t already_done) {
  ProgressSetup s;
  s.unit = "points";
  s.total = total;
  s.already_done = already_done;
  return s;
}

}  // namespace

SweepProgress::SweepProgress(ProgressStyle style, std::vector<std::string> labels,
                             std::size_t total, std::size_t already_done)
    : labels_(std::move(labels)), meter_(style, std::cerr, sweep_setup(total, already_done)) {}

void SweepProgress::started(const sweep::Job&) {
  meter_.item_started();
}

void SweepProgress::finished(const sweep::JobResult& r, const sweep::DriverCounts&) {
  const std::string label = r.id < labels_.size() ? labels_[r.id] : std::to_string(r.id);
  meter_.item_finished(label, r.status == sweep::PointStatus::kOk,
                       fmt::format("{} in {:.3f} s{}", sweep::status_name(r.status), r.wall_s,
                                   r.error.empty() ? std::string() : ": " + r.error));
}

void SweepProgress::tick(const sweep::DriverCounts&) {
  meter_.tick();
}

void SweepProgress::close() {
  meter_.finish();
}

}  // namespace kirchhoff::app
