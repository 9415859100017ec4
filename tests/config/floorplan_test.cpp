#include "config/floorplan.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace kirchhoff {
namespace {

TEST(Floorplan, SixtyFourTilesFillAnEightByEightMeshAlongASnake) {
  const Floorplan f = make_floorplan(8, 8, 64, 1, 0);
  ASSERT_EQ(f.tile_nodes.size(), 64u);
  std::set<int> used(f.tile_nodes.begin(), f.tile_nodes.end());
  EXPECT_EQ(used.size(), 64u);  // every tile on its own node
  for (int i = 0; i + 1 < 64; ++i) {
    EXPECT_EQ(f.hops(f.tile_nodes[i], f.tile_nodes[i + 1]), 1) << "tiles " << i << ", " << i + 1;
  }
  EXPECT_EQ(f.tile_nodes[0], 0);   // (0, 0)
  EXPECT_EQ(f.tile_nodes[8], 15);  // row 1 runs right to left: (7, 1)
  ASSERT_EQ(f.host_nodes.size(), 1u);
  EXPECT_EQ(f.host_nodes[0], 0);  // host port 0 attaches at the west edge, row 0
}

TEST(Floorplan, DpusFollowTilesAndHostPortsTakeWestEdgeRows) {
  const Floorplan f = make_floorplan(3, 3, 6, 2, 2);
  // Six tiles fill rows 0 and 1 (row 1 right to left); the DPUs continue the snake in row 2.
  EXPECT_EQ(f.dpu_nodes, (std::vector<int>{6, 7}));
  EXPECT_EQ(f.host_nodes, (std::vector<int>{0, 3}));
  EXPECT_EQ(f.nodes[6].kind, NodeKind::kDpu);
  EXPECT_EQ(f.nodes[3].kind, NodeKind::kTile);
  EXPECT_EQ(f.nodes[3].index, 5);
  EXPECT_EQ(f.nodes[8].kind, NodeKind::kEmpty);
  EXPECT_EQ(f.ascii(), "H0> T0   T1   T2   \nH1> T5   T4   T3   \n    D0   D1   .    \n");
}

TEST(Floorplan, TooManyNodesIsAnError) {
  EXPECT_THROW(make_floorplan(2, 2, 4, 1, 1), std::invalid_argument);
  EXPECT_THROW(make_floorplan(4, 2, 1, 3, 0), std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff
