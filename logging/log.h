// Logging: one named spdlog logger per module, with hierarchical names ("tile.tile0",
// "host", "noc.router3"). Levels are set globally and per module prefix with a spec such as
// "info" or "warn,tile=debug,host=trace"; SystemC's own reports are routed into the "systemc"
// logger.
#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace kirchhoff::logging {

// The logger for a module, created on first use with the level its name's spec asks for.
std::shared_ptr<spdlog::logger> get(const std::string& name);

// Applies a level spec: "LEVEL" or "LEVEL,prefix=LEVEL,...". The longest matching prefix wins.
// Throws std::invalid_argument naming the bad part and the allowed levels.
void set_levels(const std::string& spec);

// Routes sc_report_handler output (info, warnings, errors, fatals) into spdlog.
void install_systemc_report_handler();

// Disables the SystemC copyright banner; must run before any SystemC object exists.
void suppress_systemc_banner();

}  // namespace kirchhoff::logging
