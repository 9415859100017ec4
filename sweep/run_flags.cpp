#include "sweep/run_flags.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "config/schema.h"

namespace kirchhoff::sweep {

std::string RunOption::allowed() const {
  switch (type) {
    case RunValueType::kWorkload:
      return "a .onnx or native .yaml file (relative to the sweep file) or 'dense'";
    case RunValueType::kPath:
      return "a .npy file (relative to the sweep file)";
    case RunValueType::kBool:
      return "true or false";
    case RunValueType::kInt:
      return "integer in [" + config::format_number(min) + ", " + config::format_number(max) + "]";
    case RunValueType::kFloat:
      return std::string("number in ") + (min_exclusive ? "(" : "[") + config::format_number(min) +
             ", " + config::format_number(max) + "]";
  }
  return {};
}

const std::vector<RunOption>& run_options() {
  static const std::vector<RunOption> options{
      {"workload", RunValueType::kWorkload, "--workload"},
      {"inputs", RunValueType::kPath, "--inputs"},
      {"labels", RunValueType::kPath, "--labels"},
      {"calibration", RunValueType::kPath, "--calibration"},
      {"samples", RunValueType::kInt, "--samples", 1, 2147483647.0},
      {"repeat", RunValueType::kBool, "--repeat"},
      {"seed", RunValueType::kInt, "", 0, 9007199254740991.0},
      {"uint8_scale", RunValueType::kFloat, "--uint8-scale", 0, 1e300, true},
      {"sample_interval_ns", RunValueType::kFloat, "--sample-interval-ns", 0, 1e9},
      {"replication", RunValueType::kInt, "--replication", 1, 1048576.0},
      {"outputs", RunValueType::kBool, "--outputs"},
      {"events", RunValueType::kBool, "--events"},
      {"power_window_ns", RunValueType::kFloat, "--power", 0, 1e12},
      {"vcd", RunValueType::kBool, "--vcd"},
      {"perfetto", RunValueType::kBool, "--perfetto"},
  };
  return options;
}

const RunOption* find_run_option(const std::string& name) {
  for (const auto& o : run_options()) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::vector<std::string> run_option_names() {
  std::vector<std::string> names;
  for (const auto& o : run_options()) names.push_back(o.name);
  return names;
}

std::optional<std::string> run_value_error(const RunOption& option, const std::string& text) {
  const std::string bad = "'" + text + "' is not allowed; allowed: " + option.allowed();
  switch (option.type) {
    case RunValueType::kWorkload:
    case RunValueType::kPath:
      if (text.empty()) return "the file name is empty; allowed: " + option.allowed();
      return std::nullopt;
    case RunValueType::kBool:
      if (text == "true" || text == "false") return std::nullopt;
      return bad;
    case RunValueType::kInt: {
      bool digits = !text.empty() && text.size() <= 16;
      for (const char c : text) digits = digits && c >= '0' && c <= '9';
      if (!digits) return bad;
      const double v = std::strtod(text.c_str(), nullptr);
      if (v < option.min || v > option.max) return bad;
      return std::nullopt;
    }
    case RunValueType::kFloat: {
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !std::isfinite(v)) {
        return bad;
      }
      if (v < option.min || v > option.max || (option.min_exclusive && v == option.min)) {
        return bad;
      }
      return std::nullopt;
    }
  }
  return bad;
}

std::string resolve_run_path(const std::string& dir, const std::string& text) {
  namespace fs = std::filesystem;
  if (text == "dense") return text;
  const fs::path p(text);
  if (p.is_absolute()) return text;
  return (fs::absolute(fs::path(dir)) / p).lexically_normal().string();
}

std::vector<std::string> run_arguments(const RunValues& values, const std::string& dir) {
  std::vector<std::string> args;
  for (const auto& o : run_options()) {
    const auto it = values.find(o.name);
    if (it == values.end() || o.flag.empty()) continue;
    switch (o.type) {
      case RunValueType::kBool:
        if (it->second == "true") args.push_back(o.flag);
        break;
      case RunValueType::kWorkload:
      case RunValueType::kPath:
        args.insert(args.end(), {o.flag, resolve_run_path(dir, it->second)});
        break;
      default:
        args.insert(args.end(), {o.flag, it->second});
    }
  }
  return args;
}

}  // namespace kirchhoff::sweep
