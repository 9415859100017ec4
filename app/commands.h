// Subcommands of the `kirchhoff` command line; each adds itself to the CLI11 app and registers
// the action to run when it is chosen.
#pragma once

#include <functional>
#include <map>
#include <string>

namespace CLI {
class App;
}

namespace kirchhoff::app {

using Actions = std::map<std::string, std::function<int()>>;

void add_run_command(CLI::App& cli, Actions& actions);
void add_validate_command(CLI::App& cli, Actions& actions);
void add_config_command(CLI::App& cli, Actions& actions);
void add_traffic_command(CLI::App& cli, Actions& actions);
void add_info_command(CLI::App& cli, Actions& actions);
void add_device_command(CLI::App& cli, Actions& actions);
void add_map_command(CLI::App& cli, Actions& actions);
void add_sweep_command(CLI::App& cli, Actions& actions);
void add_baseline_command(CLI::App& cli, Actions& actions);

}  // namespace kirchhoff::app
