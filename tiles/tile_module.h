// What every tile of the chip is to the rest of the model, whatever its kind (analog crossbar,
// tiles/analog_tile.h; digital SRAM-CIM / MAC array, tiles/digital_tile.h): a SystemC module with
// a TLM target socket decoding tiles/tile_address_map.h and an optional initiator socket `out`
// for results, plus the few direct queries the host's dataflow controller and the chip make.
// The chip, the host, the mapper and the traces treat both kinds through this interface.
#pragma once

#include <cstdint>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "models/analog_tile_model.h"
#include "models/digital_tile_params.h"

namespace kirchhoff {

class TileModule : public sc_core::sc_module {
 public:
  using TargetSocket = tlm::tlm_target_socket<>;
  using OutSocket = tlm::tlm_initiator_socket<32, tlm::tlm_base_protocol_types, 1,
                                              sc_core::SC_ZERO_OR_MORE_BOUND>;
  explicit TileModule(sc_core::sc_module_name name) : sc_core::sc_module(name) {}

  virtual TileKind tile_kind() const = 0;
  virtual TargetSocket& target_socket() = 0;
  virtual OutSocket& out_socket() = 0;
  virtual bool programmed() const = 0;
  virtual std::uint64_t mvm_count() const = 0;
  // Input to result of one MVM of the programmed block.
  virtual double mvm_latency_ns() const = 0;
  // Bits per value of a result the tile sends (analog: whole bytes of its ADC codes; digital:
  // its 32-bit accumulations).
  virtual std::uint32_t output_value_bits() const = 0;
  // Converter clipping counts (a digital tile has no converters: zeros).
  virtual const ConverterClipCounts& clip_counts() const = 0;
  // The last MVM's result (the first COLS_USED floats) and when it is ready.
  virtual const std::vector<float>& output() const = 0;
  virtual sc_core::sc_time output_ready() const = 0;
  // Sets the SAMPLE / LAYER trace tags without a transaction.
  virtual void tag(std::uint32_t sample, std::uint32_t layer) = 0;
  // Records the static energy (static power x span); called once at the end.
  virtual void record_static_energy(sc_core::sc_time span) = 0;
};

}  // namespace kirchhoff
