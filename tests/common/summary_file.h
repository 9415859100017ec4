// Reads a run directory's summary.json, and runs `kirchhoff run` into a directory of its own for
// the summary, for the CLI test suites.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir.h"

namespace kirchhoff::test {

inline nlohmann::json read_summary(const std::filesystem::path& run_dir) {
  std::ifstream in(run_dir / "summary.json");
  return nlohmann::json::parse(in);
}

// summary.json without its wall time: the one figure that depends on the machine rather than
// the model, so two equal runs write the same rest.
inline nlohmann::json read_summary_without_wall(const std::filesystem::path& run_dir) {
  nlohmann::json j = read_summary(run_dir);
  j.erase("wall_s");
  return j;
}

struct SummaryRun {
  CliResult cli;
  nlohmann::json summary;  // without wall_s; null when the run wrote no summary.json
};

// `kirchhoff <args> --out <a fresh directory>` (`env`, e.g. "KIRCHHOFF_SIMD=sse2", before the
// binary), its exit code and output, and the summary it wrote; the directory is removed after.
inline SummaryRun run_for_summary(const std::string& args, const std::string& env = "") {
  const TempDir dir("kh-summary");
  const std::filesystem::path out = dir.path() / "out";
  SummaryRun r;
  r.cli = run_command((env.empty() ? "" : env + " ") + std::string(KIRCHHOFF_BINARY) + " " + args +
                      " --out " + out.string());
  if (std::filesystem::exists(out / "summary.json")) r.summary = read_summary_without_wall(out);
  return r;
}

}  // namespace kirchhoff::test
