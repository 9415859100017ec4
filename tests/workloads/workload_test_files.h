// Workload files a test writes for itself, and the message a loader refuses one with, for the
// workloads suites (native YAML, slices).
#pragma once

#include <fstream>
#include <string>

#include "tests/common/temp_dir.h"
#include "tests/common/thrown_message.h"
#include "workloads/workload_error.h"

namespace kirchhoff::test {

// This test's own directory (each TEST runs in its own process), where its files go.
inline std::string workload_dir() {
  return process_temp_dir().string();
}

// Writes `text` to `name` in workload_dir() and returns its path.
inline std::string write_workload_file(const std::string& name, const std::string& text) {
  const std::string p = workload_dir() + "/" + name;
  std::ofstream(p) << text;
  return p;
}

// The message of the WorkloadError `load` throws, or "no error" when it throws none.
template <typename F>
std::string workload_error_of(F&& load) {
  return thrown_message<WorkloadError>(load, "no error");
}

}  // namespace kirchhoff::test
