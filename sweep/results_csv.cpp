#include "sweep/results_csv.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace kirchhoff::sweep {
namespace {

using Json = nlohmann::ordered_json;

// Each metric column and where summary.json holds it.
struct Metric {
  const char* column;
  std::vector<const char*> path;
};

const std::vector<Metric>& metrics() {
  static const std::vector<Metric> m{
      {"latency_first_ns", {"latency_ns", "first"}},
      {"latency_mean_ns", {"latency_ns", "mean"}},
      {"latency_p99_ns", {"latency_ns", "p99"}},
      {"throughput_samples_per_s", {"throughput_samples_per_s"}},
      {"mvms", {"mvms"}},
      {"ops", {"ops"}},
      {"tops", {"tops"}},
      {"tops_per_w", {"tops_per_w"}},
      {"tile_energy_pj", {"efficiency", "tile", "energy_pj"}},
      {"tile_tops_per_w", {"efficiency", "tile", "tops_per_w"}},
      {"chip_energy_pj", {"efficiency", "chip", "energy_pj"}},
      {"chip_tops_per_w", {"efficiency", "chip", "tops_per_w"}},
      {"system_energy_pj", {"efficiency", "system", "energy_pj"}},
      {"system_tops_per_w", {"efficiency", "system", "tops_per_w"}},
      {"energy_total_pj", {"energy_pj", "total"}},
      {"energy_array_pj", {"energy_pj", "array"}},
      {"energy_dac_pj", {"energy_pj", "dac"}},
      {"energy_adc_pj", {"energy_pj", "adc"}},
      {"energy_dpu_pj", {"energy_pj", "dpu"}},
      {"energy_buffer_pj", {"energy_pj", "buffer"}},
      {"energy_network_pj", {"energy_pj", "network"}},
      {"energy_host_io_pj", {"energy_pj", "host_io"}},
      {"energy_programming_pj", {"energy_pj", "programming"}},
      {"energy_static_pj", {"energy_pj", "static"}},
      {"energy_active_pj", {"energy_pj", "active"}},
      {"programming_time_ns", {"programming_time_ns"}},
      {"top1_chip", {"top1_chip"}},
      {"top1_reference", {"top1_reference"}},
      {"output_rel_l2_error", {"output_rel_l2_error"}},
  };
  return m;
}

std::string cell_of(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v.get<double>());
    return buf;
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return {};
}

bool needs_quotes(const std::string& s) {
  return s.find_first_of(",\"\r\n") != std::string::npos ||
         (!s.empty() && (s.front() == ' ' || s.back() == ' '));
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int err = 0) {
  throw std::runtime_error(path + ": " + what +
                           (err != 0 ? ": " + std::string(std::strerror(err)) : ""));
}

void write_all(int fd, const std::string& text, const std::string& path) {
  // One write(2) of a whole line; a short write (a full disk) is an error, not a torn row left
  // for later: the line is cut back off.
  const off_t before = ::lseek(fd, 0, SEEK_END);
  const ssize_t n = ::write(fd, text.data(), text.size());
  if (n != static_cast<ssize_t>(text.size())) {
    const int err = n < 0 ? errno : ENOSPC;
    if (before >= 0) (void)::ftruncate(fd, before);
    fail(path, "cannot append a row", err);
  }
  if (::fsync(fd) != 0) fail(path, "cannot sync", errno);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open", errno);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

const std::vector<std::string>& metric_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c;
    for (const auto& m : metrics()) c.push_back(m.column);
    c.push_back("output_layer");
    return c;
  }();
  return columns;
}

std::vector<std::string> result_columns(const std::vector<std::string>& axis_keys) {
  std::vector<std::string> c{"point"};
  c.insert(c.end(), axis_keys.begin(), axis_keys.end());
  c.insert(c.end(), {"replicate", "seed", "status", "exit_code", "wall_s"});
  c.insert(c.end(), metric_columns().begin(), metric_columns().end());
  c.push_back("error");
  return c;
}

