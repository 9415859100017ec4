// The typed configuration of one simulation: chip layout, tile physics, host, workload and run
// settings. Built from YAML by config/config_loader.h; every field is bound to a documented
// key in config/schema_*.cpp (`kirchhoff config --schema` prints them all).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/area_params.h"
#include "config/host_params.h"
#include "config/landing_pad_params.h"
#include "config/mapper_params.h"
#include "config/tile_group.h"
#include "interconnect/noc_params.h"
#include "models/dpu_cost.h"
#include "models/tile_params.h"

namespace kirchhoff::config {

struct SimConfig {
  std::uint64_t seed = 1;       // root seed of every random stream
  double quantum_ns = 1000.0;   // temporal-decoupling quantum of the TLM initiators
  bool check_protocol = false;  // a TLM-2.0 protocol checker on every socket binding of the chip
  int threads = 1;  // threads of each tile's programming (results identical for any count)
};

struct ChipLayout {
  std::string name = "kirchhoff-default";
  int tiles = 1;        // analog tiles on the chip
  int global_dpus = 0;  // digital processing units as their own network nodes
  int mesh_cols = 1;    // network mesh width (nodes)
  int mesh_rows = 1;    // network mesh height (nodes)
  // A tile that holds no weights is switched off: no static (or active) energy for it and
  // its local DPU (unless that DPU ran operations).
  bool power_gate_unused_tiles = true;
  LandingPadParams landing_pads;  // chip-level converters on the host I/O path (none by default)
  // Hybrid chip: groups of tiles of a kind each (config/tile_group.h); empty: every tile is `tile`.
  std::vector<TileGroup> tile_groups;
};

// The built-in synthetic workload: one fully connected layer on random weights and inputs.
struct SyntheticWorkload {
  int in_features = 256;    // input vector length (crossbar rows used)
  int out_features = 256;   // output vector length (crossbar columns used)
  int samples = 64;         // input vectors streamed through the tile
  double weight_std = 0.1;  // weights ~ N(0, weight_std^2)
  double input_max = 1.0;   // inputs ~ U(-input_max, input_max)
};

struct ChipConfig {
  SimConfig sim;
  ChipLayout chip;
  TileParams tile;
  noc::NocParams noc;  // noc.cols / noc.rows follow chip.mesh_cols / chip.mesh_rows
  DpuParams dpu;       // every DPU: the local one in each tile and the global ones
  HostParams host;
  AreaParams area;  // silicon area per part (config/chip_area.h)
  SyntheticWorkload workload;
  MapperParams mapper;  // compiler settings (sparsity-aware mapping)
};

}  // namespace kirchhoff::config
