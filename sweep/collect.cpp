#include "sweep/collect.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "sweep/manifest.h"
#include "sweep/results_csv.h"
#include "sweep/suggest.h"

namespace kirchhoff::sweep {

std::string shard_file_name(int index, int count) {
  return "results.shard-" + std::to_string(index) + "-of-" + std::to_string(count) + ".csv";
}

CollectReport collect_results(const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string manifest_path = dir + "/sweep.json";
  if (!fs::exists(manifest_path)) {
    throw std::runtime_error(dir + ": no sweep.json; allowed: the --out folder of a sweep");
  }
  const StoredSweep stored = read_manifest(manifest_path);
  std::vector<std::string> files;
  std::error_code ec;
  // results.shard-<I>-of-<N>.csv
  auto is_shard_file = [](const std::string& name) {
    const std::string prefix = "results.shard-", suffix = ".csv";
    if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return false;
    }
    const std::string middle =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    const auto of = middle.find("-of-");
    return of != std::string::npos && is_word(middle.substr(0, of), "") &&
           is_word(middle.substr(of + 4), "") &&
           middle.find_first_not_of("0123456789-of") == std::string::npos;
  };
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (is_shard_file(name)) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (fs::exists(dir + "/results.csv")) files.push_back(dir + "/results.csv");
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < stored.point_ids.size(); ++i) index[stored.point_ids[i]] = i;
  const auto status_it = std::find(stored.columns.begin(), stored.columns.end(), "status");
  const std::size_t status_col = static_cast<std::size_t>(status_it - stored.columns.begin());
  std::vector<std::vector<std::string>> rows(stored.point_ids.size());
  CollectReport report;
  report.total = stored.point_ids.size();
  for (const auto& f : files) {
    const auto table = read_results(f);
    if (table.empty()) continue;
    if (table.front() != stored.columns) {
      throw std::runtime_error(f + ": its header is not the columns of the sweep in " +
                               manifest_path);
    }
    for (std::size_t r = 1; r < table.size(); ++r) {
      const auto& row = table[r];
      const auto it = row.empty() ? index.end() : index.find(row.front());
      if (it == index.end() || row.size() != stored.columns.size()) {
        throw std::runtime_error(f + ": row " + std::to_string(r + 1) +
                                 " is not a point of the sweep in " + manifest_path);
      }
      if (rows[it->second].empty()) rows[it->second] = row;  // the first file's row wins
    }
    report.sources.push_back(f);
  }
  std::string text = csv_line(stored.columns, false);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].empty()) {
      report.missing.push_back(stored.point_ids[i]);
      continue;
    }
    if (rows[i][status_col] == "ok") {
      ++report.ok;
    } else {
      report.failed.push_back(stored.point_ids[i] + " (" + rows[i][status_col] + ")");
    }
    text += csv_line(rows[i]);
  }
  write_file_atomic(dir + "/results.csv", text);
  return report;
}

}  // namespace kirchhoff::sweep
