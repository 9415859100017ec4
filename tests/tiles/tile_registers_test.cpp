// Both tile kinds decode tiles/tile_address_map.h in one place (tiles/register_mapped_tile.h):
// one script of register accesses gets the same responses and the same read-back values from an
// analog and a digital tile (the shared registers, STATUS around programming and an MVM, the
// access checks, an unknown address), and those are the documented ones. READOUT_ACTIVATION is
// the analog tile's own register: the digital tile answers it with an address error.
// One sc_start per TEST (own process).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "tiles/analog_tile.h"
#include "tiles/digital_tile.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

// One access's answer: the response status and the first 8 bytes read back (0 for a write).
using Answer = std::pair<tlm::tlm_response_status, std::uint64_t>;

// Runs the same script against the two tiles bound to `analog` and `digital`.
struct ScriptProbe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<ScriptProbe> analog{"analog"};
  tlm_utils::simple_initiator_socket<ScriptProbe> digital{"digital"};
  std::vector<Answer> analog_answers, digital_answers;

  SC_HAS_PROCESS(ScriptProbe);
  explicit ScriptProbe(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }

  void run() {
    script(analog, analog_answers);
    script(digital, digital_answers);
  }

  static void script(tlm_utils::simple_initiator_socket<ScriptProbe>& s, std::vector<Answer>& out) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    auto send = [&](tlm::tlm_command cmd, std::uint64_t a, const void* value, unsigned len,
                    unsigned width) {
      unsigned char buf[32] = {};
      if (value != nullptr) std::memcpy(buf, value, len);
      tlm::tlm_generic_payload t;
      prepare_payload(t, cmd, a, buf, len);
      t.set_streaming_width(width);
      s->b_transport(t, delay);
      std::uint64_t back = 0;
      if (cmd == tlm::TLM_READ_COMMAND) std::memcpy(&back, buf, 8);
      out.emplace_back(t.get_response_status(), back);
    };
    auto w32 = [&](std::uint64_t a, std::uint32_t v) { send(tlm::TLM_WRITE_COMMAND, a, &v, 4, 4); };
    auto r = [&](std::uint64_t a, unsigned len) {
      send(tlm::TLM_READ_COMMAND, a, nullptr, len, len);
    };
    auto wf = [&](std::uint64_t a, float v) { send(tlm::TLM_WRITE_COMMAND, a, &v, 4, 4); };
    const std::uint64_t out_addr = 0x0000'1234'5678'9ABCull;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> w = {1, 2, 3, 4, 5, 6};  // 3 x 2
    const std::vector<float> x = {0.5f, -0.25f, 1.0f};

    r(tile_map::kStatus, 4);  // 0: idle, not programmed, no output
    w32(tile_map::kRowsUsed, 3);
    w32(tile_map::kColsUsed, 2);
    w32(tile_map::kSample, 7);
    w32(tile_map::kLayer, 5);
    send(tlm::TLM_WRITE_COMMAND, tile_map::kOutAddr, &out_addr, 8, 8);
    w32(tile_map::kOutEnable, 0);
    w32(tile_map::kAutoStart, 1);
    for (std::uint64_t a : {tile_map::kRowsUsed, tile_map::kColsUsed, tile_map::kSample,
                            tile_map::kLayer, tile_map::kOutEnable, tile_map::kAutoStart}) {
      r(a, 4);
    }
    r(tile_map::kOutAddr, 8);
    r(tile_map::kMvmCount, 8);                                          // 0
    send(tlm::TLM_WRITE_COMMAND, tile_map::kOutAddr, &out_addr, 4, 4);  // wrong width
    send(tlm::TLM_WRITE_COMMAND, tile_map::kRowsUsed, &out_addr, 8, 8);
    r(tile_map::kRowsUsed, 16);  // longer than 8 bytes
    r(tile_map::kRowsUsed, 4);   // still 3
    wf(tile_map::kDacRange, 2.0f);
    r(tile_map::kDacRange, 4);
    wf(tile_map::kDacRange, 0.0f);  // not a full scale
    wf(tile_map::kAdcRange, nan);
    wf(tile_map::kAdcRange, 0.5f);
    r(tile_map::kAdcRange, 4);
    w32(0x0000'0100, 1);  // unknown addresses
    r(0x0000'0100, 4);
    r(tile_map::kInput, 4);  // INPUT and WEIGHTS are write-only
    r(tile_map::kWeights, 4);
    send(tlm::TLM_WRITE_COMMAND, tile_map::kOutput, x.data(), 4, 4);         // OUTPUT is read-only
    send(tlm::TLM_WRITE_COMMAND, tile_map::kInput + 2, x.data(), 4, 4);      // not a whole float
    send(tlm::TLM_WRITE_COMMAND, tile_map::kInput + 4 * 7, x.data(), 8, 8);  // past 8 rows
    send(tlm::TLM_WRITE_COMMAND, tile_map::kWeights + 4 * 63, w.data(), 8, 8);  // past 8 x 8
    send(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), 12, 4);            // streaming
    r(tile_map::kOutput, 12);                                                   // 3 > COLS_USED = 2
    send(tlm::TLM_WRITE_COMMAND, tile_map::kWeights, w.data(), 24, 24);
    w32(tile_map::kCtrl, tile_map::kCmdProgram);  // the host waits for it
    r(tile_map::kStatus, 4);                      // programmed
    w32(tile_map::kCtrl, tile_map::kCmdCalibrate);
    w32(tile_map::kCtrl, 9);  // unknown command: a warning, not an error
    send(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), 12, 12);  // AUTO_START fires
    r(tile_map::kStatus, 4);                                           // busy, programmed
    r(tile_map::kMvmCount, 8);                                         // 1
    std::vector<float> y(2);
    tlm::tlm_generic_payload t;
    prepare_payload(t, tlm::TLM_READ_COMMAND, tile_map::kOutput, y.data(), 8);
    s->b_transport(t, delay);  // waits for the result; values differ by kind
    out.emplace_back(t.get_response_status(), 0);
    r(tile_map::kStatus, 4);  // programmed, output valid
  }
};

