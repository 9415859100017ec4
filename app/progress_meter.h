// Progress of a long command on stderr, for `kirchhoff sweep` (points) and `kirchhoff run`
// (samples): done/total, running, failed, rate per minute and ETA.
//   terminal: one status line redrawn in place ("\r...\x1b[K"), at most 10 times a second;
//   plain:    one line per finished item (CI, logs, Slurm), never redrawn;
//   off:      nothing.
// resolve_progress_style picks one from --progress / --quiet and whether stderr is a terminal.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace kirchhoff::app {

// What the command line asked for: nothing (automatic), --progress or --quiet.
enum class ProgressRequest { automatic, forced, quiet };
enum class ProgressStyle { off, plain, terminal };

// --quiet: off. Otherwise a terminal gets the redrawn line; without one, --progress (or a
// command whose plain lines are its log, plain_when_not_terminal: the sweep) gets plain lines,
// anything else (run) stays quiet.
ProgressStyle resolve_progress_style(ProgressRequest request, bool stderr_is_terminal,
                                     bool plain_when_not_terminal);
// isatty(STDERR_FILENO).
bool stderr_is_terminal();
// Adds --progress and --quiet (mutually exclusive) to a subcommand; they set *request.
void add_progress_flags(CLI::App& command, ProgressRequest* request);

// "45s", "3m07s", "2h05m", "4d03h"; "--" for an unknown (negative or not finite) time.
std::string format_duration(double seconds);

struct ProgressSetup {
  std::string unit = "items";  // "points", "samples": printed after done/total
  std::size_t total = 0;
  // Finished before this process started (a resumed sweep): counted in done/total but not in
  // the rate, which is what this process achieves.
  std::size_t already_done = 0;
  // Show "R running, F failed" (a sweep's points); a run's samples have neither.
  bool show_running_and_failed = true;
  double min_redraw_interval_s = 0.1;  // terminal style: at most 10 redraws a second
};

class ProgressMeter {
 public:
  using Clock = std::function<double()>;  // monotonic seconds
  static double steady_seconds();

  ProgressMeter(ProgressStyle style, std::ostream& out, ProgressSetup setup,
                Clock clock = &ProgressMeter::steady_seconds);
  ~ProgressMeter();  // finish()
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // An item started running.
  void item_started();
  // An item finished (ok or not): one plain line "<status line> (<item> <outcome>)".
  void item_finished(const std::string& item, bool ok, const std::string& outcome = {});
  // Counter mode (a run's samples): done items so far, monotonic; plain style prints one line
  // per call that raises it.
  void set_done(std::size_t done);
  // Terminal style: redraw now if the rate limit allows (keeps the ETA fresh while items run).
  void tick();
  // Terminal style: draw the final state and end the line. Idempotent.
  void finish();

  std::size_t done() const;
  std::size_t running() const;
  std::size_t failed() const;
  // "12/40 points, 2 running, 1 failed, 5.3/min, ETA 5m17s"
  std::string status_line() const;

 private:
  std::string status_line_locked(double now) const;
  void draw_locked(bool force);

  ProgressStyle style_;
  std::ostream& out_;
  ProgressSetup setup_;
  Clock clock_;
  double start_s_;
  double last_draw_s_ = -1e300;
  std::size_t done_ = 0;  // including setup_.already_done
  std::size_t running_ = 0;
  std::size_t failed_ = 0;
  bool drawn_ = false;
  bool finished_ = false;
  mutable std::mutex mutex_;
};

}  // namespace kirchhoff::app
