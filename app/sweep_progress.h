// What `kirchhoff sweep` prints while its points run (on stderr): on a terminal one line redrawn
// in place (done/total, running, failed, points per minute, ETA) with a line per failed point
// above it; otherwise (CI, logs, Slurm) one plain line per finished point; nothing with --quiet.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "sweep/driver.h"

namespace kirchhoff::app {

enum class ProgressMode { kQuiet, kPlain, kTerminal };

// --progress: terminal; --quiet: quiet; neither: terminal when stderr is one, else plain.
ProgressMode progress_mode(bool force_progress, bool quiet);

class SweepProgress : public sweep::DriverObserver {
 public:
  // labels[i]: "p0003 (tile.adc.bits=6)" for the point with driver job id i.
  SweepProgress(ProgressMode mode, std::vector<std::string> labels, std::FILE* out = stderr);
  void finished(const sweep::JobResult& result, const sweep::DriverCounts& counts) override;
  void tick(const sweep::DriverCounts& counts) override;
  // Ends the redrawn line (terminal mode).
  void close();

 private:
  std::string status_line(const sweep::DriverCounts& counts) const;
  ProgressMode mode_;
  std::vector<std::string> labels_;
  std::FILE* out_;
  std::size_t finished_here_ = 0;  // points finished in this run (not before a resume)
  bool line_open_ = false;
};

}  // namespace kirchhoff::app
