// A point's chip configuration: the sweep's base (a file or an inline map, either may use
// `extends:`), then the sweep's `set`, then the point's configuration axes, then sim.seed =
// the point's seed; resolved and checked as `kirchhoff validate` checks a file.
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"
#include "sweep/expansion.h"
#include "sweep/sweep_spec.h"

namespace kirchhoff::sweep {

// The base configuration as a fully resolved YAML text (not yet checked for consistency: the
// sweep's overrides may be what makes it consistent).
std::string base_config_yaml(const SweepSpec& spec);

// The --set assignments of a point: the sweep's `set`, the configuration axes, sim.seed.
std::vector<std::string> point_overrides(const SweepSpec& spec, const SweepPoint& point);

// The point's run options: the sweep's `run:` with the point's run.* axes.
RunValues point_run_values(const SweepSpec& spec, const SweepPoint& point);

// The point's configuration; a ConfigError names the sweep file, the point id and its axis
// values, then what was wrong and what is allowed.
// `base`: base_config(spec), loaded once for all points.
config::ChipConfig point_config(const SweepSpec& spec, const config::ChipConfig& base,
                                const SweepPoint& point);

// The base configuration as the points start from it: base_config_yaml(spec) loaded.
config::ChipConfig base_config(const SweepSpec& spec, const std::string& base_yaml);

// "tile.adc.bits=6, tile.rows=128" (replicate appended when the sweep has seeds > 1).
std::string describe_point(const SweepSpec& spec, const SweepPoint& point);

}  // namespace kirchhoff::sweep
