#include "sweep/driver.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>

#include "config/schema.h"

namespace kirchhoff::sweep {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Running {
  const Job* job = nullptr;
  Clock::time_point start;
  bool timed_out = false;
};

// Blocks SIGCHLD, SIGINT and SIGTERM for its lifetime: the driver takes them with sigtimedwait.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGCHLD);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~BlockedSignals() {
    // Drop what is still pending so that unblocking does not act on it.
    timespec zero{0, 0};
    while (sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
    sigprocmask(SIG_SETMASK, &old_, nullptr);
  }
  const sigset_t& set() const { return set_; }
  const sigset_t& old() const { return old_; }

 private:
  sigset_t set_, old_;
};

std::string signal_text(int sig) {
  const char* name = sigabbrev_np(sig);
  return name != nullptr ? std::string("SIG") + name : "signal " + std::to_string(sig);
}

pid_t start_job(const Job& job, const sigset_t& old_mask) {
  std::vector<char*> argv;
  for (const auto& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string out = job.dir + "/stdout.log", err = job.dir + "/stderr.log";
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the driver died before prctl
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    const int in_fd = ::open("/dev/null", O_RDONLY);
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(127);
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execv(argv[0], argv.data());
    const char msg[] = "kirchhoff sweep: cannot execute the point's command\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so a kill of the group cannot precede the child's own
  return pid;
}

JobResult result_of(const Running& r, int status, double timeout_s) {
  JobResult res;
  res.id = r.job->id;
  res.wall_s = seconds_since(r.start);
  const std::string tail = last_lines(r.job->dir + "/stderr.log", 3);
  if (WIFEXITED(status)) {
    res.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    res.exit_code = 128 + WTERMSIG(status);
  }
  if (r.timed_out) {
    res.status = PointStatus::kTimeout;
    res.error = "killed at the --point-timeout of " + config::format_number(timeout_s) + " s";
  } else if (WIFSIGNALED(status)) {
    res.status = PointStatus::kCrashed;
    res.error = "killed by " + signal_text(WTERMSIG(status));
  } else if (res.exit_code != 0) {
    res.status = PointStatus::kFailed;
    res.error = "exit code " + std::to_string(res.exit_code);
  }
  if (res.status != PointStatus::kOk && !tail.empty()) res.error += ": " + tail;
  return res;
}

}  // namespace

std::string last_lines(const std::string& path, int lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff from = size > 8192 ? size - 8192 : 0;
  in.seekg(from);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::deque<std::string> kept;
  std::string line;
  auto push = [&] {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) kept.push_back(line);
    if (static_cast<int>(kept.size()) > lines) kept.pop_front();
    line.clear();
  };
  for (const char c : text) {
    if (c == '\n') {
      push();
    } else {
      line += c;
    }
  }
  push();
  std::string out;
  for (const auto& l : kept) out += (out.empty() ? "" : " | ") + l;
  if (out.size() > 1000) out = "..." + out.substr(out.size() - 1000);
  return out;
}

void remove_temporary_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".tmp" || ext == ".partial") fs::remove(e.path(), ec);
  }
}

int run_jobs(const std::vector<Job>& jobs, const DriverOptions& options,
             const std::function<void(const JobResult&)>& on_finished, DriverObserver& observer) {
  const BlockedSignals blocked;
  const Clock::time_point start = Clock::now();
  std::map<pid_t, Running> running;
  std::size_t next = 0, done = options.done_before, failed = options.failed_before;
  int stop_signal = 0;
  Clock::time_point kill_at{};
  auto counts = [&] {
    return DriverCounts{done, options.total, running.size(), failed, seconds_since(start)};
  };
  auto reap = [&] {
    for (;;) {
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, WNOHANG);
      if (pid <= 0) return;
      const auto it = running.find(pid);
      if (it == running.end()) continue;
      const Running r = it->second;
      running.erase(it);
      remove_temporary_files(r.job->dir);
      const bool stopped_by_us =
          stop_signal != 0 && !r.timed_out && !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
      if (stopped_by_us) continue;  // not finished: it runs again on --resume
      JobResult res = result_of(r, status, options.timeout_s);
      on_finished(res);
      ++done;
      if (res.status != PointStatus::kOk) ++failed;
      observer.finished(res, counts());
    }
  };
  while (true) {
    while (stop_signal == 0 && next < jobs.size() &&
           static_cast<int>(running.size()) < options.jobs) {
      const Job& job = jobs[next++];
      const pid_t pid = start_job(job, blocked.old());
      if (pid < 0) {
        JobResult res{job.id, PointStatus::kFailed, 0, 0.0,
                      std::string("cannot start the point's process: ") + std::strerror(errno)};
        on_finished(res);
        ++done;
        ++failed;
        observer.finished(res, counts());
        continue;
      }
      running[pid] = Running{&job, Clock::now(), false};
      observer.started(job);
    }
    observer.tick(counts());
    if (running.empty() && (stop_signal != 0 || next >= jobs.size())) break;
    // Sleep until a child ends, a signal comes, the next timeout or the next progress tick.
    double wait_s = options.tick_s;
    const Clock::time_point now = Clock::now();
    if (options.timeout_s > 0) {
      for (const auto& [pid, r] : running) {
        if (r.timed_out) continue;
        const double left =
            options.timeout_s - std::chrono::duration<double>(now - r.start).count();
        wait_s = std::min(wait_s, std::max(0.0, left));
      }
    }
    if (stop_signal != 0) {
      wait_s =
          std::min(wait_s, std::max(0.0, std::chrono::duration<double>(kill_at - now).count()));
    }
    timespec ts{static_cast<time_t>(wait_s),
                static_cast<long>((wait_s - std::floor(wait_s)) * 1e9)};
    siginfo_t info;
    const int sig = sigtimedwait(&blocked.set(), &info, &ts);
    if (sig == SIGINT || sig == SIGTERM) {
      if (stop_signal == 0) {
        stop_signal = sig;
        kill_at = Clock::now() + std::chrono::seconds(10);
        for (const auto& [pid, r] : running) ::kill(-pid, sig);
      } else {
        for (const auto& [pid, r] : running) ::kill(-pid, SIGKILL);  // a second signal: at once
      }
    }
    if (options.timeout_s > 0) {
      for (auto& [pid, r] : running) {
        if (!r.timed_out && seconds_since(r.start) >= options.timeout_s) {
          r.timed_out = true;
          ::kill(-pid, SIGKILL);
        }
      }
    }
    if (stop_signal != 0 && Clock::now() >= kill_at) {
      for (const auto& [pid, r] : running) ::kill(-pid, SIGKILL);
    }
    reap();
  }
  observer.tick(counts());
  return stop_signal;
}

}  // namespace kirchhoff::sweep
