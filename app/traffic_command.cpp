// `kirchhoff traffic CONFIG`: latency-load curves of the chip's network under synthetic traffic.
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
#include "interconnect/traffic.h"

namespace kirchhoff::app {
namespace {

std::vector<double> parse_rates(const std::string& text) {
  std::vector<double> rates;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');) {
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != part.size() || !(v > 0.0 && v <= 1.0)) {
      throw UsageError("traffic --rates: '" + part +
                       "' is not an offered load; allowed: comma-separated numbers in (0, 1] "
                       "packets/node/cycle, e.g. 0.01,0.02,0.05");
    }
    rates.push_back(v);
  }
  if (rates.empty()) throw UsageError("traffic --rates: give at least one rate");
  return rates;
}

}  // namespace

void add_traffic_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::vector<std::string> sets;
    std::string pattern = "uniform";
    std::string rates = "0.005,0.01,0.02,0.05,0.1";
    int packet_flits = 8;
    std::int64_t cycles = 20000;
    std::int64_t warmup = 2000;
    std::string out = "traffic.csv";
    std::string seed;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "traffic", "characterise the chip's network under synthetic traffic (latency vs load)");
  cmd->add_option("CONFIG", o->config, "YAML chip configuration (mesh size, noc.*)")->required();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  cmd->add_option("--pattern", o->pattern, "uniform|transpose|hotspot|neighbor")
      ->capture_default_str();
  cmd->add_option("--rates", o->rates, "offered loads in packets/node/cycle, comma-separated")
      ->capture_default_str();
  cmd->add_option("--packet-flits", o->packet_flits, "flits per packet (header included)")
      ->capture_default_str();
  cmd->add_option("--cycles", o->cycles, "network cycles with injection")->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "cycles before measurement starts")->capture_default_str();
  cmd->add_option("--out", o->out, "CSV file to write")->capture_default_str();
  auto* seed = cmd->add_option("--seed", o->seed, "root seed (default: sim.seed)");
  actions["traffic"] = [o, seed] {
    check_config_name("traffic", o->config);
    const auto cfg = config::load_config(o->config, o->sets);
    noc::TrafficOptions t;
    const auto pattern = noc::parse_traffic_pattern(o->pattern);
    if (!pattern) {
      throw UsageError("traffic --pattern: '" + o->pattern +
                       "' is not a pattern; allowed: uniform, transpose, hotspot, neighbor");
    }
    t.pattern = *pattern;
    t.rates_packets_per_node_cycle = parse_rates(o->rates);
    t.packet_flits = o->packet_flits;
    t.cycles = o->cycles;
    t.warmup_cycles = o->warmup;
    t.seed = *seed ? parse_seed("traffic", o->seed) : cfg.sim.seed;
    const auto problems = noc::validate(t, cfg.noc);
    if (!problems.empty()) {
      std::string msg = "traffic: bad options:";
      for (const auto& p : problems) msg += "\n  " + p;
      throw UsageError(msg);
    }
    check_output_file("traffic --out", o->out);
    const noc::TrafficResult r = noc::run_traffic(cfg.noc, t);
    std::ostringstream csv;
    noc::write_traffic_csv(csv, r);
    write_file_atomically(o->out, csv.str());  // names the file and the errno reason
    std::cout << fmt::format(
        "{} traffic on a {} x {} {} ({} flits/packet, {} cycles, {} warm-up)\n", o->pattern,
        cfg.noc.cols, cfg.noc.rows,
        cfg.noc.topology == noc::Topology::kMesh   ? "mesh"
        : cfg.noc.topology == noc::Topology::kRing ? "ring"
                                                   : "bus",
        t.packet_flits, t.cycles, t.warmup_cycles);
    std::cout << fmt::format("{:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>12} {:>9}\n", "rate",
                             "offered", "accepted", "mean_cyc", "p99_cyc", "mean_ns", "energy_pJ",
                             "wall_s");
    for (const auto& p : r.points) {
      std::cout << fmt::format(
          "{:>10.4f} {:>10.4f} {:>10.4f} {:>10.1f} {:>10.1f} {:>10.1f} "
          "{:>12.4g} {:>9.3f}\n",
          p.rate_packets_per_node_cycle, p.offered_flits_per_node_cycle,
          p.accepted_flits_per_node_cycle, p.mean_latency_cycles, p.p99_latency_cycles,
          p.mean_latency_ns, p.energy_pj, p.wall_seconds);
    }
    std::cout << "  (rate in packets/node/cycle, throughput in flits/node/cycle) -> " << o->out
              << "\n";
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
