// What every way of running a sweep does first: read, expand and check the sweep file, and
// make the output folder hold it (sweep.json), or check that it holds this very sweep.
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"
#include "sweep/expansion.h"
#include "sweep/sweep_spec.h"

namespace kirchhoff::app {

// The loaded, expanded and checked sweep.
struct LoadedSweep {
  sweep::SweepSpec spec;
  std::string base_yaml;    // sweep::base_config_yaml
  config::ChipConfig base;  // base_yaml loaded (sweep::base_config): what every point starts from
  std::vector<sweep::SweepPoint> points;
  std::vector<config::ChipConfig> configs;  // each point's checked configuration, by index
};

// Parses, expands and checks every point (app/sweep_checks.h); throws ConfigError (exit 2).
LoadedSweep load_sweep(const std::string& file);

// Creates DIR and writes sweep.json, or checks that the sweep.json there is this sweep's
// (same hash); throws UsageError naming DIR otherwise.
void prepare_out_dir(const LoadedSweep& s, const std::string& out);

// The absolute path of this program (/proc/self/exe): what the points and Slurm tasks run.
std::string self_executable();
std::string absolute_path(const std::string& p);

}  // namespace kirchhoff::app
