// The tile's READOUT_ACTIVATION register (tiles/tile_address_map.h): the duration readout's
// activation of the next MVMs (0 none, 1 relu, 2 hard_sigmoid), read back as written, starting
// at tile.duration.activation; a value past 2 is refused, and an ADC tile refuses anything but
// 0 (an ADC has no enable timing), both with a generic error that leaves the register as it was.
// One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/common/register_probe.h"
#include "tiles/analog_tile.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff {
namespace {

// Reads READOUT_ACTIVATION, then writes 1, 3, 2, 0 and reads each back (9: a read that
// answered nothing) on an analog tile of `p`, through the protocol checker.
struct Answers {
  std::vector<tlm::tlm_response_status> got;  // the writes' responses
  std::vector<std::uint32_t> read_back;
};

Answers run_probe(const TileParams& p) {
  AnalogTile tile("tile", p, 1, nullptr);
  test::RegisterProbe<std::uint32_t> probe("probe", tile_map::kReadoutActivation, {1, 3, 2, 0},
                                           true, 9);
  EXPECT_EQ(test::run_checked(probe, tile.target), 0u);
  return {probe.got, probe.read_back};
}

TEST(AnalogTileReadoutActivation, ADurationTileTakesEachActivation) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  p.output_conversion = OutputConversion::kDuration;
  p.duration.activation = DurationActivation::kHardSigmoid;
  const Answers probe = run_probe(p);
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_OK_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_OK_RESPONSE, tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<std::uint32_t>{2, 1, 1, 2, 0}));
}

TEST(AnalogTileReadoutActivation, AnAdcTileTakesOnlyNone) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  const Answers probe = run_probe(p);
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<std::uint32_t>{0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace kirchhoff
