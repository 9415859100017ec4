#include "app/system_commands.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/baseline_presets.h"
#include "app/baseline_side_by_side.h"
#include "app/cli.h"
#include "app/interrupt.h"
#include "app/output_files.h"
#include "app/run_options.h"
#include "app/run_workload.h"
#include "app/workload_inputs.h"
#include "compiler/dense_split_report.h"
#include "compiler/plan_report.h"
#include "compiler/system_partition.h"
#include "config/system_config.h"
#include "system/system_simulation.h"
#include "system/system_topology.h"
#include "workloads/native_workload.h"
#include "workloads/npy_stream_writer.h"
#include "workloads/workload_error.h"

namespace kirchhoff::app {
namespace {

std::string tensor_source(const config::SystemConfig& sys, const SystemPartition& p,
                          const CrossingTensor& t) {
  if (t.from_share < 0) return "host";
  const int chip = p.shares.at(static_cast<std::size_t>(t.from_share)).chip;
  return sys.chips.at(static_cast<std::size_t>(chip)).name;
}

bool single_tensor(const ChipShare& s) {
  return s.inputs.size() <= 1 && s.crossing_after.size() <= 1;
}

std::string partition_text(const config::SystemConfig& sys, const WorkloadGraph& g,
                           const SystemPartition& p) {
  std::string out = fmt::format(
      "Partition of '{}' over {} ({} chips, {} used): {} bytes cross "
      "links per inference\n",
      g.name, sys.source, sys.chips.size(), p.shares.size(), p.cut_bytes);
  for (const ChipShare& s : p.shares) {
    const auto& c = sys.chips.at(static_cast<std::size_t>(s.chip));
    out += fmt::format(
        "  {:<8} layers {} .. {} ({} layers), {} of {} tiles; in {} values, out {} "
        "values{}\n",
        c.name, g.layers.at(static_cast<std::size_t>(s.first_layer)).name,
        g.layers.at(static_cast<std::size_t>(s.end_layer - 1)).name, s.end_layer - s.first_layer,
        s.plan.tiles_used, s.plan.chip_tiles, s.in_values, s.out_values,
        !single_tensor(s) ? std::string()
        : s.out_bytes > 0 ? fmt::format(" = {} bytes to the next chip", s.out_bytes)
                          : std::string(" to the host"));
    if (single_tensor(s)) continue;
    // Several tensors cross: each by name, where it comes from, and its bytes.
    for (const CrossingTensor& t : s.inputs)
      out += fmt::format("    in  {} ({} values) from {}{}\n", t.name, t.values,
                         tensor_source(sys, p, t),
                         t.bytes > 0 ? fmt::format(", {} bytes", t.bytes) : std::string());
    for (const CrossingTensor& t : s.crossing_after)
      out += fmt::format("    cut after it: {} ({} values, {} bytes, from {})\n", t.name, t.values,
                         t.bytes, tensor_source(sys, p, t));
  }
  return out;
}

nlohmann::ordered_json tensors_json(const config::SystemConfig& sys, const SystemPartition& p,
                                    const std::vector<CrossingTensor>& ts) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const CrossingTensor& t : ts) {
    nlohmann::ordered_json j;
    j["name"] = t.name;
    j["values"] = t.values;
    j["bytes"] = t.bytes;
    j["from"] = tensor_source(sys, p, t);
    a.push_back(j);
  }
  return a;
}

// --replication and --conv-packing for every chip's mapper, checked against every chip.
MapperOptions mapper_options(const std::string& command, const config::SystemConfig& sys,
                             int replication, const std::string& conv_packing) {
  for (const config::SystemChip& c : sys.chips) check_replication(command, replication, c.config);
  MapperOptions mo;
  mo.replication = replication;
  mo.conv_packing = parse_conv_packing_option(command, conv_packing);
  return mo;
}

