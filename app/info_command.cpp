// `kirchhoff info CONFIG`: the floorplan, the address map and the derived peak figures.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/run_options.h"
#include "app/system_commands.h"
#include "app/tile_groups_info.h"
#include "chip/chip_address_map.h"
#include "config/config_loader.h"
#include "config/floorplan.h"
#include "config/system_config.h"
#include "config/tile_groups.h"
#include "host/peak_figures.h"

namespace kirchhoff::app {
namespace {

// Links cut by the narrowest bisection of the topology, counting both directions.
int bisection_links(const noc::NocParams& n) {
  switch (n.topology) {
    case noc::Topology::kMesh: {
      // Cutting across the longer dimension cuts one link pair per row (or column).
      const int cut = (n.cols >= n.rows) ? n.rows : n.cols;
      return (n.cols * n.rows > 1) ? 2 * cut : 0;
    }
    case noc::Topology::kRing:
      return n.cols * n.rows > 2 ? 4 : 2;
    case noc::Topology::kBus:
      return 1;
  }
  return 0;
}

}  // namespace

void add_info_command(CLI::App& cli, Actions& actions) {
  struct Opts {
    std::string config;
    std::vector<std::string> sets;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = cli.add_subcommand("info", "print the floorplan, address map and peak figures");
  cmd->add_option("CONFIG", o->config, "YAML chip configuration")->required();
  cmd->add_option("--set", o->sets, "override a key: key.path=value (repeatable)");
  actions["info"] = [o] {
    check_config_name("info", o->config);
    if (config::is_system_file(o->config)) return system_info(o->config, o->sets);
    const auto cfg = config::load_config(o->config, o->sets);
    const Floorplan fp = make_floorplan(cfg.chip.mesh_cols, cfg.chip.mesh_rows, cfg.chip.tiles,
                                        cfg.host.ports, cfg.chip.global_dpus);
    std::cout << fmt::format(
        "Chip '{}': {} {} tiles of {} x {}, {} global DPUs, {} host "
        "ports on a {} x {} network\n\n",
        cfg.chip.name, cfg.chip.tiles,
        cfg.chip.tile_groups.empty() ? to_string(cfg.tile.kind) : "analog and digital",
        cfg.tile.rows, cfg.tile.cols, cfg.chip.global_dpus, cfg.host.ports, fp.cols, fp.rows);
    std::cout << "Floorplan (x to the right, y down; H host port, T tile, D global DPU):\n"
              << fp.ascii() << "\n";

    std::cout << "Address map (as the host sees it):\n";
    std::cout << fmt::format("  {:<22} {:<24} {}\n", "node", "range", "what");
    for (const auto& n : fp.nodes) {
      if (n.kind == NodeKind::kTile) {
        const auto b = chip_map::tile_base(n.index);
        std::cout << fmt::format("  {:<22} {:#014x}-{:#014x} {} tile {} at ({}, {})\n",
                                 fmt::format("node {}", n.id), b, b + tile_map::kWindowBytes - 1,
                                 to_string(config::tile_params_of(cfg, n.index).kind), n.index, n.x,
                                 n.y);
      } else if (n.kind == NodeKind::kDpu) {
        const auto b = chip_map::dpu_base(n.index);
        std::cout << fmt::format("  {:<22} {:#014x}-{:#014x} global DPU {} at ({}, {})\n",
                                 fmt::format("node {}", n.id), b, b + chip_map::kDpuWindowBytes - 1,
                                 n.index, n.x, n.y);
      } else if (n.kind == NodeKind::kHostPort) {
        std::cout << fmt::format("  {:<22} {:<29} host port {} at ({}, {})\n",
                                 fmt::format("node {}", n.id), "-", n.index, n.x, n.y);
      }
    }

    // The same cost functions as a run's MVM events and static energy (host/peak_figures.h).
    const PeakFigures peak = peak_figures(cfg);
    const double mvm_ns = peak.mvm_interval_ns;
    const double peak_mvms = peak.chip_mvms_per_s;
    const int cut = bisection_links(cfg.noc);
    const double link_fpc = cfg.noc.link_flits_per_cycle;  // handshake links: < 1
    const double bisection_gbps = cut * cfg.noc.flit_bits * cfg.noc.clock_ghz * link_fpc;
    std::cout << "\nPeak figures (every tile busy with back-to-back MVMs of its full crossbar, "
                 "weights and inputs at full scale; no data movement):\n";
    std::cout << fmt::format("  {:<34} {:.1f} ns\n", "MVM latency per tile", peak.mvm_latency_ns);
    std::cout << fmt::format("  {:<34} {:.1f} ns\n", "MVM interval per tile", mvm_ns);
    std::cout << fmt::format("  {:<34} {:.4g} MVM/s\n", "peak MVMs", peak_mvms);
    std::cout << fmt::format("  {:<34} {:.4g} TOPS (a MAC = 2 ops)\n", "peak throughput",
                             peak.chip.tops);
    const TileEnergy& e = peak.mvm.energy;
    std::cout << fmt::format(
        "  {:<34} {:.6g} pJ (array {:.6g}, DAC {:.6g}, ADC {:.6g}, buffer {:.6g}, DPU {:.6g}, "
        "active {:.6g})\n",
        "energy per full-scale MVM", e.total_pj(), e.array_pj, e.dac_pj, e.adc_pj, e.buffer_pj,
        e.dpu_pj, e.active_pj);
    std::cout << fmt::format("  {:<34} {:.6g} mW per tile + local DPU, {:.6g} mW chip\n",
                             "static power", peak.tile_static_mw, peak.chip_static_mw);
    const std::pair<const char*, const EfficiencyLevel*> levels[] = {
        {"peak tile (one tile)", &peak.tile}, {"peak chip (all tiles)", &peak.chip}};
    for (const auto& [name, l] : levels) {
      std::cout << fmt::format("  {:<34} {:.4g} TOPS, {:.4g} TOPS/W, {:.4g} W\n", name, l->tops,
                               l->tops_per_w, l->power_w);
    }
    // Area from config/chip_area.h (area.* keys), the same function as the run summary's.
    const TileArea& ta = peak.area.tile;
    std::cout << fmt::format(
        "  {:<34} {:.4g} mm^2 (crossbar {:.4g}, DACs {:.4g}, ADCs {:.4g}, buffers {:.4g}, DPU "
        "{:.4g})\n",
        "area per tile", ta.total_mm2(), ta.crossbar_mm2, ta.dac_mm2, ta.adc_mm2, ta.buffer_mm2,
        ta.dpu_mm2);
    std::cout << fmt::format(
        "  {:<34} {:.4g} mm^2 (tiles {:.4g}, global DPUs {:.4g}, network {:.4g}, host ports "
        "{:.4g}, other {:.4g})\n",
        "chip area", peak.area.total_mm2(), peak.area.tiles_mm2, peak.area.global_dpus_mm2,
        peak.area.network_mm2, peak.area.host_ports_mm2, peak.area.other_mm2);
    std::cout << tile_groups_text(cfg);  // hybrid chips: per group (app/tile_groups_info.h)
    std::cout << fmt::format("  {:<34} {:.4g} TOPS/mm^2 tile, {:.4g} TOPS/mm^2 chip\n",
                             "peak area efficiency", peak.tile.tops_per_mm2,
                             peak.chip.tops_per_mm2);
    std::cout << fmt::format(
        "  {:<34} {} links x {} bit x {} GHz{} = {:.4g} Gbit/s\n", "network bisection bandwidth",
        cut, cfg.noc.flit_bits, cfg.noc.clock_ghz,
        link_fpc == 1.0 ? "" : fmt::format(" x {} flit/cycle", link_fpc), bisection_gbps);
    std::cout << fmt::format("  {:<34} {:.4g} GB/s per port, {} ports\n", "host I/O bandwidth",
                             cfg.host.port_bandwidth_GBps, cfg.host.ports);
    return kExitOk;
  };
}

}  // namespace kirchhoff::app
