// Runs a sweep's points as child processes, N at a time: each point is `kirchhoff run` in its
// own process group (fork + exec), stdout and stderr to files in its point folder, killed with
// its group at the point timeout, and killed when the driver dies (PR_SET_PDEATHSIG), so a
// `kill -9` of the sweep leaves no point running. SIGINT / SIGTERM stop the sweep: the signal
// is passed to every running point, which stops and removes its temporary files; the driver
// waits for them and reports the signal.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sweep/results_csv.h"

namespace kirchhoff::sweep {

struct Job {
  std::size_t id = 0;             // the caller's number for it (the point index)
  std::vector<std::string> argv;  // argv[0]: the program
  std::string dir;                // stdout.log / stderr.log go here
};

struct JobResult {
  std::size_t id = 0;
  PointStatus status = PointStatus::kOk;  // ok = exit 0 (the caller checks the summary)
  int exit_code = 0;                      // exit status, or 128 + signal
  double wall_s = 0.0;
  std::string error;  // failures: what happened and the last lines of stderr.log
};

struct DriverCounts {
  std::size_t done = 0, total = 0, running = 0, failed = 0;
  double elapsed_s = 0.0;
};

// What the sweep shows while it runs (app/sweep_progress.h).
class DriverObserver {
 public:
  virtual ~DriverObserver() = default;
  virtual void started(const Job& job) = 0;
  virtual void finished(const JobResult& result, const DriverCounts& counts) = 0;
  // Called at least every `tick_s` seconds and after every change.
  virtual void tick(const DriverCounts& counts) = 0;
};

struct DriverOptions {
  int jobs = 1;
  double timeout_s = 0.0;  // 0: none
  double tick_s = 0.5;
  std::size_t total = 0;        // points of the whole sweep (for the counts)
  std::size_t done_before = 0;  // already in the results (resume)
  std::size_t failed_before = 0;
};

// Runs `jobs`; `on_finished` is called for each as it ends (not for points stopped by a
// signal). Returns 0, or the signal (SIGINT, SIGTERM) that stopped the sweep.
int run_jobs(const std::vector<Job>& jobs, const DriverOptions& options,
             const std::function<void(const JobResult&)>& on_finished, DriverObserver& observer);

// The last `lines` non-empty lines of a file, joined with " | " (at most ~1000 characters).
std::string last_lines(const std::string& path, int lines);

// Removes the temporary files (*.tmp, *.partial) a killed `run` left in `dir`.
void remove_temporary_files(const std::string& dir);

}  // namespace kirchhoff::sweep
