// `kirchhoff baseline CONFIG_OR_ACCEL --workload W [--accelerator NAME] [--batch N]
// [--precision int8|fp16] [--json F] [--set accelerator.key=value]...`: the workload on an
// analytic digital accelerator (baseline/digital_model.h, docs/baselines.md). The first argument
// is an accelerator (a preset name or an accelerator file) or a chip configuration, which then
// needs --accelerator (the chip's workload.* keys feed `--workload dense`).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/baseline_presets.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/output_files.h"
#include "app/run_options.h"
#include "app/run_workload.h"
#include "baseline/accelerator_loader.h"
#include "baseline/baseline_report.h"
#include "baseline/digital_model.h"
#include "config/config_file.h"
#include "config/config_loader.h"
#include "workloads/default_workload.h"
#include "workloads/native_workload.h"

namespace kirchhoff::app {
void add_baseline_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string target, workload, accelerator, precision, json;
    std::vector<std::string> sets;
    int batch = 1;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "baseline",
      "a workload on an analytic digital accelerator (presets: " + accelerator_preset_names() +
          "): per-layer roofline, energy per inference, latency, throughput (docs/baselines.md)");
  cmd->add_option("CONFIG_OR_ACCEL", o->target,
                  "accelerator preset name or file (configs/accelerators/), or a chip config "
                  "with --accelerator")
      ->required();
  cmd->add_option("--workload", o->workload,
                  "network: .onnx or native .yaml, or 'dense' (the config's workload.* keys)")
      ->required();
  cmd->add_option("--accelerator", o->accelerator,
                  "accelerator preset or file, when CONFIG_OR_ACCEL is a chip config");
  cmd->add_option("--batch", o->batch, "samples per batch (weights fetched once per batch)")
      ->capture_default_str();
  cmd->add_option("--precision", o->precision,
                  "int8 or fp16 (default: the accelerator's accelerator.precision)");
  cmd->add_option("--json", o->json, "also write the figures as JSON to this file");
  cmd->add_option("--set", o->sets, "override an accelerator key: accelerator.key=value");
  actions["baseline"] = [o] {
    check_config_name("baseline", o->target);
    check_batch("baseline --batch", o->batch);
    if (!o->json.empty()) check_output_file("baseline --json", o->json);
    std::optional<config::ChipConfig> chip;
    std::string accel = o->target;
    std::string option = "baseline";
    std::error_code missing;
    if (!is_accelerator_preset(o->target) && std::filesystem::exists(o->target, missing)) {
      const std::string text =
          config::read_config_file(o->target, config::Location{o->target}, std::string());
      if (!baseline::is_accelerator_text(o->target, text)) chip = config::load_config(o->target);
    }
    if (chip) {
      if (o->accelerator.empty()) {
        throw UsageError("baseline: " + o->target +
                         " is a chip configuration; name the accelerator with --accelerator NAME "
                         "(presets: " +
                         accelerator_preset_names() + ", or an accelerator file)");
      }
      accel = o->accelerator;
      option = "baseline --accelerator";
    } else if (!o->accelerator.empty()) {
      throw UsageError("baseline: " + o->target + " is already an accelerator; --accelerator " +
                       o->accelerator + " is allowed only with a chip configuration");
    }
    const baseline::AcceleratorConfig acc = resolve_accelerator(option, accel, o->sets);
    const baseline::Precision precision =
        o->precision.empty() ? acc.precision
                             : parse_precision("baseline --precision", o->precision);
    WorkloadGraph graph;
    if (o->workload == kDenseWorkload) {
      const config::ChipConfig cfg = chip ? *chip : config::ChipConfig{};
      graph = make_default_workload(cfg.workload, cfg.sim.seed).graph;
    } else {
      graph = load_workload(o->workload);
    }
    const baseline::BaselineResult r = baseline::run_baseline(graph, acc, precision, o->batch);
    if (!o->json.empty()) write_file_atomically(o->json, baseline::to_json(r).dump(2) + "\n");
    std::cout << baseline::to_text(r);
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
