#include "tiles/register_mapped_tile.h"

#include <cmath>
#include <cstring>
#include <string>

#include "logging/log.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {

using sc_core::sc_time;

RegisterMappedTile::RegisterMappedTile(sc_core::sc_module_name name, int rows, int cols)
    : TileModule(name), log_(logging::get(std::string("tile.") + basename())) {
  input_.assign(static_cast<std::size_t>(rows), 0.0f);
  output_.assign(static_cast<std::size_t>(cols), 0.0f);
}

bool RegisterMappedTile::write_kind_register(tlm::tlm_generic_payload& /*trans*/) {
  return false;
}

bool RegisterMappedTile::read_kind_register(tlm::tlm_generic_payload& /*trans*/) {
  return false;
}

void RegisterMappedTile::send_result(std::uint32_t cols) {
  OutSocket& out = out_socket();
  if (!out_enable_ || out.size() == 0) return;
  tlm::tlm_generic_payload t;
  prepare_payload(t, tlm::TLM_WRITE_COMMAND, out_addr_, output_.data(), cols * sizeof(float));
  sc_time d = output_ready_ - sc_core::sc_time_stamp();
  out->b_transport(t, d);
  if (t.is_response_error()) log_->error("sending result to {:#x} failed", out_addr_);
}

bool RegisterMappedTile::write_floats(std::vector<float>& dst, std::size_t max_values,
                                      std::uint64_t offset, const unsigned char* data,
                                      unsigned len) {
  if (offset % 4 != 0 || len % 4 != 0 || (offset + len) / 4 > max_values) return false;
  if (dst.size() < max_values) dst.resize(max_values);
  std::memcpy(dst.data() + offset / 4, data, len);
  return true;
}

std::uint64_t RegisterMappedTile::written_value(const tlm::tlm_generic_payload& trans) {
  const unsigned len = trans.get_data_length();
  std::uint64_t v = 0;
  std::memcpy(&v, trans.get_data_ptr(), len < 8 ? len : 8);
  return v;
}

void RegisterMappedTile::put_register(tlm::tlm_generic_payload& trans, std::uint64_t value) {
  const unsigned len = trans.get_data_length();
  if (len > 8) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  std::memcpy(trans.get_data_ptr(), &value, len);
}

void RegisterMappedTile::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
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

void RegisterMappedTile::write(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  const unsigned len = trans.get_data_length();
  const unsigned char* data = trans.get_data_ptr();
  const auto u32 = [&] { return static_cast<std::uint32_t>(written_value(trans)); };
  // DAC_RANGE / ADC_RANGE: a float32 full scale, > 0 and finite.
  const auto full_scale = [&](void (RegisterMappedTile::*set)(float)) {
    float range = 0.0f;
    std::memcpy(&range, data, sizeof range);
    if (!(range > 0.0f) || !std::isfinite(range)) {
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);  // not a full scale
      return;
    }
    (this->*set)(range);
  };
  if (a >= tile_map::kWeights) {
    if (!write_weights(a - tile_map::kWeights, data, len)) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
  } else if (a >= tile_map::kOutput) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);  // output is read-only
  } else if (a >= tile_map::kInput) {
    if (!write_floats(input_, input_.size(), a - tile_map::kInput, data, len)) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    const bool filled =
        a - tile_map::kInput + len == static_cast<std::uint64_t>(programmed_rows()) * sizeof(float);
    if (auto_start_ && filled && programmed()) start_mvm(sc_core::sc_time_stamp() + delay);
  } else if (a == tile_map::kCtrl && len == 4) {
    command(u32(), delay);
  } else if (a == tile_map::kRowsUsed && len == 4) {
    rows_used_ = u32();
  } else if (a == tile_map::kColsUsed && len == 4) {
    cols_used_ = u32();
  } else if (a == tile_map::kSample && len == 4) {
    sample_ = u32();
  } else if (a == tile_map::kLayer && len == 4) {
    layer_ = u32();
  } else if (a == tile_map::kOutAddr && len == 8) {
    out_addr_ = written_value(trans);
  } else if (a == tile_map::kOutEnable && len == 4) {
    out_enable_ = written_value(trans) != 0;
  } else if (a == tile_map::kAutoStart && len == 4) {
    auto_start_ = written_value(trans) != 0;
  } else if (a == tile_map::kDacRange && len == 4) {
    full_scale(&RegisterMappedTile::set_dac_range);
  } else if (a == tile_map::kAdcRange && len == 4) {
    full_scale(&RegisterMappedTile::set_adc_range);
  } else if (!write_kind_register(trans)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void RegisterMappedTile::read(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const std::uint64_t a = trans.get_address();
  const unsigned len = trans.get_data_length();
  unsigned char* data = trans.get_data_ptr();
  const sc_time now = sc_core::sc_time_stamp() + delay;
  const auto put = [&](std::uint64_t v) { put_register(trans, v); };
  const auto put_float = [&](float v) { std::memcpy(data, &v, sizeof v); };
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
    if (programmed()) s |= tile_map::kStatusProgrammed;
    if (output_valid_ && now >= output_ready_) s |= tile_map::kStatusOutputValid;
    put(s);
  } else if (a == tile_map::kRowsUsed) {
    put(rows_used_);
  } else if (a == tile_map::kColsUsed) {
    put(cols_used_);
  } else if (a == tile_map::kMvmCount) {
    put(mvm_count());
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
    put_float(dac_range());
  } else if (a == tile_map::kAdcRange && len == 4) {
    put_float(adc_range());
  } else if (!read_kind_register(trans)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

void RegisterMappedTile::command(std::uint32_t cmd, sc_time& delay) {
  const sc_time now = sc_core::sc_time_stamp() + delay;
  if (cmd == tile_map::kCmdProgram) {
    program(delay);
  } else if (cmd == tile_map::kCmdStart) {
    start_mvm(now);
  } else if (cmd == tile_map::kCmdCalibrate) {
    recalibrate(now);
  } else {
    log_->warn("unknown command {} written to CTRL", cmd);
  }
}

}  // namespace kirchhoff
