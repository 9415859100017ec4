// The links of each topology and the routes between chips (system/system_topology.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/system_config.h"
#include "system/system_topology.h"

namespace kirchhoff {
namespace {

config::SystemConfig chips(int n, config::Topology t, int mesh_cols = 0) {
  config::SystemConfig s;
  for (int i = 0; i < n; ++i) s.chips.push_back({"c" + std::to_string(i), "", {}});
  s.topology = t;
  s.mesh_cols = mesh_cols;
  return s;
}

std::vector<std::string> names(const SystemTopology& t, int a, int b) {
  std::vector<std::string> v;
  for (int d : t.route(a, b)) v.push_back(t.direction_name(d));
  return v;
}

TEST(SystemTopology, RingClosesFromThreeChipsAndTakesTheShortWay) {
  const SystemTopology two = make_topology(chips(2, config::Topology::kRing));
  EXPECT_EQ(two.directions.size(), 2u);  // one full-duplex link
  const SystemTopology five = make_topology(chips(5, config::Topology::kRing));
  EXPECT_EQ(five.directions.size(), 10u);
  EXPECT_EQ(names(five, 0, 1), (std::vector<std::string>{"c0->c1"}));
  EXPECT_EQ(names(five, 0, 4), (std::vector<std::string>{"c0->c4"}));
  EXPECT_EQ(names(five, 1, 3), (std::vector<std::string>{"c1->c2", "c2->c3"}));
  EXPECT_TRUE(five.route(2, 2).empty());
}

TEST(SystemTopology, StarGoesThroughTheSwitch) {
  const SystemTopology t = make_topology(chips(3, config::Topology::kStar));
  EXPECT_TRUE(t.has_switch);
  EXPECT_EQ(t.directions.size(), 6u);
  EXPECT_EQ(names(t, 0, 1), (std::vector<std::string>{"c0->switch", "switch->c1"}));
}

TEST(SystemTopology, MeshSnakeKeepsConsecutiveChipsNeighbours) {
  // 2 columns: c0 c1 / c3 c2.
  const SystemTopology t = make_topology(chips(4, config::Topology::kMesh2d, 2));
  EXPECT_EQ(t.directions.size(), 8u);  // 4 links
  for (int k = 0; k + 1 < 4; ++k) EXPECT_EQ(t.route(k, k + 1).size(), 1u) << k;
  EXPECT_EQ(names(t, 0, 3), (std::vector<std::string>{"c0->c3"}));
  EXPECT_EQ(t.route(0, 2).size(), 2u);
}

TEST(SystemTopology, FullyConnectedIsOneHopEverywhere) {
  const SystemTopology t = make_topology(chips(4, config::Topology::kFullyConnected));
  EXPECT_EQ(t.directions.size(), 12u);
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b)
      if (a != b) {
        EXPECT_EQ(t.route(a, b).size(), 1u);
      }
}

}  // namespace
}  // namespace kirchhoff
