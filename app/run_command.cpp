// `kirchhoff run [CONFIG]`: simulates the chip on the workload and writes the results.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/interrupt.h"
#include "app/output_files.h"
#include "app/run_options.h"
#include "app/workload_inputs.h"
#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/simulation.h"
#include "host/workload_simulation.h"
#include "logging/log.h"
#include "traces/trace_options.h"
#include "workloads/native_workload.h"

namespace kirchhoff::app {

void add_run_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::string out = "out/run";
    std::vector<std::string> sets;
    std::string seed;
    traces::TraceOptions trace;
    std::string workload, inputs, labels;
    int samples = -1;
    double sample_interval_ns = 0;
    double uint8_scale = 1.0 / 255.0;
    int replication = 1;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "run",
      "simulate a chip on a workload (without CONFIG: the built-in default chip and "
      "workload)");
  auto* config = cmd->add_option("CONFIG", o->config, "YAML chip configuration");
  cmd->add_option("--out", o->out, "output directory")->capture_default_str();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  auto* seed = cmd->add_option("--seed", o->seed, "root seed (same as --set sim.seed=N)");
  cmd->add_option("--workload", o->workload,
                  "network to run: .onnx or native .yaml (default: the built-in one-layer "
                  "workload of the config's workload.* keys)");
  cmd->add_option("--inputs", o->inputs, "input samples X.npy [N, ...] (float32 or uint8)");
  cmd->add_option("--labels", o->labels, "labels Y.npy [N] for top-1 accuracy");
  cmd->add_option("--samples", o->samples, "run the first N samples (default: all)");
  cmd->add_option("--sample-interval-ns", o->sample_interval_ns,
                  "earliest spacing of samples in ns (default 0: back to back)");
  cmd->add_option("--uint8-scale", o->uint8_scale, "factor for uint8 inputs")
      ->capture_default_str();
  cmd->add_option("--replication", o->replication, "copies of every weight layer")
      ->capture_default_str();
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
  actions["run"] = [o, seed, config] {
    const InterruptHandlers interrupt_handlers;
    if (*config) check_config_name("run", o->config);
    std::vector<std::string> sets = o->sets;
    if (*seed) sets.push_back("sim.seed=" + std::to_string(parse_seed("run", o->seed)));
    check_sample_interval_ns(o->sample_interval_ns);
    traces::check_trace_options(o->trace);
    const auto cfg = config::load_config(o->config, sets);
    // Before the recorder: destroyed after it, when its sinks have removed their partial files.
    std::optional<OutputDirectory> out;  // removes what a failed run left, unless kept
    traces::Recorder recorder;
    traces::TraceOptions trace = o->trace;
    trace.dir = o->out;
    trace.reorder_window_ns = std::max(trace.reorder_window_ns, 2.0 * cfg.sim.quantum_ns);
    if (o->workload.empty() != o->inputs.empty()) {
      throw UsageError("run: --workload and --inputs go together (a network and its inputs)");
    }
    if (!o->labels.empty() && o->workload.empty()) {
      throw UsageError("run: --labels needs --workload and --inputs");
    }
    RunSummary summary;
    nlohmann::ordered_json extra;
    std::string extra_text;
    if (!o->workload.empty()) {
      if (o->samples == 0 || o->samples < -1) {
        throw UsageError("run --samples: " + std::to_string(o->samples) +
                         " is not allowed; allowed: integer >= 1");
      }
      check_replication("run", o->replication, cfg);
      const WorkloadGraph graph = load_workload(o->workload);
      const auto inputs = read_inputs(o->inputs, graph, o->uint8_scale);
      std::vector<int> labels;
      if (!o->labels.empty()) labels = read_labels(o->labels, inputs.size());
      MapperOptions mo;
      mo.replication = o->replication;
      const MappingPlan plan = map_workload(graph, cfg, mo);
      WorkloadRunOptions ro;
      ro.samples = o->samples;
      ro.sample_interval_ns = o->sample_interval_ns;
      out.emplace(o->out, run_result_files(trace));
      attach_sinks(recorder, trace);
      stop_simulation_on_interrupt(recorder);
      const WorkloadRunResult r = run_workload_simulation(
          cfg, graph, plan, inputs, labels.empty() ? nullptr : &labels, ro, recorder);
      if (r.host_failed) {
        std::cerr << "kirchhoff: simulation failed: the host saw a transaction error (see log)\n";
        return kExitRuntime;
      }
      summary = r.summary;
      extra["workload"] = graph.name;
      nlohmann::ordered_json layers;
      for (std::size_t i = 0; i < r.layer_names.size(); ++i) {
        layers[r.layer_names[i]] = r.layer_rel_l2_error[i];
        extra_text +=
            "  rel. L2 error " + r.layer_names[i] +
            std::string(r.layer_names[i].size() < 12 ? 12 - r.layer_names[i].size() : 1, ' ') +
            fmt::format("{:.3e}\n", r.layer_rel_l2_error[i]);
      }
      extra["layer_rel_l2_error"] = layers;
      if (r.top1_chip >= 0) {
        extra["top1_chip"] = r.top1_chip;
        extra["top1_reference"] = r.top1_reference;
        extra_text += fmt::format("  top-1 chip / reference    {:.2f} % / {:.2f} %\n",
                                  100 * r.top1_chip, 100 * r.top1_reference);
      }
    } else {
      out.emplace(o->out, run_result_files(trace));
      attach_sinks(recorder, trace);
      stop_simulation_on_interrupt(recorder);
      summary = run_simulation(cfg, recorder).summary;
    }
    for (const auto& w : recorder.sink_warnings()) logging::get("traces")->warn("{}", w);
    throw_if_interrupted();
    write_file_atomically(o->out + "/config.resolved.yaml", config::resolved_yaml(cfg));
    nlohmann::ordered_json j = to_json(summary);
    for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
    write_file_atomically(o->out + "/summary.json", j.dump(2) + "\n");
    out->keep();
    std::cout << to_text(summary) << extra_text;
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
