// `kirchhoff map CONFIG --workload W [--json]`: the mapping plan of a workload on a chip.
#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/digital_layers_option.h"
#include "app/run_options.h"
#include "app/system_commands.h"
#include "app/workload_inputs.h"
#include "compiler/calibrated_config.h"
#include "compiler/input_ranges.h"
#include "compiler/mapper.h"
#include "compiler/output_ranges.h"
#include "compiler/plan_report.h"
#include "config/config_loader.h"
#include "config/system_config.h"
#include "workloads/native_workload.h"

namespace kirchhoff::app {

void add_map_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::string workload;
    std::vector<std::string> sets;
    bool json = false;
    int replication = 1;
    std::string conv_packing = "off";
    std::string digital_layers;
    std::string inputs, calibration;
    double uint8_scale = 1.0 / 255.0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "map", "map a workload (ONNX or native YAML) onto a chip and print the plan");
  cmd->add_option("CONFIG", o->config, "YAML chip configuration")->required();
  cmd->add_option("--workload", o->workload, "workload: .onnx or native .yaml")->required();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  cmd->add_flag("--json", o->json, "print the plan (layers, routes, reductions) as JSON");
  cmd->add_option("--replication", o->replication, "copies of every weight layer (throughput)")
      ->capture_default_str();
  cmd->add_option("--conv-packing", o->conv_packing,
                  "copies of a convolution's kernel per crossbar, one output pixel each per MVM: "
                  "auto (as many as fit), off or N")
      ->capture_default_str();
  cmd->add_option("--inputs", o->inputs,
                  "calibration inputs (.npy) for the calibrated converter ranges (as "
                  "--calibration)");
  cmd->add_option("--calibration", o->calibration,
                  "calibration inputs (.npy) for tile.dac.range_mode / tile.adc.range_mode "
                  "calibrated: the plan shows the ranges");
  cmd->add_option("--uint8-scale", o->uint8_scale, "factor for uint8 inputs")
      ->capture_default_str();
  add_digital_layers_option(*cmd, &o->digital_layers);
  actions["map"] = [o] {
    check_config_name("map", o->config);
    if (config::is_system_file(o->config)) {  // a multi-chip system: the partition
      if (!o->inputs.empty() && !o->calibration.empty())
        throw UsageError("map: --inputs and --calibration name the same thing; give one");
      std::vector<std::string> sets = o->sets;
      for (auto& d : digital_layers_overrides("map", o->digital_layers)) sets.push_back(d);
      return system_map({o->config, o->workload, sets, o->json, o->replication, o->conv_packing,
                         o->calibration.empty() ? o->inputs : o->calibration, o->uint8_scale});
    }
    std::vector<std::string> sets = o->sets;
    for (auto& d : digital_layers_overrides("map", o->digital_layers)) sets.push_back(d);
    const auto cfg = config::load_config(o->config, sets);
    check_replication("map", o->replication, cfg);
    const ConvPacking conv_packing = parse_conv_packing_option("map", o->conv_packing);
    const WorkloadGraph graph = load_workload(o->workload);
    MapperOptions options;
    options.replication = o->replication;
    options.conv_packing = conv_packing;
    MappingPlan plan = map_workload(graph, cfg, options);
    if (!o->inputs.empty() && !o->calibration.empty()) {
      throw UsageError("map: --inputs and --calibration name the same thing; give one");
    }
    const std::string file = o->calibration.empty() ? o->inputs : o->calibration;
    if (!file.empty() || !needs_calibration_samples(cfg)) {
      const std::vector<std::vector<float>> inputs = file.empty()
                                                         ? std::vector<std::vector<float>>{}
                                                         : read_inputs(file, graph, o->uint8_scale);
      calibrate_input_ranges(graph, cfg, inputs, plan);
      calibrate_output_ranges(graph, cfg, inputs, plan);
    }
    if (o->json) {
      std::cout << plan_json(plan).dump(2) << "\n";
    } else {
      std::cout << plan_text(plan);
    }
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