// The partition planned with the mapper options (each share's tiles as the mapper places them
// with those copies); a network that then fits no more says which options made it so.
SystemPartition partition_with(const WorkloadGraph& g, const config::SystemConfig& sys,
                               const MapperOptions& mo, int replication,
                               const std::string& conv_packing) {
  try {
    return partition_workload(g, sys, mo);
  } catch (const WorkloadError& e) {
    if (replication == 1 && conv_packing == "off") throw;
    throw WorkloadError(std::string(e.what()) + " (with --replication " +
                        std::to_string(replication) + " --conv-packing " + conv_packing +
                        ": every weight layer's copies need their own tiles)");
  }
}

// The system's totals at the baseline's accounting levels: the chips' tile and chip levels
// summed, and the system level with the links (SystemRunResult::energy_per_inference_pj).
AnalogFigures system_figures(const SystemRunResult& r) {
  AnalogFigures a;
  const double n = r.latencies_ns.empty() ? 1.0 : static_cast<double>(r.latencies_ns.size());
  double tile_pj = 0, chip_pj = 0;
  for (const WorkloadRunResult& c : r.chips) {
    tile_pj += c.summary.tile_level.energy_pj;
    chip_pj += c.summary.chip_level.energy_pj;
  }
  const double ops = static_cast<double>(r.ops);
  a.tile_pj = tile_pj / n;
  a.chip_pj = chip_pj / n;
  a.system_pj = r.energy_per_inference_pj;
  a.tile_tops_per_w = tile_pj > 0 ? ops / tile_pj : 0.0;
  a.chip_tops_per_w = chip_pj > 0 ? ops / chip_pj : 0.0;
  a.system_tops_per_w = r.tops_per_w;
  a.latency_mean_ns = r.latency_mean_ns;
  a.throughput_samples_per_s = r.throughput_samples_per_s;
  return a;
}

}  // namespace

int system_info(const std::string& path, const std::vector<std::string>& sets) {
  const config::SystemConfig sys = config::load_system_config(path, sets);
  const SystemTopology topo = make_topology(sys);
  std::cout << fmt::format("System '{}': {} chips, topology {}\n", path, sys.chips.size(),
                           to_string(sys.topology));
  for (const auto& c : sys.chips)
    std::cout << fmt::format("  {:<8} {} ('{}'): {} tiles of {} x {}, {} global DPUs\n", c.name,
                             c.config_path, c.config.chip.name, c.config.chip.tiles,
                             c.config.tile.rows, c.config.tile.cols, c.config.chip.global_dpus);
  const config::LinkParams& l = sys.link;
  std::cout << fmt::format(
      "Link (preset {}, each direction): {} lanes x {} Gbit/s = {} Gbit/s, latency {} ns, "
      "{} pJ/bit\n",
      l.preset, l.lanes, l.bandwidth_gbps, l.total_gbps(), l.latency_ns, l.energy_pj_per_bit);
  std::cout << "Link directions:";
  for (std::size_t d = 0; d < topo.directions.size(); ++d)
    std::cout << (d % 8 == 0 ? "\n  " : "  ") << topo.direction_name(static_cast<int>(d));
  std::cout << "\n";
  return kExitOk;
}

