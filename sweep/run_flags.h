// The options of `kirchhoff run` a sweep file may give (its `run:` map) or vary (`run.*` axes):
// their names, value types and ranges, and the `run` flags they become in a point's command line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kirchhoff::sweep {

enum class RunValueType { kWorkload, kPath, kInt, kFloat, kBool };

struct RunOption {
  std::string name;  // key under `run:` ("samples"); as an axis "run.samples"
  RunValueType type;
  std::string flag;  // the `kirchhoff run` flag ("--samples"); empty: not passed (seed)
  double min = 0.0;  // inclusive range of kInt / kFloat
  double max = 0.0;
  bool min_exclusive = false;  // kFloat: (min, max]
  std::string allowed() const;
};

// Every run option, in documentation order.
const std::vector<RunOption>& run_options();
const RunOption* find_run_option(const std::string& name);
std::vector<std::string> run_option_names();

// Run option values by name, as written (paths relative to the sweep file).
using RunValues = std::map<std::string, std::string>;

// The reason `text` is not a value of `option`, or nothing if it is one.
std::optional<std::string> run_value_error(const RunOption& option, const std::string& text);

// `text` as a path relative to `dir` unless it is absolute (or the workload "dense").
std::string resolve_run_path(const std::string& dir, const std::string& text);

// The `kirchhoff run` arguments for these values (paths made absolute from `dir`), in
// run_options() order: {"--workload", "/abs/cnn.onnx", "--samples", "64", "--events", ...}.
std::vector<std::string> run_arguments(const RunValues& values, const std::string& dir);

}  // namespace kirchhoff::sweep
