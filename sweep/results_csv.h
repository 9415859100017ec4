// results.csv (docs/sweeps.md): the stable column list, one row per finished point built from
// its summary.json, CSV quoting and parsing, and a file that is valid CSV at every instant: the
// header and every row are each one write(2) followed by fsync.
#pragma once

#include <string>
#include <vector>

#include "sweep/expansion.h"
#include "sweep/sweep_spec.h"

namespace kirchhoff::sweep {

// The metric columns, in order, after `wall_s`.
const std::vector<std::string>& metric_columns();

// point, the axis keys, replicate, seed, status, exit_code, wall_s, the metrics, error.
std::vector<std::string> result_columns(const std::vector<std::string>& axis_keys);

// The metric cells (empty when absent) from a summary.json text; throws std::runtime_error
// when the text is not a JSON object.
std::vector<std::string> metric_cells(const std::string& summary_json);

enum class PointStatus { kOk, kFailed, kTimeout, kCrashed };
std::string status_name(PointStatus s);

struct PointOutcome {
  PointStatus status = PointStatus::kOk;
  int exit_code = 0;
  double wall_s = 0.0;
  std::vector<std::string> metrics;  // metric_columns().size() cells, or empty: all absent
  std::string error;
};

std::vector<std::string> result_row(const SweepPoint& point, const PointOutcome& outcome);

// One CSV line with its newline; a cell with a comma, quote, newline or surrounding space is
// quoted; the error cell (the last) is always quoted unless empty.
std::string csv_line(const std::vector<std::string>& cells, bool quote_last = true);
// Parses CSV text (RFC 4180 quoting) into rows of cells; a last line without a newline is
// dropped and counted in `torn` (may be null).
std::vector<std::vector<std::string>> parse_csv(const std::string& text, std::size_t* torn);

// An append-only results file.
class ResultsFile {
 public:
  // Creates `path` with `header` (fresh), or opens it to append (resume): a last line without
  // newline is cut off, the header must equal `header`. Throws std::runtime_error naming the
  // file otherwise.
  ResultsFile(const std::string& path, const std::vector<std::string>& header, bool resume);
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  // The rows the file held when it was opened (resume), without the header.
  const std::vector<std::vector<std::string>>& existing_rows() const { return existing_; }
  // Appends one whole row: one write(2), then fsync.
  void append(const std::vector<std::string>& row);

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::vector<std::string>> existing_;
};

// Reads a whole results file: header then rows; throws std::runtime_error naming the file.
std::vector<std::vector<std::string>> read_results(const std::string& path);

}  // namespace kirchhoff::sweep
