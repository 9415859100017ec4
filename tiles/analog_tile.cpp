#include "tiles/analog_tile.h"

#include <algorithm>
#include <string>
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

traces::EnergyPj to_energy(const TileEnergy& e) {
  traces::EnergyPj out;
  out[traces::EnergyCategory::kArray] = e.array_pj;
  out[traces::EnergyCategory::kDac] = e.dac_pj;
  out[traces::EnergyCategory::kAdc] = e.adc_pj;
  out[traces::EnergyCategory::kBuffer] = e.buffer_pj;
  out[traces::EnergyCategory::kDpu] = e.dpu_pj;
  out[traces::EnergyCategory::kProgramming] = e.programming_pj;
  out[traces::EnergyCategory::kActive] = e.active_pj;
  return out;
}

}  // namespace

AnalogTile::AnalogTile(sc_core::sc_module_name name, const TileParams& params, std::uint64_t seed,
                       traces::Recorder* recorder)
    : RegisterMappedTile(name, params.rows, params.cols),
      target("target"),
      out("out"),
      model_(params, RandomStream(seed, std::string(this->name()))),
      recorder_(recorder) {
  target.register_b_transport(this, &AnalogTile::b_transport);
  if (recorder_) {
    component_ = recorder_->add_component(this->name(), "tile");
    crossbar_unit_ = recorder_->add_unit(component_, "crossbar");
  }
}

bool AnalogTile::write_weights(std::uint64_t offset, const unsigned char* data, unsigned len) {
  const TileParams& p = model_.params();
  return write_floats(weights_, static_cast<std::size_t>(p.rows) * p.cols, offset, data, len);
}

bool AnalogTile::write_kind_register(tlm::tlm_generic_payload& trans) {
  if (trans.get_address() != tile_map::kReadoutActivation || trans.get_data_length() != 4) {
    return false;
  }
  const std::uint64_t v = written_value(trans);
  const bool duration = model_.params().output_conversion == OutputConversion::kDuration;
  if (v > static_cast<std::uint64_t>(DurationActivation::kHardSigmoid) || (v != 0 && !duration)) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);  // no such window on this tile
    return true;
  }
  model_.set_readout_activation(static_cast<DurationActivation>(v));
  return true;
}

bool AnalogTile::read_kind_register(tlm::tlm_generic_payload& trans) {
  if (trans.get_address() != tile_map::kReadoutActivation) return false;
  put_register(trans, static_cast<std::uint32_t>(model_.readout_activation()));
  return true;
}

void AnalogTile::program(sc_time& delay) {
  const sc_time now = sc_core::sc_time_stamp() + delay;
  const std::size_t n = static_cast<std::size_t>(rows_used_) * cols_used_;
  // PROGRAM consumes the WEIGHTS buffer: the tile keeps the programmed devices, not the
  // float block (4 B per weight); a later PROGRAM needs the block written again.
  std::vector<float> block = std::move(weights_);
  weights_ = std::vector<float>();
  block.resize(n, 0.0f);
  const sc_time start = std::max(now, busy_until_);
  const TileCost cost =
      model_.program(block, static_cast<int>(rows_used_), static_cast<int>(cols_used_));
  busy_until_ = start + ns(cost.latency_ns);
  programmed_at_ = busy_until_;
  record(traces::EventKind::kProgram, start, ns(cost.latency_ns), cost, n * sizeof(float), 0);
  log_->debug("programmed {}x{} block in {:.1f} ns, {:.1f} pJ", rows_used_, cols_used_,
              cost.latency_ns, cost.energy.total_pj());
  sc_time end = busy_until_;
  calibrate(end, end);
  busy_until_ = end;
  last_calibration_ = end;
  delay += busy_until_ - now;  // programming blocks the host until done
}

void AnalogTile::recalibrate(sc_time now) {
  sc_time end;
  calibrate(std::max(now, busy_until_), end);
  busy_until_ = end;
  last_calibration_ = end;
}

void AnalogTile::calibrate(sc_time start, sc_time& end) {
  const double t_s = (start - programmed_at_).to_seconds();
  const TileCost cost = model_.calibrate(t_s);
  end = start + ns(cost.latency_ns);
  if (cost.latency_ns > 0.0 || cost.energy.total_pj() > 0.0) {
    record(traces::EventKind::kRecalibration, start, ns(cost.latency_ns), cost, 0, 0);
  }
}

void AnalogTile::start_mvm(sc_time now) {
  sc_time start = std::max(now, busy_until_);
  const double period_ns = model_.params().read.recalibration_period_ns;
  if (period_ns > 0.0 && (start - last_calibration_).to_seconds() * 1e9 >= period_ns) {
    calibrate(start, start);
    last_calibration_ = start;
  }
  const double t_s = (start - programmed_at_).to_seconds();
  const TileCost cost = model_.mvm(input_.data(), output_.data(), t_s);
  // The crossbar is occupied for the interval (pipelined readout: the next MVM may integrate
  // while this one converts); the result is ready after the latency.
  const sc_time dur = ns(cost.interval_ns);
  busy_until_ = start + dur;
  output_ready_ = start + ns(cost.latency_ns);
  output_valid_ = true;
  busy_total_ += dur;
  const std::uint64_t macs = static_cast<std::uint64_t>(model_.rows_used()) * model_.cols_used();
  record(traces::EventKind::kMvm, start, dur, cost,
         (static_cast<std::uint64_t>(model_.rows_used()) + model_.cols_used()) * sizeof(float),
         2 * macs);
  send_result(static_cast<std::uint32_t>(model_.cols_used()));
}

void AnalogTile::record(traces::EventKind kind, sc_time start, sc_time duration,
                        const TileCost& cost, std::uint64_t bytes, std::uint64_t ops) {
  if (!recorder_) return;
  traces::Event e;
  e.start_ps = to_ps(start);
  e.duration_ps = to_ps(duration);
  e.component = component_;
  e.unit = crossbar_unit_;
  e.kind = kind;
  e.sample = static_cast<std::int32_t>(sample_);
  e.layer = static_cast<std::int32_t>(layer_);
  e.bytes = bytes;
  e.ops = ops;
  e.energy = to_energy(cost.energy);
  recorder_->record(e);
}

void AnalogTile::record_static_energy(sc_time span) {
  if (!recorder_) return;
  traces::Event e;
  e.start_ps = 0;
  e.duration_ps = to_ps(span);
  e.component = component_;
  e.kind = traces::EventKind::kStatic;
  // mW x ns = pJ
  e.energy[traces::EnergyCategory::kStatic] =
      model_.params().energy.static_power_mW * span.to_seconds() * 1e9;
  recorder_->record(e);
}

}  // namespace kirchhoff
