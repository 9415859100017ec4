// A multi-chip system (docs/multichip.md): a list of chips, each an existing chip configuration
// by path (chips may differ), the chip-to-chip link they share and the topology that joins them.
//
//   system:
//     chips:                        # in pipeline order; `- {count: 5, config: c.yaml}` makes
//       - {name: c0, config: ../chips/ibm14nm34.yaml}   # c0..c4 (paths relative to this file)
//       - {name: c1, config: ../chips/hermes64.yaml, set: [chip.tiles=4]}   # overrides
//     link: {preset: die_to_die}    # die_to_die | board_pcie, then any key below overrides it
//     topology: ring                # ring | mesh2d | fully_connected | star
//
// Link keys (per direction; a link is full duplex): bandwidth_gbps (per lane, Gbit/s), lanes,
// latency_ns (flight time of a transfer once serialised), energy_pj_per_bit. Plain C++.
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"

namespace kirchhoff::config {

struct LinkParams {
  std::string preset = "die_to_die";
  double bandwidth_gbps = 0;  // per lane
  int lanes = 0;
  double latency_ns = 0;
  double energy_pj_per_bit = 0;
  double total_gbps() const { return bandwidth_gbps * lanes; }
};

enum class Topology { kRing, kMesh2d, kFullyConnected, kStar };
const char* to_string(Topology t);

struct SystemChip {
  std::string name;         // "c0"
  std::string config_path;  // as resolved (relative to the system file's folder)
  ChipConfig config;
};

struct SystemConfig {
  std::string source;  // the system file
  std::vector<SystemChip> chips;
  LinkParams link;
  Topology topology = Topology::kRing;
  int mesh_cols = 0;  // mesh2d: chips per row (0 in the file: ceil(sqrt(chips)))
};

// The link presets: "die_to_die" and "board_pcie" (figures and sources in system_config.cpp).
LinkParams link_preset(const std::string& name);  // throws std::out_of_range for other names
std::vector<std::string> link_preset_names();

// True when the YAML file `path` is a system file: its top-level map has a `system:` key.
// Never throws (an unreadable file is not a system; the chip loader reports it).
bool is_system_file(const std::string& path);

// Loads and checks a system file; every chip's configuration with `chip_overrides` applied
// (the chip schema's --set). Throws ConfigError naming file:line:column, the key and what is
// allowed.
SystemConfig load_system_config(const std::string& path,
                                const std::vector<std::string>& chip_overrides = {});

}  // namespace kirchhoff::config
