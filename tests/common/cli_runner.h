// Runs the `kirchhoff` binary of this build (KIRCHHOFF_BINARY) with a command line and returns
// its exit code and everything it printed (stdout and stderr), for the CLI test suites.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace kirchhoff::test {

struct CliResult {
  int code = -1;       // exit code; -1 when the process did not exit normally
  std::string output;  // stdout and stderr
};

// Runs a shell command line (stderr joined to stdout).
inline CliResult run_command(const std::string& command) {
  const std::string cmd = command + " 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline CliResult run_cli(const std::string& args) {
  return run_command(std::string(KIRCHHOFF_BINARY) + " " + args);
}

// Starts `kirchhoff <args>` in a child process, its stdout and stderr written to `log`, and
// returns the child's pid (negative when fork fails) for the caller to signal and wait for.
inline pid_t start_cli(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv{const_cast<char*>(KIRCHHOFF_BINARY)};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    execv(KIRCHHOFF_BINARY, argv.data());
    std::_Exit(127);
  }
  return pid;
}

}  // namespace kirchhoff::test
