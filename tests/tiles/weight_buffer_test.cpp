// The WEIGHTS buffer of the analog and digital tiles is consumed by PROGRAM: after programming a
// tile holds no float copy of its block (4 B per weight at scale), and programming again takes
// the block written since. One sc_start per TEST (ctest runs every TEST in its own process).
#include <gtest/gtest.h>

#include <vector>

#include "tests/common/tile_driver.h"
#include "tiles/analog_tile.h"
#include "tiles/digital_tile.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff {
namespace {

using Driver = testing_support::TileDriver;
using testing_support::exact_tile_params;

// Writes a 3 x 2 block, programs it, then writes and programs a second one: the buffer holds
// the written block until PROGRAM and nothing after; each MVM uses the block programmed last.
template <typename Tile>
void check_buffer_is_consumed(Tile& tile, std::size_t buffer_bytes_before_program) {
  Driver d("driver");
  d.socket.bind(tile.target);
  std::size_t before = 0, after = 0, after_second = 0;
  std::vector<float> y1, y2;
  d.body = [&](Driver& d) {
    std::vector<float> w = {1, 2, 3, 4, 5, 6};  // 3 x 2, row-major by input row
    d.write_block(w, 3, 2);
    before = tile.weight_buffer_bytes();
    d.put32(tile_map::kCtrl, tile_map::kCmdProgram);
    after = tile.weight_buffer_bytes();
    y1 = d.mvm({0.5f, -0.25f, 1.0f}, 2);
    std::vector<float> w2 = {-1, 0, 0, 1, 2, 0};
    d.write_block(w2, 3, 2);
    d.put32(tile_map::kCtrl, tile_map::kCmdProgram);
    after_second = tile.weight_buffer_bytes();
    y2 = d.mvm({0.5f, -0.25f, 1.0f}, 2);
  };
  sc_core::sc_start();
  EXPECT_FALSE(d.error);
  EXPECT_EQ(before, buffer_bytes_before_program);
  EXPECT_EQ(after, 0u);
  EXPECT_EQ(after_second, 0u);
  ASSERT_EQ(y1.size(), 2u);
  ASSERT_EQ(y2.size(), 2u);
  // y = W^T x: [1*0.5 + 3*-0.25 + 5*1, 2*0.5 + 4*-0.25 + 6*1], then the second block.
  EXPECT_NEAR(y1[0], 4.75f, 1e-5);
  EXPECT_NEAR(y1[1], 6.0f, 1e-5);
  EXPECT_NEAR(y2[0], 1.5f, 1e-5);
  EXPECT_NEAR(y2[1], -0.25f, 1e-5);
}

TEST(WeightBuffer, AnalogTileHoldsNoFloatBlockAfterProgramming) {
  AnalogTile tile("tile", exact_tile_params(), 1, nullptr);
  // The buffer spans the crossbar (8 x 8 floats) once written.
  check_buffer_is_consumed(tile, 8 * 8 * sizeof(float));
  EXPECT_TRUE(tile.programmed());
}

TEST(WeightBuffer, DigitalTileHoldsNoFloatBlockAfterProgramming) {
  TileParams p = exact_tile_params();
  p.digital.weight_format = DigitalFormat::kFp16;  // 1..6, -1, 2 and the inputs are exact
  DigitalTile tile("tile", p, nullptr);
  check_buffer_is_consumed(tile, 8 * 8 * sizeof(float));
  EXPECT_TRUE(tile.programmed());
}

}  // namespace
}  // namespace kirchhoff
