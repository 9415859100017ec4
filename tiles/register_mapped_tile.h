// The one TLM register decode of both tile kinds (analog crossbar, tiles/analog_tile.h; digital
// SRAM-CIM / MAC array, tiles/digital_tile.h) against tiles/tile_address_map.h: the checks every
// access gets, the registers both kinds have, the INPUT and OUTPUT buffers and STATUS live here;
// a kind supplies what differs through the hooks below (what START, PROGRAM and CALIBRATE do, how
// it stores WEIGHTS, what DAC_RANGE / ADC_RANGE set, and any register only it has).
// Responses, the same for both kinds: TLM_BYTE_ENABLE_ERROR_RESPONSE with byte enables,
// TLM_BURST_ERROR_RESPONSE with a streaming width shorter than the data (or a register read
// longer than 8 bytes), TLM_COMMAND_ERROR_RESPONSE for a write of OUTPUT,
// TLM_ADDRESS_ERROR_RESPONSE outside the map, the arrays or a register's width (and for a
// register the kind does not have), TLM_GENERIC_ERROR_RESPONSE for a value a register does not
// take (a DAC_RANGE / ADC_RANGE not > 0 and finite), TLM_OK_RESPONSE otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <spdlog/spdlog.h>
#include <systemc>
#include <tlm>

#include "tiles/tile_module.h"

namespace kirchhoff {

class RegisterMappedTile : public TileModule {
 public:
  // TileModule (tiles/tile_module.h): the result buffer and the trace tags are registers.
  const std::vector<float>& output() const final { return output_; }
  sc_core::sc_time output_ready() const final { return output_ready_; }
  // Sets the SAMPLE and LAYER registers that tag the tile's events, as the host's dataflow
  // controller does before it sends a sample's input: a trace tag, so it costs no transaction
  // (no time, no energy); the bus write of SAMPLE/LAYER sets the same registers.
  void tag(std::uint32_t sample, std::uint32_t layer) final {
    sample_ = sample;
    layer_ = layer;
  }

 protected:
  // An INPUT buffer of `rows` and an OUTPUT buffer of `cols` floats (the tile's array size).
  RegisterMappedTile(sc_core::sc_module_name name, int rows, int cols);

  // The target socket's b_transport: decodes one access (responses above).
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  // Hooks of a kind.
  // CTRL START, and an INPUT write that fills the programmed rows with AUTO_START set: an MVM of
  // the programmed block on INPUT from `now` on (the tile waits while busy).
  virtual void start_mvm(sc_core::sc_time now) = 0;
  // CTRL PROGRAM: programs the ROWS_USED x COLS_USED block of WEIGHTS; adds to `delay` the time
  // the host waits for it.
  virtual void program(sc_core::sc_time& delay) = 0;
  // CTRL CALIBRATE, written at `now`.
  virtual void recalibrate(sc_core::sc_time now) = 0;
  // Rows of the programmed block (what an AUTO_START INPUT write must fill).
  virtual std::uint32_t programmed_rows() const = 0;
  // A WEIGHTS write of `len` bytes at byte offset `offset` of the weight buffer; false when it
  // does not fit (the decode answers an address error).
  virtual bool write_weights(std::uint64_t offset, const unsigned char* data, unsigned len) = 0;
  // DAC_RANGE / ADC_RANGE: the decode has checked the value (> 0 and finite).
  virtual void set_dac_range(float range) = 0;
  virtual float dac_range() const = 0;
  virtual void set_adc_range(float range) = 0;
  virtual float adc_range() const = 0;
  // A register only this kind has (READOUT_ACTIVATION on the analog tile): true when the access
  // is one (the hook has answered it), false to let the decode answer an address error.
  virtual bool write_kind_register(tlm::tlm_generic_payload& trans);
  virtual bool read_kind_register(tlm::tlm_generic_payload& trans);

  // After an MVM, with OUT_ENABLE set and the `out` socket bound: writes the result (the first
  // `cols` floats of OUTPUT) to OUT_ADDR, annotated to arrive when it is ready (output_ready_);
  // logs an error when the write fails.
  void send_result(std::uint32_t cols);

  // Copies `len` bytes at byte offset `offset` into the float array `dst` of `max_values`
  // (grown to that size first); false, copying nothing, when it does not fit or is not whole
  // floats.
  static bool write_floats(std::vector<float>& dst, std::size_t max_values, std::uint64_t offset,
                           const unsigned char* data, unsigned len);
  // The value a register write carries (its first `len` <= 8 bytes, little-endian).
  static std::uint64_t written_value(const tlm::tlm_generic_payload& trans);
  // Answers a register read with `value` (its first `len` bytes); a burst error past 8 bytes.
  static void put_register(tlm::tlm_generic_payload& trans, std::uint64_t value);

  std::shared_ptr<spdlog::logger> log_;  // "tile.<name>"

  // The registers both kinds have (tiles/tile_address_map.h).
  std::uint32_t rows_used_ = 0;
  std::uint32_t cols_used_ = 0;
  std::uint32_t sample_ = 0;
  std::uint32_t layer_ = 0;
  std::uint64_t out_addr_ = 0;
  bool out_enable_ = false;
  bool auto_start_ = false;
  std::vector<float> input_;
  std::vector<float> output_;
  // What STATUS reports: busy until, the last MVM's result valid and ready at.
  bool output_valid_ = false;
  sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time output_ready_ = sc_core::SC_ZERO_TIME;

 private:
  void write(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void read(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void command(std::uint32_t cmd, sc_core::sc_time& delay);
};

}  // namespace kirchhoff
