// The analog crossbar tile as a SystemC module: a TLM-2.0 target socket (address map in
// tiles/tile_address_map.h, decoded by tiles/register_mapped_tile.h, which lists the responses)
// in front of the AnalogTileModel physics, and an initiator socket for sending results on.
// Loosely timed: the tile keeps a busy-until time, so an MVM costs one transaction, not one
// process activation per cycle. DAC_RANGE / ADC_RANGE set the model's converters; the analog
// tile alone has READOUT_ACTIVATION (a duration readout's activation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "models/analog_tile_model.h"
#include "tiles/register_mapped_tile.h"
#include "traces/recorder.h"

namespace kirchhoff {

class AnalogTile : public RegisterMappedTile {
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
  // Records the static energy (static power x span) of the tile; called once at the end.
  void record_static_energy(sc_core::sc_time span) override;

 private:
  // RegisterMappedTile hooks (tiles/register_mapped_tile.h).
  void start_mvm(sc_core::sc_time now) override;
  void program(sc_core::sc_time& delay) override;
  void recalibrate(sc_core::sc_time now) override;
  std::uint32_t programmed_rows() const override {
    return static_cast<std::uint32_t>(model_.rows_used());
  }
  bool write_weights(std::uint64_t offset, const unsigned char* data, unsigned len) override;
  void set_dac_range(float range) override { model_.set_dac_range(range); }
  float dac_range() const override { return static_cast<float>(model_.params().dac.range); }
  void set_adc_range(float range) override { model_.set_adc_range(range); }
  float adc_range() const override { return static_cast<float>(model_.adc_range()); }
  bool write_kind_register(tlm::tlm_generic_payload& trans) override;  // READOUT_ACTIVATION
  bool read_kind_register(tlm::tlm_generic_payload& trans) override;

  void calibrate(sc_core::sc_time start, sc_core::sc_time& end);
  void record(traces::EventKind kind, sc_core::sc_time start, sc_core::sc_time duration,
              const TileCost& cost, std::uint64_t bytes, std::uint64_t ops);

  AnalogTileModel model_;
  traces::Recorder* recorder_;
  std::uint32_t component_ = 0;
  std::uint16_t crossbar_unit_ = 0;  // trace track of the array (MVMs, programming, calibration)

  std::vector<float> weights_;

  sc_core::sc_time programmed_at_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time last_calibration_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time busy_total_ = sc_core::SC_ZERO_TIME;
};

}  // namespace kirchhoff
