// What `kirchhoff sweep` prints while its points run: the driver's events fed to the shared
// progress display (app/progress_meter.h) on stderr: on a terminal one line redrawn in place
// (done/total, running, failed, points per minute, ETA), otherwise one plain line per finished
// point, nothing with --quiet.
#pragma once

#include <string>
#include <vector>

#include "app/progress_meter.h"
#include "sweep/driver.h"

namespace kirchhoff::app {

class SweepProgress : public sweep::DriverObserver {
 public:
  // labels[i]: "p0003 (tile.adc.bits=6)" for the point with driver job id i; `total` and
  // `already_done`: the points of this run (its shard) and those with a row before a resume.
  SweepProgress(ProgressStyle style, std::vector<std::string> labels, std::size_t total,
                std::size_t already_done);
  void started(const sweep::Job& job) override;
  void finished(const sweep::JobResult& result, const sweep::DriverCounts& counts) override;
  void tick(const sweep::DriverCounts& counts) override;
  // Ends the redrawn line (terminal style).
  void close();

 private:
  std::vector<std::string> labels_;
  ProgressMeter meter_;
};

}  // namespace kirchhoff::app
