// The links of a system's topology and the route between two chips (docs/multichip.md):
//  - ring: chip i to chip i + 1, and the last to the first (3 chips or more);
//  - mesh2d: chips on a grid of mesh_cols columns along a snake (row 0 left to right, row 1
//    right to left, ...), so chips with consecutive indices are neighbours; links between grid
//    neighbours;
//  - fully_connected: a link between every pair;
//  - star: every chip linked to one switch (a host or PCIe switch), node `chips`.
// Each link is full duplex: one ChipLink per direction. A route is the shortest path (breadth
// first, neighbours in index order); its hops are store-and-forward. Plain C++.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/system_config.h"

namespace kirchhoff {

struct SystemTopology {
  int chips = 0;
  bool has_switch = false;                      // star: node `chips` is the switch
  std::vector<std::pair<int, int>> directions;  // every link direction (from, to)
  std::vector<std::string> node_names;          // chip names, then "switch"
  // Indices into `directions` of the hops from chip a to chip b (empty when a == b).
  std::vector<int> route(int a, int b) const;
  std::string direction_name(int d) const;  // "c0->c1"
};

SystemTopology make_topology(const config::SystemConfig& sys);

}  // namespace kirchhoff