std::vector<std::string> metric_cells(const std::string& summary_json) {
  const Json j = Json::parse(summary_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw std::runtime_error("summary.json is not a JSON object");
  std::vector<std::string> cells;
  for (const auto& m : metrics()) {
    const Json* v = &j;
    for (const char* key : m.path) {
      if (!v->is_object() || !v->contains(key)) {
        v = nullptr;
        break;
      }
      v = &(*v)[key];
    }
    cells.push_back(v != nullptr ? cell_of(*v) : std::string());
  }
  std::string output_layer;
  if (j.contains("layer_rel_l2_error") && j["layer_rel_l2_error"].is_object() &&
      !j["layer_rel_l2_error"].empty()) {
    output_layer = j["layer_rel_l2_error"].items().begin().key();
    for (const auto& item : j["layer_rel_l2_error"].items()) output_layer = item.key();
  }
  cells.push_back(output_layer);
  return cells;
}

std::string status_name(PointStatus s) {
  switch (s) {
    case PointStatus::kOk:
      return "ok";
    case PointStatus::kFailed:
      return "failed";
    case PointStatus::kTimeout:
      return "timeout";
    case PointStatus::kCrashed:
      return "crashed";
  }
  return "failed";
}

std::vector<std::string> result_row(const SweepPoint& point, const PointOutcome& outcome) {
  std::vector<std::string> row{point.id};
  row.insert(row.end(), point.values.begin(), point.values.end());
  char wall[64];
  std::snprintf(wall, sizeof wall, "%.17g", outcome.wall_s);
  row.insert(row.end(), {std::to_string(point.replicate), std::to_string(point.seed),
                         status_name(outcome.status), std::to_string(outcome.exit_code), wall});
  if (outcome.metrics.size() == metric_columns().size()) {
    row.insert(row.end(), outcome.metrics.begin(), outcome.metrics.end());
  } else {
    row.insert(row.end(), metric_columns().size(), std::string());
  }
  row.push_back(outcome.error);
  return row;
}

std::string csv_line(const std::vector<std::string>& cells, bool quote_last) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    const bool last = i + 1 == cells.size();
    const bool quote = needs_quotes(cells[i]) || (last && quote_last && !cells[i].empty());
    line += quote ? quoted(cells[i]) : cells[i];
  }
  return line + "\n";
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text, std::size_t* torn) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false, row_open = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    row_open = true;
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      row_open = false;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (torn != nullptr) *torn = row_open ? 1 : 0;
  return rows;
}

ResultsFile::ResultsFile(const std::string& path, const std::vector<std::string>& header,
                         bool resume)
    : path_(path) {
  const std::string header_line = csv_line(header, false);
  if (resume && ::access(path.c_str(), F_OK) == 0) {
    const std::string text = read_text(path);
    std::size_t torn = 0;
    auto rows = parse_csv(text, &torn);
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) fail(path, "cannot open for appending", errno);
    if (torn != 0) {
      // A row cut by a crash between write and fsync: drop it (its point runs again).
      const std::size_t keep = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
      if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) fail(path, "cannot truncate", errno);
    }
    if (rows.empty()) {
      write_all(fd_, header_line, path);
      return;
    }
    if (rows.front() != header) {
      fail(path, "its header is not this sweep's columns (" + header_line.substr(0, 80) +
                     "...); allowed: the results of this sweep file");
    }
    existing_.assign(rows.begin() + 1, rows.end());
    return;
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path, "cannot create", errno);
  write_all(fd_, header_line, path);
}

ResultsFile::~ResultsFile() {
  if (fd_ >= 0) ::close(fd_);
}

void ResultsFile::append(const std::vector<std::string>& row) {
  write_all(fd_, csv_line(row), path_);
}

std::vector<std::vector<std::string>> read_results(const std::string& path) {
  return parse_csv(read_text(path), nullptr);
}

}  // namespace kirchhoff::sweep
