// The checks `kirchhoff sweep` makes on every point before anything runs: the point's chip
// configuration (as `kirchhoff validate` would) and its run options (as `kirchhoff run` would,
// before simulating). A bad point is a ConfigError (exit 2) naming the sweep file, the point
// id and values, the key and what is allowed.
#pragma once

#include <string>

#include "config/chip_config.h"
#include "sweep/expansion.h"
#include "sweep/sweep_spec.h"

namespace kirchhoff::app {

// Checks the point; returns its configuration.
config::ChipConfig check_point(const sweep::SweepSpec& spec, const config::ChipConfig& base,
                               const sweep::SweepPoint& point);

}  // namespace kirchhoff::app
