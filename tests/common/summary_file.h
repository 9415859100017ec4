// Reads a run directory's summary.json, for the CLI test suites.
#pragma once

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace kirchhoff::test {

inline nlohmann::json read_summary(const std::filesystem::path& run_dir) {
  std::ifstream in(run_dir / "summary.json");
  return nlohmann::json::parse(in);
}

}  // namespace kirchhoff::test
