// The tile's DAC_RANGE register (tiles/tile_address_map.h): a float32 full scale the host
// programs per layer; a value that is not a positive finite number is refused with a generic
// error and leaves the range unchanged. One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "tests/common/register_probe.h"
#include "tiles/analog_tile.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff {
namespace {

TEST(AnalogTileDacRange, RegisterSetsTheFullScaleAndRefusesNonPositiveValues) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  AnalogTile tile("tile", p, 1, nullptr);
  test::RegisterProbe<float> probe("probe", tile_map::kDacRange,
                                   {4.0f, 0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(),
                                    std::numeric_limits<float>::infinity()},
                                   false);
  EXPECT_EQ(test::run_checked(probe, tile.target), 0u);
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_OK_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<float>{4.0f, 4.0f, 4.0f, 4.0f, 4.0f}));
  EXPECT_EQ(tile.model().params().dac.range, 4.0);
}

}  // namespace
}  // namespace kirchhoff
