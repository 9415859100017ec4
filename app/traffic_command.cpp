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

std::vector<int> parse_nodes(const std::string& text) {
  std::vector<int> nodes;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');) {
    std::size_t used = 0;
    int v = -1;
    try {
      v = std::stoi(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != part.size() || v < 0) {
      throw UsageError("traffic --hotspot: '" + part +
                       "' is not a node id; allowed: comma-separated node ids >= 0, e.g. 5,10");
    }
    nodes.push_back(v);
  }
  if (nodes.empty()) throw UsageError("traffic --hotspot: give at least one node id");
  return nodes;
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
    std::string injection = "bernoulli";
    bool allow_self = false;
    std::string hotspot;
    double hotspot_fraction = 0.2;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand(
      "traffic", "characterise the chip's network under synthetic traffic (latency vs load)");
  cmd->add_option("CONFIG", o->config, "YAML chip configuration (mesh size, noc.*)")->required();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  cmd->add_option("--pattern", o->pattern, "one of: " + noc::traffic_pattern_names())
      ->capture_default_str();
  cmd->add_option("--injection", o->injection, "bernoulli|poisson")->capture_default_str();
  cmd->add_flag("--allow-self", o->allow_self,
                "uniform traffic may send to its own node (excluded by default)");
  auto* hotspot = cmd->add_option("--hotspot", o->hotspot,
                                  "hotspot node ids, comma-separated (default: the centre node)");
  auto* hotspot_fraction = cmd->add_option("--hotspot-fraction", o->hotspot_fraction,
                                           "share of packets sent to the hotspots, in [0, 1]")
                               ->capture_default_str();
  cmd->add_option("--rates", o->rates, "offered loads in packets/node/cycle, comma-separated")
      ->capture_default_str();
  cmd->add_option("--packet-flits", o->packet_flits, "flits per packet (header included)")
      ->capture_default_str();
  cmd->add_option("--cycles", o->cycles, "network cycles with injection")->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "cycles before measurement starts")->capture_default_str();
  cmd->add_option("--out", o->out, "CSV file to write")->capture_default_str();
  auto* seed = cmd->add_option("--seed", o->seed, "root seed (default: sim.seed)");
  actions["traffic"] = [o, seed, hotspot, hotspot_fraction] {
    check_config_name("traffic", o->config);
    const auto cfg = config::load_config(o->config, o->sets);
    noc::TrafficOptions t;
    const auto pattern = noc::parse_traffic_pattern(o->pattern);
    if (!pattern) {
      throw UsageError("traffic --pattern: '" + o->pattern +
                       "' is not a pattern; allowed: " + noc::traffic_pattern_names());
    }
    t.pattern = *pattern;
    const auto injection = noc::parse_injection(o->injection);
    if (!injection) {
      throw UsageError("traffic --injection: '" + o->injection +
                       "' is not an injection process; allowed: bernoulli, poisson");
    }
    t.injection = *injection;
    t.allow_self = o->allow_self;
    if ((*hotspot || *hotspot_fraction) && t.pattern != noc::TrafficPattern::kHotspot) {
      throw UsageError("traffic --hotspot / --hotspot-fraction apply to --pattern hotspot only");
    }
    if (*hotspot) t.hotspot_nodes = parse_nodes(o->hotspot);
    t.hotspot_fraction = o->hotspot_fraction;
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
        "{} traffic ({}) on a {} x {} {} ({} flits/packet, buffers {}, {} cycles, {} warm-up)\n",
        noc::to_string(t.pattern), noc::to_string(t.injection), cfg.noc.cols, cfg.noc.rows,
        cfg.noc.topology == noc::Topology::kMesh   ? "mesh"
        : cfg.noc.topology == noc::Topology::kRing ? "ring"
                                                   : "bus",
        t.packet_flits,
        cfg.noc.buffer_flits > 0 ? std::to_string(cfg.noc.buffer_flits) + " flits" : "unbounded",
        t.cycles, t.warmup_cycles);
    std::cout << fmt::format("{:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>12} {:>9}\n",
                             "rate", "offered", "accepted", "head_cyc", "mean_cyc", "p99_cyc",
                             "mean_ns", "energy_pJ", "wall_s");
    for (const auto& p : r.points) {
      std::cout << fmt::format(
          "{:>10.4f} {:>10.4f} {:>10.4f} {:>10.1f} {:>10.1f} {:>10.1f} {:>10.1f} "
          "{:>12.4g} {:>9.3f}{}\n",
          p.rate_packets_per_node_cycle, p.offered_flits_per_node_cycle,
          p.accepted_flits_per_node_cycle, p.mean_head_latency_cycles, p.mean_latency_cycles,
          p.p99_latency_cycles, p.mean_latency_ns, p.energy_pj, p.wall_seconds,
          noc::past_saturation(r, p) ? "  past saturation" : "");
    }
    const int sat = noc::saturation_point(r);
    if (sat < 0) {
      std::cout << "saturation: no rate keeps up (accepted < 0.95 x offered at every rate); "
                   "try lower --rates\n";
    } else {
      const auto& sp = r.points[static_cast<std::size_t>(sat)];
      std::cout << fmt::format(
          "saturation throughput: {:.4f} flits/node/cycle offered ({:.4f} accepted) at rate "
          "{:.4f}, the highest offered load with accepted >= 0.95 x offered\n",
          sp.offered_flits_per_node_cycle, sp.accepted_flits_per_node_cycle,
          sp.rate_packets_per_node_cycle);
    }
    for (const auto& p : r.points) {
      if (noc::past_saturation(r, p)) {
        std::cerr << fmt::format(
            "warning: traffic: rate {:.4f} is past saturation (offered {:.4f}, accepted {:.4f} "
            "flits/node/cycle): latency and accepted throughput there depend on the run length\n",
            p.rate_packets_per_node_cycle, p.offered_flits_per_node_cycle,
            p.accepted_flits_per_node_cycle);
      }
    }
    std::cout << "  (rate in packets/node/cycle, throughput in flits/node/cycle) -> " << o->out
              << "\n";
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
