#include "tiles/digital_tile.h"

#include <algorithm>
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

std::uint64_t read_u64(const unsigned char* p, unsigned len) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, len < 8 ? len : 8);
  return v;
}

}  // namespace

DigitalTile::DigitalTile(sc_core::sc_module_name name, const TileParams& params,
                         traces::Recorder* recorder)
    : TileModule(name),
      target("target"),
      out("out"),
      params_(params),
      recorder_(recorder),
      log_(logging::get(std::string("tile.") + basename())) {
  target.register_b_transport(this, &DigitalTile::b_transport);
  if (recorder_) {
    component_ = recorder_->add_component(this->name(), "tile");
    unit_ = recorder_->add_unit(component_, "mac_array");
  }
  per_vector_ = params.dac.noise_management || params.dac.range_mode == DacRangeMode::kAbsMax;
  dac_range_ = static_cast<float>(params.dac.range);
  adc_range_ = static_cast<float>(params.adc.bound / params.adc.gain);
  input_.assign(static_cast<std::size_t>(params.rows), 0.0f);
  output_.assign(static_cast<std::size_t>(params.cols), 0.0f);
}

double DigitalTile::mvm_latency_ns() const {
  return digital_mvm_cost(params_.digital, block_rows_, block_cols_, 0).latency_ns;
}

void DigitalTile::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if (trans.get_streaming_width() < trans.get_data_length()) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (trans.is_write()) {
    write(trans, delay);
  } else if (trans.is_read()) {
    read(trans, delay);
  }
}

void DigitalTile::write(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  const unsigned len = trans.get_data_length();
  const unsigned char* data = trans.get_data_ptr();
  auto array_write = [&](std::uint64_t base, std::vector<float>& dst, std::size_t max_values) {
    const std::uint64_t off = a - base;
    if (off % 4 != 0 || len % 4 != 0 || (off + len) / 4 > max_values) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (dst.size() < max_values) dst.resize(max_values);
    std::memcpy(dst.data() + off / 4, data, len);
  };
  auto range = [&](float& dst) {
    float v = 0.0f;
    std::memcpy(&v, data, sizeof v);
    if (!(v > 0.0f) || !std::isfinite(v)) {
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);  // not a full scale
      return;
    }
    dst = v;
  };
  const std::size_t rows = static_cast<std::size_t>(params_.rows);
  if (a >= tile_map::kWeights) {
    array_write(tile_map::kWeights, weights_, rows * static_cast<std::size_t>(params_.cols));
  } else if (a >= tile_map::kOutput) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);  // output is read-only
  } else if (a >= tile_map::kInput) {
    array_write(tile_map::kInput, input_, rows);
    const bool filled =
        a - tile_map::kInput + len == static_cast<std::uint64_t>(block_rows_) * sizeof(float);
    if (auto_start_ && filled && trans.is_response_ok() && programmed_) {
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
    range(dac_range_);
  } else if (a == tile_map::kAdcRange && len == 4) {
    range(adc_range_);
  } else {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void DigitalTile::read(tlm::tlm_generic_payload& trans, sc_time& delay) {
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
    if (programmed_) s |= tile_map::kStatusProgrammed;
    if (output_valid_ && now >= output_ready_) s |= tile_map::kStatusOutputValid;
    put(s);
  } else if (a == tile_map::kRowsUsed) {
    put(rows_used_);
  } else if (a == tile_map::kColsUsed) {
    put(cols_used_);
  } else if (a == tile_map::kMvmCount) {
    put(mvm_count_);
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
    std::memcpy(data, &dac_range_, sizeof dac_range_);
  } else if (a == tile_map::kAdcRange && len == 4) {
    std::memcpy(data, &adc_range_, sizeof adc_range_);
  } else {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void DigitalTile::command(std::uint32_t cmd, sc_time& delay) {
  const sc_time now = sc_core::sc_time_stamp() + delay;
  if (cmd == tile_map::kCmdProgram) {
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
  } else if (cmd == tile_map::kCmdStart) {
    start_mvm(now);
  } else if (cmd != tile_map::kCmdCalibrate) {  // nothing drifts: calibration is a no-op
    log_->warn("unknown command {} written to CTRL", cmd);
  }
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
  if (out_enable_ && out.size() > 0) {
    tlm::tlm_generic_payload t;
    prepare_payload(t, tlm::TLM_WRITE_COMMAND, out_addr_, output_.data(),
                    static_cast<unsigned>(block_cols_) * sizeof(float));
    sc_time d = output_ready_ - sc_core::sc_time_stamp();
    out->b_transport(t, d);
    if (t.is_response_error()) log_->error("sending result to {:#x} failed", out_addr_);
  }
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
