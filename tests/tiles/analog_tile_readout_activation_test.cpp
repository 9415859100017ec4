// The tile's READOUT_ACTIVATION register (tiles/tile_address_map.h): the duration readout's
// activation of the next MVMs (0 none, 1 relu, 2 hard_sigmoid), read back as written, starting
// at tile.duration.activation; a value past 2 is refused, and an ADC tile refuses anything but
// 0 (an ADC has no enable timing), both with a generic error that leaves the register as it was.
// One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "protocol/tlm_protocol_checker.h"
#include "tiles/analog_tile.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

struct ActivationProbe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<ActivationProbe> socket{"socket"};
  std::vector<tlm::tlm_response_status> got;
  std::vector<std::uint32_t> read_back;

  SC_HAS_PROCESS(ActivationProbe);
  explicit ActivationProbe(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }

  tlm::tlm_response_status send(tlm::tlm_command cmd, std::uint32_t* value) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, tile_map::kReadoutActivation, value, 4);
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    return t.get_response_status();
  }
  void run() {
    std::uint32_t initial = 9;
    send(tlm::TLM_READ_COMMAND, &initial);
    read_back.push_back(initial);
    for (std::uint32_t v : {1u, 3u, 2u, 0u}) {
      got.push_back(send(tlm::TLM_WRITE_COMMAND, &v));
      std::uint32_t r = 9;
      send(tlm::TLM_READ_COMMAND, &r);
      read_back.push_back(r);
    }
  }
};

void run_probe(const TileParams& p, ActivationProbe& probe) {
  AnalogTile tile("tile", p, 1, nullptr);
  protocol::TlmProtocolChecker checker("checker");
  probe.socket.bind(checker.target);
  checker.initiator.bind(tile.target);
  sc_core::sc_start();
  EXPECT_EQ(checker.violation_count(), 0u);
}

TEST(AnalogTileReadoutActivation, ADurationTileTakesEachActivation) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  p.output_conversion = OutputConversion::kDuration;
  p.duration.activation = DurationActivation::kHardSigmoid;
  ActivationProbe probe("probe");
  run_probe(p, probe);
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_OK_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_OK_RESPONSE, tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<std::uint32_t>{2, 1, 1, 2, 0}));
}

TEST(AnalogTileReadoutActivation, AnAdcTileTakesOnlyNone) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  ActivationProbe probe("probe");
  run_probe(p, probe);
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_GENERIC_ERROR_RESPONSE,
                           tlm::TLM_GENERIC_ERROR_RESPONSE, tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(probe.read_back, (std::vector<std::uint32_t>{0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace kirchhoff
