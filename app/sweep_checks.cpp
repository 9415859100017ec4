#include "app/sweep_checks.h"

#include <filesystem>
#include <stdexcept>

#include "app/cli.h"
#include "app/run_options.h"
#include "app/run_workload.h"
#include "config/config_error.h"
#include "sweep/point_config.h"
#include "traces/trace_options.h"

namespace kirchhoff::app {
namespace {

void check_file(const std::string& option, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw UsageError("run." + option + ": '" + path + "' " +
                     (fs::exists(path, ec) ? "is not a regular file" : "does not exist") +
                     "; allowed: a readable file (relative to the sweep file)");
  }
}

void check_run_values(const sweep::SweepSpec& spec, const sweep::RunValues& run,
                      const config::ChipConfig& cfg) {
  auto value = [&](const std::string& name) {
    const auto it = run.find(name);
    return it == run.end() ? std::string() : it->second;
  };
  const std::string workload = value("workload");
  const bool dense = workload == kDenseWorkload;
  if (!workload.empty() && !dense)
    check_file("workload", sweep::resolve_run_path(spec.dir, workload));
  if (!workload.empty() && !dense && value("inputs").empty()) {
    throw UsageError(
        "run.workload: a workload file needs run.inputs (X.npy); allowed: "
        "workload 'dense' or omitted (the built-in demo network) without inputs");
  }
  for (const char* name : {"inputs", "labels", "calibration"}) {
    if (!value(name).empty()) check_file(name, sweep::resolve_run_path(spec.dir, value(name)));
  }
  if (dense && !value("inputs").empty()) {
    throw UsageError(
        "run.inputs: the dense workload draws its inputs from the seed; allowed: "
        "run.inputs with a workload file");
  }
  if (dense && !value("calibration").empty()) {
    throw UsageError(
        "run.calibration: the dense workload has fixed ranges; allowed: a network "
        "with inputs");
  }
  if (!value("replication").empty()) {
    check_replication("run", std::stoi(value("replication")), cfg);
  }
  if (!value("sample_interval_ns").empty()) {
    check_sample_interval_ns(std::stod(value("sample_interval_ns")));
  }
  traces::TraceOptions trace;
  if (!value("power_window_ns").empty())
    trace.power_window_ns = std::stod(value("power_window_ns"));
  traces::check_trace_options(trace);
  if (!dense) {
    auto is_workload_key = [](const std::string& k) { return k.rfind("workload.", 0) == 0; };
    for (const auto& [k, v] : spec.set) {
      if (is_workload_key(k)) {
        throw UsageError("set: " + k +
                         ": the workload.* keys configure the synthetic workload; "
                         "allowed with run.workload: dense");
      }
    }
    for (const auto& k : spec.axis_keys) {
      if (is_workload_key(k)) {
        throw UsageError(k +
                         ": the workload.* keys configure the synthetic workload; allowed "
                         "with run.workload: dense");
      }
    }
  }
}

}  // namespace

config::ChipConfig check_point(const sweep::SweepSpec& spec, const config::ChipConfig& base,
                               const sweep::SweepPoint& point) {
  config::ChipConfig cfg = sweep::point_config(spec, base, point);
  try {
    check_run_values(spec, sweep::point_run_values(spec, point), cfg);
  } catch (const std::exception& e) {  // UsageError, std::invalid_argument
    throw config::ConfigError(
        config::Location{spec.file},
        "point " + point.id + " (" + sweep::describe_point(spec, point) + "): " + e.what());
  }
  return cfg;
}

}  // namespace kirchhoff::app
