// `kirchhoff sweep --collect DIR`: merges the shard files (results.shard-I-of-N.csv, and a
// results.csv already there) into DIR/results.csv in point order, written atomically, and
// reports the points that are missing or did not finish ok.
#pragma once

#include <string>
#include <vector>

namespace kirchhoff::sweep {

struct CollectReport {
  std::size_t total = 0, ok = 0;
  std::vector<std::string> missing;  // point ids without a row
  std::vector<std::string> failed;   // "p0003 (timeout)"
  std::vector<std::string> sources;  // the files merged
};

// Throws std::runtime_error naming the file for a missing sweep.json, a file whose header is
// not the sweep's columns or a row of an unknown point.
CollectReport collect_results(const std::string& dir);

// "results.shard-2-of-4.csv"
std::string shard_file_name(int index, int count);

}  // namespace kirchhoff::sweep
