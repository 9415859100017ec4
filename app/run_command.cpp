// `kirchhoff run [CONFIG]`: simulates the chip on a workload (app/run_workload.h: a file with its
// inputs, the synthetic `dense` one, or the built-in demo) and writes the results. One path for
// all: workloads/ builds the graph, compiler/ maps it, host/ runs it, report/ formats what it
// gives.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/baseline_presets.h"
#include "app/baseline_side_by_side.h"
#include "app/builtin_demo.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/digital_layers_option.h"
#include "app/interrupt.h"
#include "app/output_files.h"
#include "app/progress_meter.h"
#include "app/run_options.h"
#include "app/run_workload.h"
#include "app/sensitivity_calibration.h"
#include "app/system_commands.h"
#include "app/workload_inputs.h"
#include "baseline/digital_model.h"
#include "compiler/calibrated_config.h"
#include "compiler/input_ranges.h"
#include "compiler/mapper.h"
#include "compiler/output_ranges.h"
#include "config/config_loader.h"
#include "config/system_config.h"
#include "host/workload_simulation.h"
#include "logging/log.h"
#include "traces/trace_options.h"
#include "workloads/npy_stream_writer.h"
#include "workloads/workload_error.h"

namespace kirchhoff::app {

void add_run_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::string out = "out/run";
    std::vector<std::string> sets;
    std::string digital_layers;
    int sensitivity_samples = kDefaultSensitivitySamples;
    std::string seed;
    traces::TraceOptions trace;
    std::string workload, inputs, labels, calibration;
    int samples = -1;
    bool repeat = false;
    bool outputs = false;
    double sample_interval_ns = 0;
    double uint8_scale = 1.0 / 255.0;
    int replication = 1;
    std::string conv_packing = "off";
    ProgressRequest progress = ProgressRequest::automatic;
    std::string baseline;  // accelerator preset or file: the side-by-side
    int baseline_batch = 1;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "run",
      "simulate a chip on a workload (without CONFIG and --workload: the built-in demo, the "
      "shipped Fashion-MNIST CNN on 256 test images on the " KIRCHHOFF_DEMO_CHIP " chip)");
  auto* config = cmd->add_option("CONFIG", o->config, "YAML chip configuration");
  cmd->add_option("--out", o->out, "output directory")->capture_default_str();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  auto* seed = cmd->add_option("--seed", o->seed, "root seed (same as --set sim.seed=N)");
  cmd->add_option("--workload", o->workload,
                  "network to run: .onnx or native .yaml (with --inputs), or 'dense': the "
                  "synthetic one-layer workload of the config's workload.* keys, inputs drawn "
                  "from the seed (default: the built-in demo CNN)");
  cmd->add_option("--inputs", o->inputs, "input samples X.npy [N, ...] (float32 or uint8)");
  cmd->add_option("--labels", o->labels, "labels Y.npy [N] for top-1 accuracy");
  cmd->add_option("--calibration", o->calibration,
                  "calibration inputs C.npy [N, ...] for the calibrated converter ranges "
                  "(default: the first tile.dac.calibration_samples of --inputs)");
  cmd->add_option("--samples", o->samples, "run the first N samples (default: all)");
  cmd->add_flag("--repeat", o->repeat,
                "with --samples N beyond the file: cycle through the file's samples");
  cmd->add_option("--sample-interval-ns", o->sample_interval_ns,
                  "earliest spacing of samples in ns (default 0: back to back)");
  cmd->add_option("--uint8-scale", o->uint8_scale, "factor for uint8 inputs")
      ->capture_default_str();
  cmd->add_option("--replication", o->replication, "copies of every weight layer")
      ->capture_default_str();
  cmd->add_option("--conv-packing", o->conv_packing,
                  "copies of a convolution's kernel per crossbar, one output pixel each per MVM: "
                  "auto (as many as fit), off or N")
      ->capture_default_str();
  cmd->add_flag("--events", o->trace.events, "write DIR/events.csv: one row per event");
  cmd->add_flag("--outputs", o->outputs,
                "write DIR/outputs.npy and DIR/reference_outputs.npy: the chip's and the float "
                "reference's network output per sample (float32 [N, ...]), streamed");
  cmd->add_flag("--perfetto", o->trace.perfetto,
                "write DIR/timeline.json (Chrome/Perfetto trace-event JSON)");
  cmd->add_flag("--vcd", o->trace.vcd, "write DIR/waves.vcd (waveforms)");
  cmd->add_option("--vcd-filter", o->trace.vcd_filter,
                  "comma-separated globs on VCD signal names (default: all)");
  cmd->add_option("--vcd-timescale-ns", o->trace.vcd_timescale_ns, "VCD timescale in ns")
      ->capture_default_str();
  cmd->add_option("--power", o->trace.power_window_ns,
                  "write DIR/power.csv: average power per category per WINDOW_NS window");
  cmd->add_option(
      "--baseline", o->baseline,
      "put the run next to a digital accelerator (preset: " + accelerator_preset_names() +
          ", or an accelerator file): a baseline section in summary.json");
  cmd->add_option("--baseline-batch", o->baseline_batch, "the baseline's batch size")
      ->capture_default_str();
  add_progress_flags(*cmd, &o->progress);
  add_digital_layers_option(*cmd, &o->digital_layers);
  cmd->add_option("--sensitivity-samples", o->sensitivity_samples,
                  "mapper.placement sensitivity without mapper.layer_errors: samples of the "
                  "calibration pass on the all-analog chip (app/sensitivity_calibration.h)")
      ->capture_default_str();
  actions["run"] = [o, seed, config] {
    const InterruptHandlers interrupt_handlers;
    if (*config) check_config_name("run", o->config);
    std::vector<std::string> sets = o->sets;
    if (*seed) sets.push_back("sim.seed=" + std::to_string(parse_seed("run", o->seed)));
    for (auto& d : digital_layers_overrides("run", o->digital_layers)) sets.push_back(d);
    if (*config &&
        config::is_system_file(o->config)) {  // a multi-chip system (app/system_commands.h)
      check_sample_interval_ns(o->sample_interval_ns);
      SystemRunRequest r{o->config,      o->out,           o->workload,
                         o->inputs,      o->labels,        sets,
                         o->samples,     o->repeat,        o->sample_interval_ns,
                         o->uint8_scale, o->trace,         o->outputs,
                         o->calibration, o->replication,   o->conv_packing,
                         o->baseline,    o->baseline_batch};
      return system_run(r);
    }
    check_sample_interval_ns(o->sample_interval_ns);
    traces::check_trace_options(o->trace);
    // Without CONFIG and --workload: the built-in demo's chip (app/builtin_demo.h).
    auto cfg =
        o->config.empty() && o->workload.empty()
            ? config::load_config_text(demo_chip_config().name, demo_chip_config().bytes, sets)
            : config::load_config(o->config, sets);
    // Before the recorder: destroyed after it, when its sinks have removed their partial files.
    std::optional<OutputDirectory> out;  // removes what a failed run left, unless kept
    traces::Recorder recorder;
    traces::TraceOptions trace = o->trace;
    trace.dir = o->out;
    trace.reorder_window_ns = std::max(trace.reorder_window_ns, 2.0 * cfg.sim.quantum_ns);
    if (!o->calibration.empty() && o->workload == kDenseWorkload) {
      throw UsageError(
          "run: --calibration needs a network with inputs (--workload FILE --inputs, "
          "or the built-in demo); the dense workload has fixed ranges");
    }
    if (o->samples == 0 || o->samples < -1) {
      throw UsageError("run --samples: " + std::to_string(o->samples) +
                       " is not allowed; allowed: integer >= 1");
    }
    check_replication("run", o->replication, cfg);
    const ConvPacking conv_packing = parse_conv_packing_option("run", o->conv_packing);
    for (const auto& set : o->sets) {
      if (set.rfind("workload.", 0) == 0 && o->workload != kDenseWorkload) {
        throw UsageError("run --set " + set +
                         ": the workload.* keys configure the synthetic workload; allowed with "
                         "--workload dense");
      }
    }
    RunWorkloadRequest request;
    request.workload = o->workload;
    request.inputs = o->inputs;
    request.labels = o->labels;
    request.samples = o->samples;
    request.repeat = o->repeat;
    request.uint8_scale = o->uint8_scale;
    RunWorkload loaded = load_run_workload(request, cfg);
    WorkloadGraph& graph = loaded.graph;
    std::vector<std::vector<float>>& inputs = loaded.inputs;
    const std::vector<int>& labels = loaded.labels;
    MapperOptions mo;
    mo.replication = o->replication;
    mo.conv_packing = conv_packing;
    const bool measure_sensitivity = needs_measured_layer_errors(cfg);
    if (measure_sensitivity) {  // a calibration pass (app/sensitivity_calibration.h)
      const MeasuredLayerErrors m = measure_layer_errors(
          cfg, {o->workload, o->inputs, o->uint8_scale, o->sensitivity_samples});
      std::cout << measured_text(m, o->sensitivity_samples);
      cfg.mapper.layer_errors = m.errors;
    }
    MappingPlan plan;
    try {
      plan = map_workload(graph, cfg, mo);
      if (measure_sensitivity) std::cout << chosen_text(plan, cfg);
    } catch (const WorkloadError& e) {
      if (!loaded.synthetic) throw;
      throw WorkloadError(std::string(e.what()) +
                          "; allowed: a built-in layer of workload.in_features x "
                          "workload.out_features (" +
                          std::to_string(cfg.workload.in_features) + " x " +
                          std::to_string(cfg.workload.out_features) +
                          ") that fits in chip.tiles tiles of tile.rows x tile.cols");
    }
    // tile.dac.range_mode and tile.adc.range_mode: from --calibration or the first inputs.
    const std::vector<std::vector<float>> calibration =
        o->calibration.empty() ? std::vector<std::vector<float>>{}
                               : read_inputs(o->calibration, graph, o->uint8_scale);
    calibrate_input_ranges(graph, cfg, o->calibration.empty() ? inputs : calibration, plan);
    calibrate_output_ranges(graph, cfg, o->calibration.empty() ? inputs : calibration, plan);
    check_executable(graph, plan);  // before anything is written to --out
    // The digital baseline, before the run: a bad accelerator writes nothing.
    std::optional<baseline::BaselineResult> digital;
    if (!o->baseline.empty()) {
      check_batch("run --baseline-batch", o->baseline_batch);
      const baseline::AcceleratorConfig acc = resolve_accelerator("run --baseline", o->baseline);
      digital = baseline::run_baseline(graph, acc, acc.precision, o->baseline_batch);
    } else if (o->baseline_batch != 1) {
      throw UsageError("run --baseline-batch needs --baseline NAME (the accelerator)");
    }
    WorkloadRunOptions ro;
    ro.samples = o->samples;
    ro.sample_interval_ns = o->sample_interval_ns;
    ro.keep_outputs = false;  // streamed to --outputs; the summary needs only running sums
    const std::size_t samples_to_run =
        o->samples < 0 ? inputs.size()
                       : std::min(inputs.size(), static_cast<std::size_t>(o->samples));
    std::vector<std::string> results = run_result_files(trace);
    // outputs.npy and reference_outputs.npy are written as the samples complete.
    std::optional<NpyStreamWriter> chip_outputs, reference_outputs;
    if (o->outputs) results.insert(results.end(), {"outputs.npy", "reference_outputs.npy"});
    out.emplace(o->out, results);
    if (o->outputs) {
      const std::int64_t n = static_cast<std::int64_t>(samples_to_run);
      const Shape shape = graph.shape_of(graph.output_layer());
      chip_outputs.emplace(o->out + "/outputs.npy", n, shape);
      reference_outputs.emplace(o->out + "/reference_outputs.npy", n, shape);
      ro.on_output = [&](std::size_t s, const std::vector<float>& y) {
        chip_outputs->write(static_cast<std::int64_t>(s), y);
      };
      ro.on_reference = [&](std::size_t s, const std::vector<float>& y) {
        reference_outputs->write(static_cast<std::int64_t>(s), y);
      };
    }
    attach_sinks(recorder, trace);
    stop_simulation_on_interrupt(recorder);
    // Samples done and ETA on stderr: on a terminal (or with --progress), not in logs.
    ProgressSetup progress_setup;
    progress_setup.unit = "samples";
    progress_setup.total = samples_to_run;
    progress_setup.show_running_and_failed = false;
    ProgressMeter progress(resolve_progress_style(o->progress, stderr_is_terminal(), false),
                           std::cerr, progress_setup);
    ro.on_samples_done = [&progress](std::size_t done) { progress.set_done(done); };
    const WorkloadRunResult r = run_workload_simulation(
        cfg, graph, plan, inputs, labels.empty() ? nullptr : &labels, ro, recorder);
    progress.finish();
    if (r.host_failed) {
      std::cerr << "kirchhoff: simulation failed: the host saw a transaction error (see log)\n";
      return kExitRuntime;
    }
    const RunReport report = make_run_report(r, graph.name);
    for (const auto& w : recorder.sink_warnings()) logging::get("traces")->warn("{}", w);
    throw_if_interrupted();
    // With the calibrated ranges, so a rerun from this file needs no calibration inputs.
    write_file_atomically(o->out + "/config.resolved.yaml",
                          config::resolved_yaml(with_calibrated_ranges(cfg, plan)));
    if (chip_outputs) chip_outputs->commit();
    if (reference_outputs) reference_outputs->commit();
    nlohmann::ordered_json summary = to_json(report);
    if (digital) summary["baseline"] = side_by_side_json(report, *digital);
    write_file_atomically(o->out + "/summary.json", summary.dump(2) + "\n");
    out->keep();
    std::cout << to_text(report);
    if (digital) std::cout << side_by_side_text(report, *digital);
    std::string files = "summary.json, config.resolved.yaml";
    if (trace.events) files += ", events.csv";
    if (trace.perfetto) files += ", timeline.json";
    if (trace.vcd) files += ", waves.vcd";
    if (trace.power_window_ns > 0) files += ", power.csv";
    if (o->outputs) files += ", outputs.npy, reference_outputs.npy";
    std::cout << "  results in                " << o->out << "/ (" << files << ")\n";
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
