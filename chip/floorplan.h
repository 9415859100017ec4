// Where every node sits on the mesh: host ports, analog tiles and global DPUs. Nodes are
// numbered row-major (id = y * cols + x). Kinds are laid out along a snake (boustrophedon)
// walk of the mesh: host ports first, then tiles, then global DPUs, so tiles with consecutive
// indices are always mesh neighbours (the mapper places consecutive layers on consecutive
// tiles). Pure C++; no SystemC.
#pragma once

#include <string>
#include <vector>

namespace kirchhoff {

enum class NodeKind { kHostPort, kTile, kDpu, kEmpty };
const char* to_string(NodeKind k);

struct FloorplanNode {
  int id = 0;  // y * cols + x
  int x = 0;
  int y = 0;
  NodeKind kind = NodeKind::kEmpty;
  int index = -1;  // index among the nodes of its kind (tile 3, host port 0, ...)
};

struct Floorplan {
  int cols = 0;
  int rows = 0;
  std::vector<FloorplanNode> nodes;  // by id
  std::vector<int> tile_nodes;       // node id of tile i
  std::vector<int> host_nodes;       // node id of host port i
  std::vector<int> dpu_nodes;        // node id of global DPU i
  int hops(int a, int b) const;      // Manhattan distance between two node ids
  std::string ascii() const;         // a grid picture: H0 T0 T1 ... D0 .
};

// Throws std::invalid_argument if the kinds do not fit the mesh.
Floorplan make_floorplan(int cols, int rows, int tiles, int host_ports, int global_dpus);

}  // namespace kirchhoff
