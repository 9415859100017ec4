// A SystemC kernel elaborates once per process, so a test that compares two simulations runs
// one of them in a child process: run_in_child forks (call it before the parent elaborates
// anything), runs `f` in the child and returns the figures it produced, passed back through a
// pipe as raw doubles (bit for bit). A child that fails or dies returns nothing (the caller's
// size check fails).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace kirchhoff::test {

template <class F>
std::vector<double> run_in_child(F f) {
  int fd[2];
  if (pipe(fd) != 0) return {};
  const pid_t pid = fork();
  if (pid < 0) return {};
  if (pid == 0) {
    close(fd[0]);
    const std::vector<double> v = f();
    const char* p = reinterpret_cast<const char*>(v.data());
    std::size_t left = v.size() * sizeof(double);
    while (left > 0) {
      const ssize_t n = write(fd[1], p, left);
      if (n <= 0) std::_Exit(1);
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    close(fd[1]);
    std::_Exit(0);
  }
  close(fd[1]);
  std::vector<char> bytes;
  char buf[65536];
  for (ssize_t n; (n = read(fd[0], buf, sizeof buf)) > 0;) bytes.insert(bytes.end(), buf, buf + n);
  close(fd[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  std::vector<double> v(bytes.size() / sizeof(double));
  if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(double));
  return v;
}

}  // namespace kirchhoff::test
