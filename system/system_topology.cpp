#include "system/system_topology.h"

#include <algorithm>
#include <queue>
#include <stdexcept>

namespace kirchhoff {

SystemTopology make_topology(const config::SystemConfig& sys) {
  SystemTopology t;
  t.chips = static_cast<int>(sys.chips.size());
  for (const auto& c : sys.chips) t.node_names.push_back(c.name);
  std::vector<std::pair<int, int>> links;
  const int n = t.chips;
  switch (sys.topology) {
    case config::Topology::kRing:
      for (int i = 0; i + 1 < n; ++i) links.emplace_back(i, i + 1);
      if (n >= 3) links.emplace_back(n - 1, 0);
      break;
    case config::Topology::kMesh2d: {
      const int cols = std::max(1, sys.mesh_cols);
      auto pos = [&](int i) {  // snake: odd rows run right to left
        const int y = i / cols, k = i % cols;
        return std::make_pair(y % 2 == 0 ? k : cols - 1 - k, y);
      };
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) {
          const auto pa = pos(a), pb = pos(b);
          if (std::abs(pa.first - pb.first) + std::abs(pa.second - pb.second) == 1)
            links.emplace_back(a, b);
        }
      break;
    }
    case config::Topology::kFullyConnected:
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) links.emplace_back(a, b);
      break;
    case config::Topology::kStar:
      t.has_switch = true;
      t.node_names.push_back("switch");
      for (int a = 0; a < n; ++a) links.emplace_back(a, n);
      break;
  }
  for (const auto& [a, b] : links) {
    t.directions.emplace_back(a, b);
    t.directions.emplace_back(b, a);
  }
  return t;
}

std::vector<int> SystemTopology::route(int a, int b) const {
  if (a == b) return {};
  const int nodes = chips + (has_switch ? 1 : 0);
  std::vector<int> via(static_cast<std::size_t>(nodes), -1);  // direction that reached the node
  std::vector<bool> seen(static_cast<std::size_t>(nodes), false);
  std::queue<int> q;
  q.push(a);
  seen[static_cast<std::size_t>(a)] = true;
  while (!q.empty()) {
    const int u = q.front();
    q.pop();
    if (u == b) break;
    std::vector<std::pair<int, int>> next;  // (neighbour, direction)
    for (std::size_t d = 0; d < directions.size(); ++d)
      if (directions[d].first == u) next.emplace_back(directions[d].second, static_cast<int>(d));
    std::sort(next.begin(), next.end());
    for (const auto& [v, d] : next) {
      if (seen[static_cast<std::size_t>(v)]) continue;
      // Chips relay traffic that is not theirs in a ring or mesh (store-and-forward).
      seen[static_cast<std::size_t>(v)] = true;
      via[static_cast<std::size_t>(v)] = d;
      q.push(v);
    }
  }
  if (via[static_cast<std::size_t>(b)] < 0)
    throw std::logic_error("no route from " + node_names.at(static_cast<std::size_t>(a)) + " to " +
                           node_names.at(static_cast<std::size_t>(b)));
  std::vector<int> hops;
  for (int v = b; v != a;) {
    const int d = via[static_cast<std::size_t>(v)];
    hops.push_back(d);
    v = directions[static_cast<std::size_t>(d)].first;
  }
  std::reverse(hops.begin(), hops.end());
  return hops;
}

std::string SystemTopology::direction_name(int d) const {
  const auto& [a, b] = directions.at(static_cast<std::size_t>(d));
  return node_names.at(static_cast<std::size_t>(a)) + "->" +
         node_names.at(static_cast<std::size_t>(b));
}

}  // namespace kirchhoff
