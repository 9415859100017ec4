// The `kirchhoff` command line. Exit codes: 0 success, 1 simulation/runtime failure, 2 bad
// input (usage, config, workload file), 128 + signal when a run was interrupted (130 SIGINT,
// 143 SIGTERM).
#pragma once

#include <stdexcept>
#include <string>

namespace kirchhoff::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitBadInput = 2;

// A mistake in what the user asked for (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

int run_cli(int argc, char** argv);

}  // namespace kirchhoff::app
