#include "app/cli.h"

#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/interrupt.h"
#include "config/config_error.h"
#include "logging/log.h"

namespace kirchhoff::app {
namespace {

int interrupted_exit(int signal, const std::string& detail = {}) {
  std::cerr << "kirchhoff: " << (detail.empty() ? "interrupted by " + signal_name(signal) : detail)
            << "; no results written\n";
  return signal != 0 ? 128 + signal : kExitRuntime;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"Kirchhoff: a SystemC/TLM-2.0 model of analog in-memory-computing AI chips",
               "kirchhoff"};
  cli.set_version_flag("--version", std::string("kirchhoff ") + KIRCHHOFF_VERSION);
  cli.require_subcommand(1);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level,
                 "log level: trace|debug|info|warn|error|off, optionally per module, e.g. "
                 "warn,tile=debug")
      ->capture_default_str();

  std::map<std::string, std::function<int()>> actions;
  add_run_command(cli, actions);
  add_validate_command(cli, actions);
  add_config_command(cli, actions);
  add_traffic_command(cli, actions);
  add_info_command(cli, actions);
  add_device_command(cli, actions);
  add_map_command(cli, actions);
  add_sweep_command(cli, actions);
  add_baseline_command(cli, actions);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  try {
    logging::set_levels(log_level);
    for (auto* sub : cli.get_subcommands()) {
      auto it = actions.find(sub->get_name());
      if (it != actions.end()) return it->second();
    }
    return kExitBadInput;
  } catch (const Interrupted& e) {
    return interrupted_exit(e.signal());
  } catch (const config::ConfigError& e) {
    std::cerr << "kirchhoff: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const UsageError& e) {
    std::cerr << "kirchhoff: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "kirchhoff: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const traces::RunCancelled& e) {
    return interrupted_exit(interrupt_signal(), e.what());
  } catch (const std::exception& e) {
    // A signal can surface as another error of the half-stopped run.
    if (const int signal = interrupt_signal()) return interrupted_exit(signal);
    std::cerr << "kirchhoff: simulation failed: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace kirchhoff::app
