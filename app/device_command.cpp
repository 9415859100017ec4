// `kirchhoff device CONFIG`: characterises the configured device model. Per target level
// (fraction of G_max) and time since programming, programs --samples devices, reads each once
// and writes the mean and standard deviation of the read conductance: the drift curves
// architects plot.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/output_files.h"
#include "app/run_options.h"
#include "config/config_loader.h"
#include "models/device_characterisation.h"

namespace kirchhoff::app {
namespace {

std::vector<double> parse_list(const std::string& option, const std::string& text, double lo,
                               double hi, const std::string& allowed) {
  std::vector<double> v;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');) {
    std::size_t used = 0;
    double x = 0;
    try {
      x = std::stod(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != part.size() || x < lo || x > hi) {
      throw UsageError("device " + option + ": '" + part + "' is not allowed; allowed: " + allowed);
    }
    v.push_back(x);
  }
  if (v.empty()) throw UsageError("device " + option + ": give at least one value");
  return v;
}

const char* device_name(DeviceType t) {
  switch (t) {
    case DeviceType::kIdeal:
      return "ideal";
    case DeviceType::kPcm:
      return "pcm";
    case DeviceType::kRram:
      return "rram";
    case DeviceType::kTable:
      return "table";
  }
  return "?";
}

}  // namespace

void add_device_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::vector<std::string> sets;
    std::string levels = "0,0.25,0.5,0.75,1";
    std::string times = "1,3600,86400,31536000";
    int samples = 10000;
    std::string out = "device.csv";
    bool raw = false;
    std::string seed;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "device", "characterise a device model: read conductance vs level and time (drift curves)");
  cmd->add_option("CONFIG", o->config,
                  "device preset (configs/devices/*.yaml) or chip configuration")
      ->required();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  cmd->add_option("--levels", o->levels, "target levels as fractions of G_max, comma-separated")
      ->capture_default_str();
  cmd->add_option("--times", o->times, "times since programming in s, comma-separated")
      ->capture_default_str();
  cmd->add_option("--samples", o->samples, "devices per level")->capture_default_str();
  cmd->add_option("--out", o->out, "CSV file: level,time_s,mean_uS,std_uS,samples")
      ->capture_default_str();
  cmd->add_flag("--raw", o->raw, "also write every read sample to OUT with '.raw.csv'");
  auto* seed = cmd->add_option("--seed", o->seed, "root seed (default: sim.seed)");
  actions["device"] = [o, seed] {
    check_config_name("device", o->config);
    const auto cfg = config::load_config(o->config, o->sets);
    const std::uint64_t root_seed = *seed ? parse_seed("device", o->seed) : cfg.sim.seed;
    check_output_file("device --out", o->out);
    if (o->raw) check_output_file("device --out", o->out + ".raw.csv");
    const auto levels = parse_list("--levels", o->levels, 0.0, 1.0, "numbers in [0, 1]");
    const auto times = parse_list("--times", o->times, 0.0, 1e12, "numbers of s in [0, 1e12]");
    if (o->samples < 2 || o->samples > 100000000) {
      throw UsageError("device --samples: " + std::to_string(o->samples) +
                       " is not allowed; allowed: integer in [2, 100000000]");
    }
    std::vector<std::vector<double>> raw;
    const auto stats = characterise_device(cfg.tile.device, levels, times, o->samples, root_seed,
                                           o->raw ? &raw : nullptr);
    std::string csv = "level,time_s,mean_uS,std_uS,samples\n";
    for (const auto& s : stats) {
      csv += fmt::format("{},{},{:.6f},{:.6f},{}\n", s.level, s.time_s, s.mean_uS, s.std_uS,
                         o->samples);
    }
    if (o->raw) {
      std::string r = "level,time_s,sample,g_uS\n";
      for (std::size_t i = 0; i < stats.size(); ++i) {
        for (std::size_t k = 0; k < raw[i].size(); ++k) {
          r += fmt::format("{},{},{},{:.6f}\n", stats[i].level, stats[i].time_s, k, raw[i][k]);
        }
      }
      write_file_atomically(o->out + ".raw.csv", r);
    }
    write_file_atomically(o->out, csv);
    std::cout << fmt::format("Device '{}' (G_max {} uS), {} devices per level\n",
                             device_name(cfg.tile.device.type), cfg.tile.device.g_max_uS,
                             o->samples);
    std::cout << fmt::format("{:>8} {:>12} {:>12} {:>12} {:>14}\n", "level", "time_s", "mean_uS",
                             "std_uS", "mean/target");
    for (const auto& s : stats) {
      const double target = s.level * cfg.tile.device.g_max_uS;
      std::cout << fmt::format("{:>8.3f} {:>12.4g} {:>12.4f} {:>12.4f} {:>14}\n", s.level, s.time_s,
                               s.mean_uS, s.std_uS,
                               target > 0 ? fmt::format("{:.4f}", s.mean_uS / target) : "-");
    }
    std::cout << "  -> " << o->out << (o->raw ? " (and " + o->out + ".raw.csv)" : "") << "\n";
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
