// `kirchhoff run [CONFIG]`: simulates the chip on the workload and writes the results.
#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/output_files.h"
#include "config/config_loader.h"
#include "host/simulation.h"
#include "logging/log.h"

namespace kirchhoff::app {

void add_run_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::string out = "out/run";
    std::vector<std::string> sets;
    std::uint64_t seed = 0;
    bool seed_given = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "run",
      "simulate a chip on a workload (without CONFIG: the built-in default chip and "
      "workload)");
  cmd->add_option("CONFIG", o->config, "YAML chip configuration");
  cmd->add_option("--out", o->out, "output directory")->capture_default_str();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  auto* seed = cmd->add_option("--seed", o->seed, "root seed (same as --set sim.seed=N)");
  actions["run"] = [o, seed] {
    std::vector<std::string> sets = o->sets;
    if (*seed) sets.push_back("sim.seed=" + std::to_string(o->seed));
    const auto cfg = config::load_config(o->config, sets);
    ensure_directory(o->out);
    traces::Recorder recorder;
    const SimulationResult r = run_simulation(cfg, recorder);
    if (r.host_failed) {
      std::cerr << "kirchhoff: simulation failed: the host saw a transaction error (see log)\n";
      return kExitRuntime;
    }
    write_file_atomically(o->out + "/config.resolved.yaml", config::resolved_yaml(cfg));
    write_file_atomically(o->out + "/summary.json", to_json(r.summary).dump(2) + "\n");
    std::cout << to_text(r.summary);
    std::cout << "  results in                " << o->out
              << "/ (summary.json, config.resolved.yaml)\n";
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