int system_map(const SystemMapRequest& r) {
  const std::string& path = r.config;
  const config::SystemConfig sys = config::load_system_config(path, r.sets);
  const MapperOptions mo = mapper_options("map", sys, r.replication, r.conv_packing);
  const SplitGraph split = split_dense_layers(load_workload(r.workload), sys, mo);
  const WorkloadGraph& g = split.graph;  // dense layers too big for a chip split by rows
  SystemPartition p = partition_with(g, sys, mo, r.replication, r.conv_packing);
  if (!r.calibration.empty())  // the plans show the calibrated ranges
    calibrate_partition(g, sys, read_inputs(r.calibration, g, r.uint8_scale), p);
  if (r.json) {
    nlohmann::ordered_json j;
    j["system"] = path;
    j["workload"] = g.name;
    j["cut_bytes_per_inference"] = p.cut_bytes;
    nlohmann::ordered_json shares = nlohmann::ordered_json::array();
    for (const ChipShare& s : p.shares) {
      nlohmann::ordered_json sj;
      sj["chip"] = sys.chips.at(static_cast<std::size_t>(s.chip)).name;
      sj["first_layer"] = g.layers.at(static_cast<std::size_t>(s.first_layer)).name;
      sj["last_layer"] = g.layers.at(static_cast<std::size_t>(s.end_layer - 1)).name;
      sj["in_values"] = s.in_values;
      sj["out_values"] = s.out_values;
      sj["out_bytes"] = s.out_bytes;
      if (!single_tensor(s)) {
        sj["inputs"] = tensors_json(sys, p, s.inputs);
        sj["crossing_after"] = tensors_json(sys, p, s.crossing_after);
      }
      sj["plan"] = plan_json(s.plan);
      shares.push_back(sj);
    }
    j["shares"] = shares;
    if (!split.splits.empty()) j["split_layers"] = split_json(sys, split, p);
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << partition_text(sys, g, p) << split_text(sys, split, p);
  for (const ChipShare& s : p.shares)
    std::cout << "\n"
              << sys.chips.at(static_cast<std::size_t>(s.chip)).name << ":\n"
              << plan_text(s.plan);
  return kExitOk;
}

int system_run(const SystemRunRequest& r) {
  const InterruptHandlers interrupt_handlers;
  if (r.workload.empty() || r.workload == kDenseWorkload)
    throw UsageError("run " + r.config +
                     ": a system runs a network file: --workload FILE "
                     "--inputs X.npy (.onnx or native .yaml)");
  if (r.samples == 0 || r.samples < -1)
    throw UsageError("run --samples: " + std::to_string(r.samples) +
                     " is not allowed; allowed: integer >= 1");
  const config::SystemConfig sys = config::load_system_config(r.config, r.sets);
  const MapperOptions mo = mapper_options("run", sys, r.replication, r.conv_packing);
  RunWorkloadRequest request;
  request.workload = r.workload;
  request.inputs = r.inputs;
  request.labels = r.labels;
  request.samples = r.samples;
  request.repeat = r.repeat;
  request.uint8_scale = r.uint8_scale;
  RunWorkload loaded = load_run_workload(request, sys.chips.front().config);
  // The digital baseline of the whole network as written (before any dense split: a block is
  // not a layer of the network), before the run: a bad accelerator writes nothing.
  std::optional<baseline::BaselineResult> digital;
  if (!r.baseline.empty()) {
    check_batch("run --baseline-batch", r.baseline_batch);
    const baseline::AcceleratorConfig acc = resolve_accelerator("run --baseline", r.baseline);
    digital = baseline::run_baseline(loaded.graph, acc, acc.precision, r.baseline_batch);
  } else if (r.baseline_batch != 1) {
    throw UsageError("run --baseline-batch needs --baseline NAME (the accelerator)");
  }
  const SplitGraph split = split_dense_layers(std::move(loaded.graph), sys, mo);
  const WorkloadGraph& g = split.graph;  // dense layers too big for a chip split by rows
  SystemPartition partition = partition_with(g, sys, mo, r.replication, r.conv_packing);
  // tile.dac.range_mode and tile.adc.range_mode of every chip: from --calibration or the inputs.
  calibrate_partition(
      g, sys, r.calibration.empty() ? loaded.inputs : read_inputs(r.calibration, g, r.uint8_scale),
      partition);
  for (const ChipShare& sh : partition.shares) check_executable(sh.graph, sh.plan, true);
  // Traces per chip in DIR/<chip>/ (events.csv, timeline.json, waves.vcd, power.csv), the
  // chip's links as tracks of the sending chip.
  std::vector<std::string> results = {"summary.json"};
  if (r.outputs) results.insert(results.end(), {"outputs.npy", "reference_outputs.npy"});
  std::vector<std::string> chip_dirs;
  if (r.trace.any()) {
    traces::check_trace_options(r.trace);
    for (const ChipShare& sh : partition.shares) {
      const std::string name = sys.chips.at(static_cast<std::size_t>(sh.chip)).name;
      chip_dirs.push_back(name);
      for (const std::string& f : run_result_files(r.trace))
        if (f != "summary.json") results.push_back(name + "/" + f);
    }
  }
  std::optional<OutputDirectory> out;
  out.emplace(r.out, results);
  // Destroyed before `out`: removes the chips' trace folders a failed run created.
  struct ChipDirs {
    std::string out;
    std::vector<std::string> made;
    bool keep = false;
    ~ChipDirs() {
      std::error_code ec;
      if (!keep)
        for (const auto& d : made) std::filesystem::remove_all(std::filesystem::path(out) / d, ec);
    }
  } dirs{r.out, {}, false};
  for (const auto& d : chip_dirs)
    if (!std::filesystem::exists(std::filesystem::path(r.out) / d)) dirs.made.push_back(d);
  // The recorders after `dirs`: their sinks remove their partial files first.
  std::vector<std::unique_ptr<traces::Recorder>> recorders;
  for (std::size_t k = 0; k < partition.shares.size(); ++k) {
    recorders.push_back(std::make_unique<traces::Recorder>());
    if (r.trace.any()) {
      traces::TraceOptions t = r.trace;
      t.dir = r.out + "/" + chip_dirs[k];
      const double quantum =
          sys.chips.at(static_cast<std::size_t>(partition.shares[k].chip)).config.sim.quantum_ns;
      t.reorder_window_ns = std::max(t.reorder_window_ns, 2.0 * quantum);
      attach_sinks(*recorders.back(), t);
    }
  }
  // One watcher (two would keep each other's pending activity alive); it cancels the first
  // chip's recorder, and the run ends with the interrupt's exit code before anything is written.
  stop_simulation_on_interrupt(*recorders.front());
  WorkloadRunOptions ro;
  ro.samples = static_cast<int>(r.samples);
  ro.sample_interval_ns = r.sample_interval_ns;
  // The network output per sample, from the chip that produces it, written as samples complete.
  std::optional<NpyStreamWriter> chip_outputs, reference_outputs;
  if (r.outputs) {
    const std::int64_t n = static_cast<std::int64_t>(
        r.samples < 0 ? loaded.inputs.size()
                      : std::min(loaded.inputs.size(), static_cast<std::size_t>(r.samples)));
    const Shape shape = g.shape_of(g.output_layer());
    chip_outputs.emplace(r.out + "/outputs.npy", n, shape);
    reference_outputs.emplace(r.out + "/reference_outputs.npy", n, shape);
    ro.on_output = [&](std::size_t s, const std::vector<float>& y) {
      chip_outputs->write(static_cast<std::int64_t>(s), y);
    };
    ro.on_reference = [&](std::size_t s, const std::vector<float>& y) {
      reference_outputs->write(static_cast<std::int64_t>(s), y);
    };
  }
  const SystemRunResult res =
      run_system_simulation(sys, g, partition, loaded.inputs,
                            loaded.labels.empty() ? nullptr : &loaded.labels, ro, recorders);
  if (res.host_failed) {
    std::cerr << "kirchhoff: simulation failed: a host saw a transaction error (see log)\n";
    return kExitRuntime;
  }
  throw_if_interrupted();
  nlohmann::ordered_json j;
  j["system"] = r.config;
  j["workload"] = g.name;
  nlohmann::ordered_json body = to_json(res);
  for (auto it = body.begin(); it != body.end(); ++it) j[it.key()] = it.value();
  if (digital) j["baseline"] = side_by_side_json(system_figures(res), *digital);
  if (chip_outputs) chip_outputs->commit();
  if (reference_outputs) reference_outputs->commit();
  write_file_atomically(r.out + "/summary.json", j.dump(2) + "\n");
  dirs.keep = true;
  out->keep();
  std::string files = "summary.json";
  if (r.outputs) files += ", outputs.npy, reference_outputs.npy";
  for (const auto& d : chip_dirs) files += ", " + d + "/";
  std::cout << partition_text(sys, g, partition) << split_text(sys, split, partition)
            << to_text(res);
  if (digital) std::cout << side_by_side_text(system_figures(res), *digital);
  std::cout << "  results in                " << r.out << "/ (" << files << ")\n";
  return kExitOk;
}

}  // namespace kirchhoff::app
