// The tile's ADC_RANGE register (tiles/tile_address_map.h): a float32 ADC full scale (the
// normalised column value at the largest code) the host programs per layer; it reads back as
// tile.adc.bound / gain until written; a value that is not a positive finite number is refused
// with a generic error and leaves the full scale unchanged. One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "protocol/tlm_protocol_checker.h"
#include "tiles/analog_tile.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

struct AdcRangeProbe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<AdcRangeProbe> socket{"socket"};
  std::vector<tlm::tlm_response_status> got;
  std::vector<float> read_back;

  SC_HAS_PROCESS(AdcRangeProbe);
  explicit AdcRangeProbe(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }

  tlm::tlm_response_status send(tlm::tlm_command cmd, float* value) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, tile_map::kAdcRange, value, 4);
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    return t.get_response_status();
  }
  void run() {
    float initial = 0.0f;
    send(tlm::TLM_READ_COMMAND, &initial);
    read_back.push_back(initial);
    for (float v : {2.5f, 0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(),
                    std::numeric_limits<float>::infinity()}) {
      got.push_back(send(tlm::TLM_WRITE_COMMAND, &v));
      float r = 0.0f;
      send(tlm::TLM_READ_COMMAND, &r);
      read_back.push_back(r);
    }
  }
};

TEST(AnalogTileAdcRange, RegisterSetsTheFullScaleAndRefusesNonPositiveValues) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  p.adc.bound = 12.0;
  p.adc.gain = 2.0;
  AnalogTile tile("tile", p, 1, nullptr);
  protocol::TlmProtocolChecker checker("checker");
  AdcRangeProbe probe("probe");
  probe.socket.bind(checker.target);
  checker.initiator.bind(tile.target);
  sc_core::sc_start();
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_OK_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<float>{6.0f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f}));
  EXPECT_EQ(tile.model().params().adc.bound, 5.0);  // 2.5 times gain 2
  EXPECT_EQ(checker.violation_count(), 0u);
}

}  // namespace
}  // namespace kirchhoff
