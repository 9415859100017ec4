// `kirchhoff run [CONFIG]`: simulates the chip on the workload and writes the results.
#include <algorithm>
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
#include "traces/trace_options.h"

namespace kirchhoff::app {

void add_run_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::string out = "out/run";
    std::vector<std::string> sets;
    std::uint64_t seed = 0;
    traces::TraceOptions trace;
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
  cmd->add_flag("--events", o->trace.events, "write DIR/events.csv: one row per event");
  cmd->add_flag("--perfetto", o->trace.perfetto,
                "write DIR/timeline.json (Chrome/Perfetto trace-event JSON)");
  cmd->add_flag("--vcd", o->trace.vcd, "write DIR/waves.vcd (waveforms)");
  cmd->add_option("--vcd-filter", o->trace.vcd_filter,
                  "comma-separated globs on VCD signal names (default: all)");
  cmd->add_option("--vcd-timescale-ns", o->trace.vcd_timescale_ns, "VCD timescale in ns")
      ->capture_default_str();
  cmd->add_option("--power", o->trace.power_window_ns,
                  "write DIR/power.csv: average power per category per WINDOW_NS window");
  actions["run"] = [o, seed] {
    std::vector<std::string> sets = o->sets;
    if (*seed) sets.push_back("sim.seed=" + std::to_string(o->seed));
    const auto cfg = config::load_config(o->config, sets);
    ensure_directory(o->out);
    traces::Recorder recorder;
    traces::TraceOptions trace = o->trace;
    trace.dir = o->out;
    trace.reorder_window_ns = std::max(trace.reorder_window_ns, 2.0 * cfg.sim.quantum_ns);
    attach_sinks(recorder, trace);
    const SimulationResult r = run_simulation(cfg, recorder);
    if (r.host_failed) {
      std::cerr << "kirchhoff: simulation failed: the host saw a transaction error (see log)\n";
      return kExitRuntime;
    }
    for (const auto& w : recorder.sink_warnings()) logging::get("traces")->warn("{}", w);
    write_file_atomically(o->out + "/config.resolved.yaml", config::resolved_yaml(cfg));
    write_file_atomically(o->out + "/summary.json", to_json(r.summary).dump(2) + "\n");
    std::cout << to_text(r.summary);
    std::string files = "summary.json, config.resolved.yaml";
    if (trace.events) files += ", events.csv";
    if (trace.perfetto) files += ", timeline.json";
    if (trace.vcd) files += ", waves.vcd";
    if (trace.power_window_ns > 0) files += ", power.csv";
    std::cout << "  results in                " << o->out << "/ (" << files << ")\n";
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
