#include "tiles/digital_tile.h"

#include <algorithm>
#include <utility>

#include "tiles/sim_time.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

sc_time ns(double v) {
  return sc_time(v, SC_NS);
}

}  // namespace

DigitalTile::DigitalTile(sc_core::sc_module_name name, const TileParams& params,
                         traces::Recorder* recorder)
    : RegisterMappedTile(name, params.rows, params.cols),
      target("target"),
      out("out"),
      params_(params),
      recorder_(recorder) {
  target.register_b_transport(this, &DigitalTile::b_transport);
  if (recorder_) {
    component_ = recorder_->add_component(this->name(), "tile");
    unit_ = recorder_->add_unit(component_, "mac_array");
  }
  per_vector_ = params.dac.noise_management || params.dac.range_mode == DacRangeMode::kAbsMax;
  dac_range_ = static_cast<float>(params.dac.range);
  adc_range_ = static_cast<float>(params.adc.bound / params.adc.gain);
}

double DigitalTile::mvm_latency_ns() const {
  return digital_mvm_cost(params_.digital, block_rows_, block_cols_, 0).latency_ns;
}

bool DigitalTile::write_weights(std::uint64_t offset, const unsigned char* data, unsigned len) {
  const std::size_t n =
      static_cast<std::size_t>(params_.rows) * static_cast<std::size_t>(params_.cols);
  return write_floats(weights_, n, offset, data, len);
}

void DigitalTile::program(sc_time& delay) {
  const sc_time now = sc_core::sc_time_stamp() + delay;
  const std::size_t n = static_cast<std::size_t>(rows_used_) * cols_used_;
  // PROGRAM consumes the WEIGHTS buffer: the tile keeps the block in its weight format.
  std::vector<float> w = std::move(weights_);
  weights_ = std::vector<float>();
  w.resize(n, 0.0f);
  block_rows_ = static_cast<int>(rows_used_);
  block_cols_ = static_cast<int>(cols_used_);
  block_ = store_weights(w.data(), block_rows_, block_cols_, params_.digital.weight_format);
  programmed_ = true;
  const TileCost cost = digital_program_cost(params_.digital, block_rows_, block_cols_);
  const sc_time start = std::max(now, busy_until_);
  busy_until_ = start + ns(cost.latency_ns);
  record(traces::EventKind::kProgram, start, ns(cost.latency_ns), cost, n * sizeof(float), 0);
  delay += busy_until_ - now;  // programming blocks the host until done
}

void DigitalTile::start_mvm(sc_time now) {
  if (!programmed_) return;
  const sc_time start = std::max(now, busy_until_);
  last_input_.assign(input_.begin(), input_.begin() + block_rows_);
  const std::uint64_t nonzero =
      digital_mvm(block_, last_input_.data(), input_range(), output_.data());
  const TileCost cost = digital_mvm_cost(params_.digital, block_rows_, block_cols_, nonzero);
  const sc_time dur = ns(cost.interval_ns);
  busy_until_ = start + dur;
  output_ready_ = start + ns(cost.latency_ns);
  output_valid_ = true;
  ++mvm_count_;
  const std::uint64_t macs = static_cast<std::uint64_t>(block_rows_) * block_cols_;
  record(traces::EventKind::kMvm, start, dur, cost,
         (static_cast<std::uint64_t>(block_rows_) + block_cols_) * sizeof(float), 2 * macs);
  send_result(static_cast<std::uint32_t>(block_cols_));
}

void DigitalTile::record(traces::EventKind kind, sc_time start, sc_time duration,
                         const TileCost& cost, std::uint64_t bytes, std::uint64_t ops) {
  if (!recorder_) return;
  traces::Event e;
  e.start_ps = to_ps(start);
  e.duration_ps = to_ps(duration);
  e.component = component_;
  e.unit = unit_;
  e.kind = kind;
  e.sample = static_cast<std::int32_t>(sample_);
  e.layer = static_cast<std::int32_t>(layer_);
  e.bytes = bytes;
  e.ops = ops;
  e.energy[traces::EnergyCategory::kArray] = cost.energy.array_pj;
  e.energy[traces::EnergyCategory::kBuffer] = cost.energy.buffer_pj;
  e.energy[traces::EnergyCategory::kProgramming] = cost.energy.programming_pj;
  recorder_->record(e);
}

void DigitalTile::record_static_energy(sc_time span) {
  if (!recorder_) return;
  traces::Event e;
  e.start_ps = 0;
  e.duration_ps = to_ps(span);
  e.component = component_;
  e.kind = traces::EventKind::kStatic;
  // mW x ns = pJ
  e.energy[traces::EnergyCategory::kStatic] =
      params_.digital.static_power_mW * span.to_seconds() * 1e9;
  recorder_->record(e);
}

}  // namespace kirchhoff
