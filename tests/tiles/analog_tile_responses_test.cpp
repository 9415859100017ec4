// The analog tile's TLM response codes, through the TLM-2.0 protocol checker: byte enables are
// refused with a byte-enable error, a streaming width shorter than the data with a burst error,
// a write of the read-only OUTPUT with a command error, an address off the map with an address
// error. One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "protocol/tlm_protocol_checker.h"
#include "tiles/analog_tile.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

struct Probe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Probe> socket{"socket"};
  std::vector<tlm::tlm_response_status> got;

  SC_HAS_PROCESS(Probe);
  explicit Probe(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }

  tlm::tlm_response_status send(tlm::tlm_command cmd, std::uint64_t a, void* data, unsigned len,
                                unsigned width, unsigned char* be = nullptr) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, a, data, len);
    t.set_streaming_width(width);
    t.set_byte_enable_ptr(be);
    t.set_byte_enable_length(be ? 4 : 0);
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    return t.get_response_status();
  }
  void run() {
    std::vector<float> x(8, 0.5f);
    unsigned char be[4] = {0xff, 0xff, 0x00, 0x00};
    std::uint32_t v = 0;
    got.push_back(send(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), 32, 4));
    got.push_back(send(tlm::TLM_READ_COMMAND, tile_map::kStatus, &v, 4, 2));
    got.push_back(send(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), 32, 32, be));
    got.push_back(send(tlm::TLM_WRITE_COMMAND, tile_map::kOutput, x.data(), 32, 32));
    got.push_back(send(tlm::TLM_WRITE_COMMAND, 0x0000'0100, &v, 4, 4));
    got.push_back(send(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), 32, 32));
  }
};

TEST(AnalogTileResponses, StreamingIsABurstErrorAndByteEnablesAByteEnableError) {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  AnalogTile tile("tile", p, 1, nullptr);
  protocol::TlmProtocolChecker checker("checker");
  Probe probe("probe");
  probe.socket.bind(checker.target);
  checker.initiator.bind(tile.target);
  sc_core::sc_start();
  EXPECT_EQ(probe.got, (std::vector<tlm::tlm_response_status>{
                           tlm::TLM_BURST_ERROR_RESPONSE, tlm::TLM_BURST_ERROR_RESPONSE,
                           tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE, tlm::TLM_COMMAND_ERROR_RESPONSE,
                           tlm::TLM_ADDRESS_ERROR_RESPONSE, tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(checker.transactions(), 6u);
  EXPECT_EQ(checker.violation_count(), 0u) << checker.violations().at(0).text;
}

}  // namespace
}  // namespace kirchhoff
