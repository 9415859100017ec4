// Where every node sits on the mesh: analog tiles and global DPUs, and where the host ports
// attach. Nodes are numbered row-major (id = y * cols + x). Tiles, then global DPUs, are laid
// out along a snake (boustrophedon) walk of the mesh, so tiles with consecutive indices are
// always mesh neighbours (the mapper places consecutive layers on consecutive tiles). Host
// ports are the chip's I/O pads: they take no node of their own but attach to the router of a
// node on the west edge (port p at (0, p)), sharing that node's network port. Pure C++.
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
  std::vector<int> host_nodes;       // node id whose router host port i attaches to
  std::vector<int> dpu_nodes;        // node id of global DPU i
  int hops(int a, int b) const;      // Manhattan distance between two node ids
  std::string ascii() const;         // a grid picture: T0 T1 ... D0 . ; host ports as "H0>"
};

// Throws std::invalid_argument if tiles + DPUs do not fit the mesh or there are more host
// ports than mesh rows.
Floorplan make_floorplan(int cols, int rows, int tiles, int host_ports, int global_dpus);

}  // namespace kirchhoff
