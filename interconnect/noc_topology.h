// The network's graph: node coordinates, directed link ids, the route a packet takes from one
// node to another (dimension-order XY / YX on the mesh, shortest direction on the ring, one
// hop on the shared bus) and the physical length of each link.
#pragma once

#include <string>

#include "interconnect/noc_params.h"

namespace kirchhoff::noc {

class NocTopology {
 public:
  struct Hop {
    int link = -1;  // link taken out of the current node
    int next = -1;  // node at its far end
  };

  explicit NocTopology(const NocParams& params);

  Topology kind() const { return kind_; }
  int num_nodes() const { return num_nodes_; }
  int cols() const { return cols_; }
  int rows() const { return rows_; }
  int x_of(int node) const { return node % cols_; }
  int y_of(int node) const { return node / cols_; }
  int node_at(int x, int y) const { return y * cols_ + x; }

  // Link ids are slots 0..link_slots()-1; a slot may be unused (a mesh edge has no neighbour).
  int link_slots() const { return link_slots_; }
  bool link_exists(int link) const;
  int link_from(int link) const;
  int link_to(int link) const;
  // Number of directed physical links, counted in tile-pitch segments (static power).
  int num_link_segments() const;
  double link_length_mm(int link) const;
  std::string link_name(int link) const;  // "link_3_4" (from 3 to 4) or "bus"

  // The next hop from `cur` towards `dst` (cur != dst).
  Hop next_hop(int cur, int dst) const;
  // Links crossed from src to dst (0 when src == dst).
  int hops(int src, int dst) const;

 private:
  // Mesh link directions: link id = node * kMeshPorts + direction.
  enum MeshDir : int { kEast = 0, kWest = 1, kSouth = 2, kNorth = 3, kMeshPorts = 4 };
  // Ring link directions: link id = node * kRingPorts + direction.
  enum RingDir : int { kClockwise = 0, kCounterClockwise = 1, kRingPorts = 2 };

  Hop mesh_next_hop(int cur, int dst) const;
  Hop ring_next_hop(int cur, int dst) const;

  Topology kind_;
  Routing routing_;
  int cols_;
  int rows_;
  int num_nodes_;
  int link_slots_;
  double pitch_mm_;
};

}  // namespace kirchhoff::noc
