// Benchmarks run as child processes of another benchmark (one SystemC model elaborates once per
// process, so bench_scale runs bench_workload, bench_chip_scale, bench_sample_memory and the
// simulator as children): each child prints its human-readable lines and, for the figures a
// parent collects, one machine-readable line per figure,
//   FIGURE <key> <value> <unit>
// run_child() starts a child, echoes its lines (indented) or drops them, and returns its
// figures, wall time, CPU time (user + system) and peak resident set (wait4). That peak is at
// least the parent's own peak when the child started: Linux's exec keeps the high-water mark of
// the memory it replaces, the parent's under posix_spawn. Start children while the parent is
// small (bench_scale runs its children before it programs its tiles).
// process_cpu_s() and status_bytes() measure the calling process itself.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

extern char** environ;

namespace kirchhoff::bench {

// CPU time of this process (user + system), s: on a shared machine wall time moves with the load.
inline double process_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// A /proc/self/status field of this process in bytes (VmRSS, VmHWM: kB); 0 if it is missing.
inline double status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return 1024.0 * std::strtod(line.c_str() + key.size(), nullptr);
  }
  return 0.0;
}

// One FIGURE line on stdout (flushed: a parent reads it through a pipe).
inline void print_figure(const std::string& key, double value, const char* unit) {
  std::printf("FIGURE %s %.9g %s\n", key.c_str(), value, unit);
  std::fflush(stdout);
}

// The path of executable `name` in the directory of this process's own executable.
inline std::string sibling_path(const std::string& name) {
  std::vector<char> buf(4096);
  const ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return name;
  std::string self(buf.data(), static_cast<std::size_t>(n));
  return self.substr(0, self.find_last_of('/') + 1) + name;
}

struct ChildResult {
  bool ok = false;  // started and exited with status 0
  double wall_s = 0;
  double cpu_s = 0;  // user + system of the child
  double peak_mib = 0;
  std::map<std::string, double> figures;  // from its FIGURE lines
};

inline double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
}

// Runs args[0] with args; `echo` prints each of its non-FIGURE lines indented by two spaces,
// otherwise they are dropped. The child's stderr stays the parent's.
inline ChildResult run_child(const std::vector<std::string>& args, bool echo) {
  ChildResult r;
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) return r;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (spawned != 0) {
    close(fds[0]);
    std::fprintf(stderr, "cannot start %s\n", argv[0]);
    return r;
  }
  FILE* in = fdopen(fds[0], "r");
  char* line = nullptr;
  std::size_t cap = 0;
  while (in != nullptr && getline(&line, &cap, in) > 0) {
    char key[128];
    double value = 0;
    if (std::sscanf(line, "FIGURE %127s %lf", key, &value) == 2) {
      r.figures[key] = value;
    } else if (echo) {
      std::printf("  %s", line);
      std::fflush(stdout);
    }
  }
  std::free(line);
  if (in != nullptr) std::fclose(in);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_s = seconds_of(ru.ru_utime) + seconds_of(ru.ru_stime);
  r.peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

}  // namespace kirchhoff::bench
