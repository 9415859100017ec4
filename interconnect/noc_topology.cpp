#include "interconnect/noc_topology.h"

#include <cstdlib>
#include <stdexcept>

namespace kirchhoff::noc {

NocTopology::NocTopology(const NocParams& params)
    : kind_(params.topology),
      routing_(params.routing),
      cols_(params.cols),
      rows_(params.rows),
      num_nodes_(params.cols * params.rows),
      link_slots_(0),
      pitch_mm_(params.tile_pitch_mm) {
  if (cols_ < 1 || rows_ < 1)
    throw std::invalid_argument("NocTopology: cols and rows must be >= 1");
  switch (kind_) {
    case Topology::kMesh:
      link_slots_ = num_nodes_ * kMeshPorts;
      break;
    case Topology::kRing:
      link_slots_ = num_nodes_ * kRingPorts;
      break;
    case Topology::kBus:
      link_slots_ = 1;
      break;
  }
}

bool NocTopology::link_exists(int link) const {
  if (link < 0 || link >= link_slots_) return false;
  switch (kind_) {
    case Topology::kMesh: {
      const int node = link / kMeshPorts;
      const int x = x_of(node);
      const int y = y_of(node);
      switch (link % kMeshPorts) {
        case kEast:
          return x + 1 < cols_;
        case kWest:
          return x > 0;
        case kSouth:
          return y + 1 < rows_;
        default:
          return y > 0;
      }
    }
    case Topology::kRing:
      return num_nodes_ > 1;
    case Topology::kBus:
      return num_nodes_ > 1;
  }
  return false;
}

int NocTopology::link_from(int link) const {
  switch (kind_) {
    case Topology::kMesh:
      return link / kMeshPorts;
    case Topology::kRing:
      return link / kRingPorts;
    case Topology::kBus:
      return -1;  // any node
  }
  return -1;
}

int NocTopology::link_to(int link) const {
  switch (kind_) {
    case Topology::kMesh: {
      const int node = link / kMeshPorts;
      switch (link % kMeshPorts) {
        case kEast:
          return node + 1;
        case kWest:
          return node - 1;
        case kSouth:
          return node + cols_;
        default:
          return node - cols_;
      }
    }
    case Topology::kRing: {
      const int node = link / kRingPorts;
      return link % kRingPorts == kClockwise ? (node + 1) % num_nodes_
                                             : (node + num_nodes_ - 1) % num_nodes_;
    }
    case Topology::kBus:
      return -1;  // any node
  }
  return -1;
}

int NocTopology::num_link_segments() const {
  switch (kind_) {
    case Topology::kMesh:
      return 2 * ((cols_ - 1) * rows_ + cols_ * (rows_ - 1));
    case Topology::kRing:
      return num_nodes_ > 1 ? kRingPorts * num_nodes_ : 0;
    case Topology::kBus:
      return num_nodes_ - 1;
  }
  return 0;
}

double NocTopology::link_length_mm(int /*link*/) const {
  // Mesh and ring links join neighbouring tiles (a ring over a grid is laid out folded, so
  // every link spans one pitch); the bus runs past every node.
  return kind_ == Topology::kBus ? pitch_mm_ * (num_nodes_ - 1) : pitch_mm_;
}

std::string NocTopology::link_name(int link) const {
  if (kind_ == Topology::kBus) return "bus";
  return "link_" + std::to_string(link_from(link)) + "_" + std::to_string(link_to(link));
}

NocTopology::Hop NocTopology::mesh_next_hop(int cur, int dst) const {
  const int cx = x_of(cur);
  const int cy = y_of(cur);
  const int dx = x_of(dst);
  const int dy = y_of(dst);
  const bool x_first = routing_ == Routing::kXY;
  const bool move_x = cx != dx && (x_first || cy == dy);
  if (move_x) {
    return cx < dx ? Hop{cur * kMeshPorts + kEast, cur + 1}
                   : Hop{cur * kMeshPorts + kWest, cur - 1};
  }
  return cy < dy ? Hop{cur * kMeshPorts + kSouth, cur + cols_}
                 : Hop{cur * kMeshPorts + kNorth, cur - cols_};
}

NocTopology::Hop NocTopology::ring_next_hop(int cur, int dst) const {
  const int cw = (dst - cur + num_nodes_) % num_nodes_;
  if (cw <= num_nodes_ - cw) return Hop{cur * kRingPorts + kClockwise, (cur + 1) % num_nodes_};
  return Hop{cur * kRingPorts + kCounterClockwise, (cur + num_nodes_ - 1) % num_nodes_};
}

NocTopology::Hop NocTopology::next_hop(int cur, int dst) const {
  switch (kind_) {
    case Topology::kMesh:
      return mesh_next_hop(cur, dst);
    case Topology::kRing:
      return ring_next_hop(cur, dst);
    case Topology::kBus:
      return Hop{0, dst};
  }
  return Hop{};
}

int NocTopology::hops(int src, int dst) const {
  if (src == dst) return 0;
  switch (kind_) {
    case Topology::kMesh:
      return std::abs(x_of(src) - x_of(dst)) + std::abs(y_of(src) - y_of(dst));
    case Topology::kRing: {
      const int cw = (dst - src + num_nodes_) % num_nodes_;
      return cw <= num_nodes_ - cw ? cw : num_nodes_ - cw;
    }
    case Topology::kBus:
      return 1;
  }
  return 0;
}

}  // namespace kirchhoff::noc
