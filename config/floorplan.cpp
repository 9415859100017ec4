#include "config/floorplan.h"

#include <cstdlib>
#include <stdexcept>

namespace kirchhoff {

const char* to_string(NodeKind k) {
  switch (k) {
    case NodeKind::kHostPort:
      return "host_port";
    case NodeKind::kTile:
      return "tile";
    case NodeKind::kDpu:
      return "dpu";
    case NodeKind::kEmpty:
      return "empty";
  }
  return "?";
}

int Floorplan::hops(int a, int b) const {
  return std::abs(nodes.at(a).x - nodes.at(b).x) + std::abs(nodes.at(a).y - nodes.at(b).y);
}

std::string Floorplan::ascii() const {
  std::string s;
  for (int y = 0; y < rows; ++y) {
    std::string port = "    ";
    for (std::size_t p = 0; p < host_nodes.size(); ++p) {
      if (nodes[host_nodes[p]].y == y) port = "H" + std::to_string(p) + "> ";
    }
    s += port;
    for (int x = 0; x < cols; ++x) {
      const auto& n = nodes[y * cols + x];
      std::string cell = ".";
      if (n.kind == NodeKind::kTile) cell = "T" + std::to_string(n.index);
      if (n.kind == NodeKind::kDpu) cell = "D" + std::to_string(n.index);
      s += cell + std::string(cell.size() < 5 ? 5 - cell.size() : 1, ' ');
    }
    s += "\n";
  }
  return s;
}

Floorplan make_floorplan(int cols, int rows, int tiles, int host_ports, int global_dpus) {
  if (cols < 1 || rows < 1 || tiles < 0 || host_ports < 0 || global_dpus < 0 ||
      tiles + global_dpus > cols * rows || host_ports > rows) {
    throw std::invalid_argument(std::to_string(tiles) + " tiles + " + std::to_string(global_dpus) +
                                " DPUs (and " + std::to_string(host_ports) +
                                " host ports on the west edge) "
                                "do not fit a " +
                                std::to_string(cols) + " x " + std::to_string(rows) + " mesh");
  }
  Floorplan f;
  f.cols = cols;
  f.rows = rows;
  f.nodes.resize(static_cast<std::size_t>(cols) * rows);
  std::vector<int> snake;
  for (int y = 0; y < rows; ++y) {
    for (int i = 0; i < cols; ++i) {
      const int x = (y % 2 == 0) ? i : cols - 1 - i;
      snake.push_back(y * cols + x);
      auto& n = f.nodes[y * cols + x];
      n.id = y * cols + x;
      n.x = x;
      n.y = y;
    }
  }
  std::size_t k = 0;
  auto place = [&](NodeKind kind, int count, std::vector<int>& ids) {
    for (int i = 0; i < count; ++i, ++k) {
      auto& n = f.nodes[snake[k]];
      n.kind = kind;
      n.index = i;
      ids.push_back(n.id);
    }
  };
  place(NodeKind::kTile, tiles, f.tile_nodes);
  place(NodeKind::kDpu, global_dpus, f.dpu_nodes);
  for (int p = 0; p < host_ports; ++p) f.host_nodes.push_back(p * cols);
  return f;
}

}  // namespace kirchhoff
