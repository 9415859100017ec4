// The analog crossbar tile as a SystemC module: a TLM-2.0 target socket (address map in
// tiles/tile_address_map.h) in front of the AnalogTileModel physics, and an initiator socket
// for sending results on. Loosely timed: the tile keeps a busy-until time, so an MVM costs one
// transaction, not one process activation per cycle.
// Responses: TLM_BYTE_ENABLE_ERROR_RESPONSE with byte enables, TLM_BURST_ERROR_RESPONSE with a
// streaming width shorter than the data (or a register read longer than 8 bytes),
// TLM_COMMAND_ERROR_RESPONSE for a write of OUTPUT, TLM_ADDRESS_ERROR_RESPONSE outside the map or
// the arrays, TLM_OK_RESPONSE otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "models/analog_tile_model.h"
#include "tiles/tile_module.h"
#include "traces/recorder.h"

namespace kirchhoff {

class AnalogTile : public TileModule {
 public:
  tlm_utils::simple_target_socket<AnalogTile> target;
  tlm_utils::simple_initiator_socket_optional<AnalogTile> out;  // may stay unbound

  AnalogTile(sc_core::sc_module_name name, const TileParams& params, std::uint64_t seed,
             traces::Recorder* recorder);

  const AnalogTileModel& model() const { return model_; }
  // TileModule (tiles/tile_module.h).
  TileKind tile_kind() const override { return TileKind::kAnalog; }
  TargetSocket& target_socket() override { return target; }
  OutSocket& out_socket() override { return out; }
  bool programmed() const override { return model_.programmed(); }
  double mvm_latency_ns() const override { return model_.mvm_latency_ns(); }
  std::uint32_t output_value_bits() const override {
    return static_cast<std::uint32_t>(8 * ((model_.params().adc.bits + 7) / 8));
  }
  const ConverterClipCounts& clip_counts() const override { return model_.clip_counts(); }
  // The DPU cost model of the tile's digital periphery (noise management; see AnalogTileModel).
  void set_dpu_params(const DpuParams& dpu) { model_.set_dpu_params(dpu); }
  std::uint64_t mvm_count() const override { return model_.mvm_count(); }
  sc_core::sc_time busy_time() const { return busy_total_; }
  sc_core::sc_time programmed_at() const { return programmed_at_; }
  // Bytes the WEIGHTS buffer holds: the block the host wrote, until PROGRAM consumes it (0 after
  // programming: the tile keeps the programmed devices, not a float copy).
  std::size_t weight_buffer_bytes() const { return weights_.capacity() * sizeof(float); }
  // The result of the last MVM (the first COLS_USED floats are valid) and the time it is ready:
  // what the node's network interface packs into a packet when the destination needs more than
  // the raw vector (a DPU command), read without a TLM transaction.
  const std::vector<float>& output() const override { return output_; }
  sc_core::sc_time output_ready() const override { return output_ready_; }
  // Sets the SAMPLE and LAYER registers that tag the tile's events, as the host's dataflow
  // controller does before it sends a sample's input: a trace tag, so it costs no transaction
  // (no time, no energy); the bus write of SAMPLE/LAYER sets the same registers.
  void tag(std::uint32_t sample, std::uint32_t layer) override {
    sample_ = sample;
    layer_ = layer;
  }
  // Records the static energy (static power x span) of the tile; called once at the end.
  void record_static_energy(sc_core::sc_time span) override;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void write(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void read(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void command(std::uint32_t cmd, sc_core::sc_time& delay);
  void start_mvm(sc_core::sc_time now);
  void calibrate(sc_core::sc_time start, sc_core::sc_time& end);
  void record(traces::EventKind kind, sc_core::sc_time start, sc_core::sc_time duration,
              const TileCost& cost, std::uint64_t bytes, std::uint64_t ops);

  AnalogTileModel model_;
  traces::Recorder* recorder_;
  std::uint32_t component_ = 0;
  std::uint16_t crossbar_unit_ = 0;  // trace track of the array (MVMs, programming, calibration)
  std::shared_ptr<spdlog::logger> log_;

  std::uint32_t rows_used_ = 0;
  std::uint32_t cols_used_ = 0;
  std::uint32_t sample_ = 0;
  std::uint32_t layer_ = 0;
  std::uint64_t out_addr_ = 0;
  bool out_enable_ = false;
  bool auto_start_ = false;
  std::vector<float> weights_;
  std::vector<float> input_;
  std::vector<float> output_;
  bool output_valid_ = false;

  sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time output_ready_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time programmed_at_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time last_calibration_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time busy_total_ = sc_core::SC_ZERO_TIME;
};

}  // namespace kirchhoff