TileParams small_tile(TileKind kind) {
  TileParams p;
  p.kind = kind;
  p.rows = 8;
  p.cols = 8;
  return p;
}

std::uint64_t float_bits(float v) {
  std::uint32_t b = 0;
  std::memcpy(&b, &v, 4);
  return b;
}

TEST(TileRegisters, BothKindsAnswerTheSharedRegistersIdentically) {
  AnalogTile analog("analog_tile", small_tile(TileKind::kAnalog), 1, nullptr);
  DigitalTile digital("digital_tile", small_tile(TileKind::kDigital), nullptr);
  ScriptProbe probe("probe");
  probe.analog.bind(analog.target);
  probe.digital.bind(digital.target);
  sc_core::sc_start();

  const auto ok = tlm::TLM_OK_RESPONSE;
  const auto address = tlm::TLM_ADDRESS_ERROR_RESPONSE;
  const auto burst = tlm::TLM_BURST_ERROR_RESPONSE;
  const auto generic = tlm::TLM_GENERIC_ERROR_RESPONSE;
  const std::vector<Answer> expected = {
      {ok, 0},                               // STATUS: idle, not programmed, no output
      {ok, 0},                               // ROWS_USED = 3
      {ok, 0},                               // COLS_USED = 2
      {ok, 0},                               // SAMPLE = 7
      {ok, 0},                               // LAYER = 5
      {ok, 0},                               // OUT_ADDR (8 bytes)
      {ok, 0},                               // OUT_ENABLE = 0
      {ok, 0},                               // AUTO_START = 1
      {ok, 3},                               // read back: ROWS_USED
      {ok, 2},                               // COLS_USED
      {ok, 7},                               // SAMPLE
      {ok, 5},                               // LAYER
      {ok, 0},                               // OUT_ENABLE
      {ok, 1},                               // AUTO_START
      {ok, 0x0000'1234'5678'9ABCull},        // OUT_ADDR
      {ok, 0},                               // MVM_COUNT
      {address, 0},                          // OUT_ADDR written with 4 bytes
      {address, 0},                          // ROWS_USED written with 8 bytes
      {burst, 0},                            // ROWS_USED read with 16 bytes
      {ok, 3},                               // ROWS_USED unchanged
      {ok, 0},                               // DAC_RANGE = 2
      {ok, float_bits(2.0f)},                // DAC_RANGE read back
      {generic, 0},                          // DAC_RANGE = 0
      {generic, 0},                          // ADC_RANGE = NaN
      {ok, 0},                               // ADC_RANGE = 0.5
      {ok, float_bits(0.5f)},                // ADC_RANGE read back
      {address, 0},                          // write of 0x100 (no register)
      {address, 0},                          // read of 0x100
      {address, 0},                          // read of INPUT
      {address, 0},                          // read of WEIGHTS
      {tlm::TLM_COMMAND_ERROR_RESPONSE, 0},  // write of OUTPUT
      {address, 0},                          // INPUT at a byte offset of 2
      {address, 0},                          // INPUT past its 8 rows
      {address, 0},                          // WEIGHTS past 8 x 8
      {burst, 0},                            // INPUT with a streaming width of 4
      {address, 0},                          // OUTPUT: 3 values > COLS_USED
      {ok, 0},                               // WEIGHTS 3 x 2
      {ok, 0},                               // CTRL PROGRAM
      {ok, tile_map::kStatusProgrammed},     // STATUS
      {ok, 0},                               // CTRL CALIBRATE
      {ok, 0},                               // CTRL 9 (unknown command: a warning)
      {ok, 0},                               // INPUT 3 rows: AUTO_START starts an MVM
      {ok, tile_map::kStatusBusy | tile_map::kStatusProgrammed},          // STATUS
      {ok, 1},                                                            // MVM_COUNT
      {ok, 0},                                                            // OUTPUT (waits)
      {ok, tile_map::kStatusProgrammed | tile_map::kStatusOutputValid}};  // STATUS
  EXPECT_EQ(probe.analog_answers, expected);
  EXPECT_EQ(probe.digital_answers, probe.analog_answers);
  EXPECT_EQ(analog.mvm_count(), 1u);
  EXPECT_EQ(digital.mvm_count(), 1u);
}

// READOUT_ACTIVATION is the analog tile's (a duration readout's enable window): it takes 0 on an
// ADC tile; the digital tile has no such register.
struct ActivationProbe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<ActivationProbe> analog{"analog"};
  tlm_utils::simple_initiator_socket<ActivationProbe> digital{"digital"};
  std::vector<tlm::tlm_response_status> analog_got, digital_got;

  SC_HAS_PROCESS(ActivationProbe);
  explicit ActivationProbe(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }

  static void script(tlm_utils::simple_initiator_socket<ActivationProbe>& s,
                     std::vector<tlm::tlm_response_status>& out) {
    for (tlm::tlm_command cmd : {tlm::TLM_WRITE_COMMAND, tlm::TLM_READ_COMMAND}) {
      std::uint32_t v = 0;
      tlm::tlm_generic_payload t;
      prepare_payload(t, cmd, tile_map::kReadoutActivation, &v, 4);
      sc_core::sc_time d = sc_core::SC_ZERO_TIME;
      s->b_transport(t, d);
      out.push_back(t.get_response_status());
    }
  }
  void run() {
    script(analog, analog_got);
    script(digital, digital_got);
  }
};

TEST(TileRegisters, ReadoutActivationIsTheAnalogTilesOwn) {
  AnalogTile analog("analog_tile", small_tile(TileKind::kAnalog), 1, nullptr);
  DigitalTile digital("digital_tile", small_tile(TileKind::kDigital), nullptr);
  ActivationProbe probe("probe");
  probe.analog.bind(analog.target);
  probe.digital.bind(digital.target);
  sc_core::sc_start();
  EXPECT_EQ(probe.analog_got,
            (std::vector<tlm::tlm_response_status>{tlm::TLM_OK_RESPONSE, tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(probe.digital_got,
            (std::vector<tlm::tlm_response_status>{tlm::TLM_ADDRESS_ERROR_RESPONSE,
                                                   tlm::TLM_ADDRESS_ERROR_RESPONSE}));
}

}  // namespace
}  // namespace kirchhoff
