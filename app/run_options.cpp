#include "app/run_options.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "app/cli.h"

namespace kirchhoff::app {

void check_config_name(const std::string& command, const std::string& path) {
  if (path.empty()) {
    throw UsageError(command +
                     " CONFIG: the configuration file name is empty; allowed: a YAML file" +
                     (command == "run" ? " (or no CONFIG for the built-in demo chip)" : ""));
  }
}

std::uint64_t parse_seed(const std::string& command, const std::string& text) {
  const std::string allowed = "; allowed: integer in [0, " + std::to_string(kMaxSeed) + "]";
  bool digits = !text.empty() && text.size() <= 20;
  for (const char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) throw UsageError(command + " --seed: '" + text + "' is not allowed" + allowed);
  const std::size_t first = text.find_first_not_of('0');
  const std::string significant = first == std::string::npos ? "0" : text.substr(first);
  // kMaxSeed has 16 digits; more cannot fit (and might not fit std::stoull either).
  if (significant.size() > 16 || std::stoull(significant) > kMaxSeed) {
    throw UsageError(command + " --seed: " + text + " is out of range" + allowed);
  }
  const std::uint64_t v = std::stoull(significant);
  return v;
}

void check_sample_interval_ns(double ns) {
  if (!std::isfinite(ns) || ns < 0.0 || ns > kMaxSampleIntervalNs) {
    throw UsageError(fmt::format(
        "run --sample-interval-ns: {} is not allowed; allowed: a number of ns in [0, {:g}]", ns,
        kMaxSampleIntervalNs));
  }
}

void check_replication(const std::string& command, int replication, const config::ChipConfig& cfg) {
  if (replication < 1 || replication > cfg.chip.tiles) {
    throw UsageError(command + " --replication: " + std::to_string(replication) +
                     " is not allowed; allowed: integer in [1, " + std::to_string(cfg.chip.tiles) +
                     "] (every copy needs at least one tile; chip.tiles is " +
                     std::to_string(cfg.chip.tiles) + ")");
  }
}

ConvPacking parse_conv_packing_option(const std::string& command, const std::string& text) {
  try {
    return parse_conv_packing(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(command + " --conv-packing: " + e.what());
  }
}

std::vector<std::string> run_result_files(const traces::TraceOptions& trace) {
  std::vector<std::string> files{"summary.json", "config.resolved.yaml"};
  if (trace.events) files.push_back("events.csv");
  if (trace.perfetto) files.push_back("timeline.json");
  if (trace.vcd) files.push_back("waves.vcd");
  if (trace.power_window_ns > 0) files.push_back("power.csv");
  return files;
}

}  // namespace kirchhoff::app
