// `kirchhoff validate CONFIG` and `kirchhoff config --schema`.
#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/run_options.h"
#include "config/config_loader.h"
#include "config/system_config.h"

namespace kirchhoff::app {

void add_validate_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::vector<std::string> sets;
    bool print = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand("validate", "check a chip configuration file");
  cmd->add_option("CONFIG", o->config, "YAML chip configuration")->required();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  cmd->add_flag("--print", o->print, "print the fully resolved configuration");
  actions["validate"] = [o] {
    check_config_name("validate", o->config);
    if (config::is_system_file(o->config)) {  // a multi-chip system: every chip's file too
      const config::SystemConfig sys = config::load_system_config(o->config, o->sets);
      if (o->print)
        for (const auto& c : sys.chips)
          std::cout << "# " << c.name << ": " << c.config_path << "\n"
                    << config::resolved_yaml(c.config);
      std::cout << o->config << ": valid (" << sys.chips.size() << " chips)\n";
      return kExitOk;
    }
    const auto cfg = config::load_config(o->config, o->sets);
    if (o->print) std::cout << config::resolved_yaml(cfg);
    std::cout << o->config << ": valid\n";
    return kExitOk;
  };
}

void add_config_command(CLI::App& cli, Actions& actions) {
  auto schema = std::make_shared<bool>(false);
  auto* cmd = cli.add_subcommand("config", "describe the configuration keys");
  cmd->add_flag("--schema", *schema,
                "print every key with its type, unit, default, allowed range and meaning");
  actions["config"] = [schema] {
    if (!*schema) throw UsageError("config: nothing to do; use `kirchhoff config --schema`");
    std::cout << config::schema_table();
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
