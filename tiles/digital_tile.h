// A digital tile as a SystemC module: an SRAM compute-in-memory macro or MAC array holding a
// rows x cols weight block in int8 / int4 / fp16 and computing each MVM exactly in that format
// (models/digital_mvm.h gives the arithmetic and the cost). Same TLM address map
// (tiles/tile_address_map.h), sockets and responses as the analog tile (tiles/analog_tile.h;
// both decode it in tiles/register_mapped_tile.h), so the host, the mapper and the traces need no
// special case:
//  - PROGRAM stores the WEIGHTS block in the tile's format (weights are exact thereafter: no
//    noise, no drift); CALIBRATE does nothing and costs nothing;
//  - DAC_RANGE is the int8 input full scale R of the next MVMs (the layer's calibrated input
//    range); with tile.dac.range_mode abs_max (or noise_management) every vector uses its own
//    max |x| (per-vector scaling); ADC_RANGE is kept and read back but changes nothing;
//  - OUTPUT holds float32 results (the dequantised int32 accumulations, or fp32 sums for fp16);
//  - READOUT_ACTIVATION (a duration readout's) does not exist: an address error.
// Energy categories of its events: MACs as "array", input/output/weight accesses as "buffer",
// weight writes as "programming", leakage as "static".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/digital_mvm.h"
#include "models/tile_params.h"
#include "tiles/register_mapped_tile.h"
#include "traces/recorder.h"

namespace kirchhoff {

class DigitalTile : public RegisterMappedTile {
 public:
  tlm_utils::simple_target_socket<DigitalTile> target;
  tlm_utils::simple_initiator_socket_optional<DigitalTile> out;  // may stay unbound

  DigitalTile(sc_core::sc_module_name name, const TileParams& params, traces::Recorder* recorder);

  TileKind tile_kind() const override { return TileKind::kDigital; }
  TargetSocket& target_socket() override { return target; }
  OutSocket& out_socket() override { return out; }
  bool programmed() const override { return programmed_; }
  // Bytes the WEIGHTS buffer holds until PROGRAM consumes it (0 after programming: the tile
  // keeps the block in its weight format).
  std::size_t weight_buffer_bytes() const { return weights_.capacity() * sizeof(float); }
  std::uint64_t mvm_count() const override { return mvm_count_; }
  double mvm_latency_ns() const override;
  std::uint32_t output_value_bits() const override { return 32; }
  const ConverterClipCounts& clip_counts() const override { return no_clips_; }
  void record_static_energy(sc_core::sc_time span) override;

  const TileParams& params() const { return params_; }
  // The stored block and the input vector of the last MVM (for bit-exact checks).
  const DigitalBlock& block() const { return block_; }
  const std::vector<float>& last_input() const { return last_input_; }
  // The input full scale R the last MVM used (0: per-vector scaling).
  float input_range() const { return per_vector_ ? 0.0f : dac_range_; }

 private:
  // RegisterMappedTile hooks (tiles/register_mapped_tile.h).
  void start_mvm(sc_core::sc_time now) override;
  void program(sc_core::sc_time& delay) override;
  void recalibrate(sc_core::sc_time /*now*/) override {}  // nothing drifts: a no-op
  std::uint32_t programmed_rows() const override { return static_cast<std::uint32_t>(block_rows_); }
  bool write_weights(std::uint64_t offset, const unsigned char* data, unsigned len) override;
  void set_dac_range(float range) override { dac_range_ = range; }
  float dac_range() const override { return dac_range_; }
  void set_adc_range(float range) override { adc_range_ = range; }
  float adc_range() const override { return adc_range_; }

  void record(traces::EventKind kind, sc_core::sc_time start, sc_core::sc_time duration,
              const TileCost& cost, std::uint64_t bytes, std::uint64_t ops);

  TileParams params_;
  traces::Recorder* recorder_;
  std::uint32_t component_ = 0;
  std::uint16_t unit_ = 0;
  ConverterClipCounts no_clips_;

  int block_rows_ = 0, block_cols_ = 0;  // the programmed block
  bool per_vector_ = false;
  float dac_range_ = 1.0f, adc_range_ = 1.0f;
  bool programmed_ = false;
  std::uint64_t mvm_count_ = 0;
  std::vector<float> weights_, last_input_;
  DigitalBlock block_;
};

}  // namespace kirchhoff
