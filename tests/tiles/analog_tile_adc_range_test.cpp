// The tile's ADC_RANGE register (tiles/tile_address_map.h): a float32 ADC full scale (the
// normalised column value at the largest code) the host programs per layer; it reads back as
// tile.adc.bound / gain until written; a value that is not a positive finite number is refused
// with a generic error and leaves the full scale unchanged. One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "tests/common/register_probe.h"
#include "tiles/analog_tile.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff {
namespace {

TEST(AnalogTileAdcRange, RegisterSetsTheFullScaleAndRefusesNonPositiveValues) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  p.adc.bound = 12.0;
  p.adc.gain = 2.0;
  AnalogTile tile("tile", p, 1, nullptr);
  test::RegisterProbe<float> probe("probe", tile_map::kAdcRange,
                                   {2.5f, 0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(),
                                    std::numeric_limits<float>::infinity()},
                                   true);
  EXPECT_EQ(test::run_checked(probe, tile.target), 0u);
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_OK_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<float>{6.0f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f}));
  EXPECT_EQ(tile.model().params().adc.bound, 5.0);  // 2.5 times gain 2
}

}  // namespace
}  // namespace kirchhoff
