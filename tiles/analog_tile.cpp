#include "tiles/analog_tile.h"

#include <cmath>
#include <cstring>
#include <utility>

#include "logging/log.h"
#include "tiles/sim_time.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

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

std::uint64_t read_u64(const unsigned char* p, unsigned len) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, len < 8 ? len : 8);
  return v;
}

}  // namespace

AnalogTile::AnalogTile(sc_core::sc_module_name name, const TileParams& params, std::uint64_t seed,
                       traces::Recorder* recorder)
    : TileModule(name),
      target("target"),
      out("out"),
      model_(params, RandomStream(seed, std::string(this->name()))),
      recorder_(recorder),
      log_(logging::get(std::string("tile.") + basename())) {
  target.register_b_transport(this, &AnalogTile::b_transport);
  if (recorder_) {
    component_ = recorder_->add_component(this->name(), "tile");
    crossbar_unit_ = recorder_->add_unit(component_, "crossbar");
  }
  input_.assign(params.rows, 0.0f);
  output_.assign(params.cols, 0.0f);
}

void AnalogTile::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if (trans.get_streaming_width() < trans.get_data_length()) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);  // no streaming (FIFO) registers
    return;
  }
  if (trans.is_write()) {
    write(trans, delay);
  } else if (trans.is_read()) {
    read(trans, delay);
  }
}

void AnalogTile::write(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  const unsigned len = trans.get_data_length();
  const unsigned char* data = trans.get_data_ptr();
  const TileParams& p = model_.params();
  auto array_write = [&](std::uint64_t base, std::vector<float>& dst, std::size_t max_values) {
    const std::uint64_t off = a - base;
    if (off % 4 != 0 || len % 4 != 0 || (off + len) / 4 > max_values) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (dst.size() < max_values) dst.resize(max_values);
    std::memcpy(dst.data() + off / 4, data, len);
  };
  if (a >= tile_map::kWeights) {
    array_write(tile_map::kWeights, weights_, static_cast<std::size_t>(p.rows) * p.cols);
  } else if (a >= tile_map::kOutput) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);  // output is read-only
  } else if (a >= tile_map::kInput) {
    array_write(tile_map::kInput, input_, p.rows);
    const bool filled = a - tile_map::kInput + len ==
                        static_cast<std::uint64_t>(model_.rows_used()) * sizeof(float);
    if (auto_start_ && filled && trans.is_response_ok() && model_.programmed()) {
      start_mvm(sc_core::sc_time_stamp() + delay);
    }
  } else if (a == tile_map::kCtrl && len == 4) {
    command(static_cast<std::uint32_t>(read_u64(data, len)), delay);
  } else if (a == tile_map::kRowsUsed && len == 4) {
    rows_used_ = static_cast<std::uint32_t>(read_u64(data, len));
  } else if (a == tile_map::kColsUsed && len == 4) {
    cols_used_ = static_cast<std::uint32_t>(read_u64(data, len));
  } else if (a == tile_map::kSample && len == 4) {
    sample_ = static_cast<std::uint32_t>(read_u64(data, len));
  } else if (a == tile_map::kLayer && len == 4) {
    layer_ = static_cast<std::uint32_t>(read_u64(data, len));
  } else if (a == tile_map::kOutAddr && len == 8) {
    out_addr_ = read_u64(data, len);
  } else if (a == tile_map::kOutEnable && len == 4) {
    out_enable_ = read_u64(data, len) != 0;
  } else if (a == tile_map::kAutoStart && len == 4) {
    auto_start_ = read_u64(data, len) != 0;
  } else if (a == tile_map::kDacRange && len == 4) {
    float range = 0.0f;
    std::memcpy(&range, data, sizeof range);
    if (!(range > 0.0f) || !std::isfinite(range)) {
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);  // not a full scale
      return;
    }
    model_.set_dac_range(range);
  } else if (a == tile_map::kAdcRange && len == 4) {
    float range = 0.0f;
    std::memcpy(&range, data, sizeof range);
    if (!(range > 0.0f) || !std::isfinite(range)) {
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);  // not a full scale
      return;
    }
    model_.set_adc_range(range);
  } else if (a == tile_map::kReadoutActivation && len == 4) {
    const std::uint64_t v = read_u64(data, len);
    const bool duration = model_.params().output_conversion == OutputConversion::kDuration;
    if (v > static_cast<std::uint64_t>(DurationActivation::kHardSigmoid) || (v != 0 && !duration)) {
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);  // no such window on this tile
      return;
    }
    model_.set_readout_activation(static_cast<DurationActivation>(v));
  } else {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void AnalogTile::read(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  const unsigned len = trans.get_data_length();
  unsigned char* data = trans.get_data_ptr();
  const sc_time now = sc_core::sc_time_stamp() + delay;
  auto put = [&](std::uint64_t v) {
    if (len > 8) {
      trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
      return;
    }
    std::memcpy(data, &v, len);
  };
  if (a >= tile_map::kOutput && a < tile_map::kWeights) {
    const std::uint64_t off = a - tile_map::kOutput;
    if (off % 4 != 0 || len % 4 != 0 || (off + len) / 4 > cols_used_) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (now < output_ready_) delay += output_ready_ - now;  // wait for the MVM to finish
    std::memcpy(data, output_.data() + off / 4, len);
  } else if (a == tile_map::kStatus) {
    std::uint32_t s = 0;
    if (now < busy_until_) s |= tile_map::kStatusBusy;
    if (model_.programmed()) s |= tile_map::kStatusProgrammed;
    if (output_valid_ && now >= output_ready_) s |= tile_map::kStatusOutputValid;
    put(s);
  } else if (a == tile_map::kRowsUsed) {
    put(rows_used_);
  } else if (a == tile_map::kColsUsed) {
    put(cols_used_);
  } else if (a == tile_map::kMvmCount) {
    put(model_.mvm_count());
  } else if (a == tile_map::kSample) {
    put(sample_);
  } else if (a == tile_map::kLayer) {
    put(layer_);
  } else if (a == tile_map::kOutAddr) {
    put(out_addr_);
  } else if (a == tile_map::kOutEnable) {
    put(out_enable_ ? 1 : 0);
  } else if (a == tile_map::kAutoStart) {
    put(auto_start_ ? 1 : 0);
  } else if (a == tile_map::kDacRange && len == 4) {
    const float range = static_cast<float>(model_.params().dac.range);
    std::memcpy(data, &range, sizeof range);
  } else if (a == tile_map::kAdcRange && len == 4) {
    const float range = static_cast<float>(model_.adc_range());
    std::memcpy(data, &range, sizeof range);
  } else if (a == tile_map::kReadoutActivation) {
    put(static_cast<std::uint32_t>(model_.readout_activation()));
  } else {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void AnalogTile::command(std::uint32_t cmd, sc_time& delay) {
  const sc_time now = sc_core::sc_time_stamp() + delay;
  if (cmd == tile_map::kCmdProgram) {
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
  } else if (cmd == tile_map::kCmdStart) {
    start_mvm(now);
  } else if (cmd == tile_map::kCmdCalibrate) {
    sc_time end;
    calibrate(std::max(now, busy_until_), end);
    busy_until_ = end;
    last_calibration_ = end;
  } else {
    log_->warn("unknown command {} written to CTRL", cmd);
  }
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
  if (out_enable_ && out.size() > 0) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, tlm::TLM_WRITE_COMMAND, out_addr_, output_.data(),
                    model_.cols_used() * sizeof(float));
    sc_time d = output_ready_ - sc_core::sc_time_stamp();
    out->b_transport(t, d);
    if (t.is_response_error()) log_->error("sending result to {:#x} failed", out_addr_);
  }
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
