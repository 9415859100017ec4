#include "tiles/digital_processing_unit.h"

#include "tiles/sim_time.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "logging/log.h"

namespace kirchhoff {
namespace {

constexpr std::size_t kFloatBytes = sizeof(float);

// a * b, or false if it overflows std::uint64_t.
bool checked_mul(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return false;
  out = a * b;
  return true;
}

std::vector<float> read_floats(const unsigned char* data, std::size_t count) {
  std::vector<float> v(count);
  if (count > 0) std::memcpy(v.data(), data, count * kFloatBytes);
  return v;
}

}  // namespace

DpuCommandHeader make_dpu_command(DpuOp op) {
  DpuCommandHeader h;
  h.op = static_cast<std::uint32_t>(op);
  const RequantParams requant;
  const HardSigmoidParams hard_sigmoid;
  h.requant_bits = static_cast<std::uint32_t>(requant.bits);
  h.requant_signed = requant.is_signed ? 1 : 0;
  h.requant_scale = static_cast<float>(requant.scale);
  h.clip_min = std::numeric_limits<float>::lowest();
  h.clip_max = std::numeric_limits<float>::max();
  h.hard_sigmoid_alpha = static_cast<float>(hard_sigmoid.alpha);
  h.hard_sigmoid_beta = static_cast<float>(hard_sigmoid.beta);
  return h;
}

std::vector<unsigned char> encode_dpu_command(const DpuCommandHeader& header,
                                              const std::vector<float>& operands) {
  std::vector<unsigned char> bytes;
  encode_dpu_command(header, operands, bytes);
  return bytes;
}

void encode_dpu_command(const DpuCommandHeader& header, const std::vector<float>& operands,
                        std::vector<unsigned char>& bytes) {
  bytes.resize(kDpuCommandHeaderBytes + operands.size() * kFloatBytes);
  std::memcpy(bytes.data(), &header, kDpuCommandHeaderBytes);
  if (!operands.empty()) {
    std::memcpy(bytes.data() + kDpuCommandHeaderBytes, operands.data(),
                operands.size() * kFloatBytes);
  }
}

DigitalProcessingUnit::DigitalProcessingUnit(sc_core::sc_module_name name, const DpuParams& params,
                                             traces::Recorder* recorder)
    : sc_core::sc_module(name),
      socket("socket"),
      cost_model_(params),
      log_(logging::get(std::string("dpu.") + basename())),
      recorder_(recorder) {
  const std::vector<std::string> errors = validate(params);
  if (!errors.empty()) {
    std::string message = std::string(this->name()) + ": invalid DPU parameters:";
    for (const std::string& e : errors) message += "\n  " + e;
    throw std::invalid_argument(message);
  }
  socket.register_b_transport(this, &DigitalProcessingUnit::b_transport);
  socket.register_transport_dbg(this, &DigitalProcessingUnit::transport_dbg);
  if (recorder_ != nullptr) component_ = recorder_->add_component(this->name(), "dpu");
}

bool DigitalProcessingUnit::run_command(const unsigned char* data, std::size_t bytes,
                                        std::vector<float>& result, std::uint64_t& element_ops,
                                        DpuOp& op, std::int32_t& sample, std::int32_t& layer) {
  if (bytes < kDpuCommandHeaderBytes) {
    last_error_ = "command of " + std::to_string(bytes) + " bytes is shorter than the " +
                  std::to_string(kDpuCommandHeaderBytes) + "-byte header";
    return false;
  }
  DpuCommandHeader h;
  std::memcpy(&h, data, kDpuCommandHeaderBytes);
  if (h.op >= kNumDpuOps) {
    last_error_ =
        "unknown op " + std::to_string(h.op) + "; allowed 0 .. " + std::to_string(kNumDpuOps - 1);
    return false;
  }
  op = static_cast<DpuOp>(h.op);
  sample = h.sample;
  layer = h.layer;
  const std::uint64_t length = h.length;
  const TensorShape shape{h.channels, h.height, h.width};

  // Operand count per op (address map in the header).
  std::uint64_t operands = 0;
  bool ok = true;
  switch (op) {
    case DpuOp::kAccumulate:
      ok = checked_mul(h.num_inputs, length, operands);
      break;
    case DpuOp::kAffine:
      operands = length + 2ull * h.channels;
      break;
    case DpuOp::kAdd:
    case DpuOp::kMultiply:
      operands = 2 * length;
      break;
    case DpuOp::kMaxPool:
    case DpuOp::kAvgPool:
    case DpuOp::kGlobalAvgPool:
      ok = checked_mul(h.channels, h.height, operands) && checked_mul(operands, h.width, operands);
      break;
    default:
      operands = length;
      break;
  }
  const std::uint64_t payload = bytes - kDpuCommandHeaderBytes;
  if (!ok || operands > payload / kFloatBytes || operands * kFloatBytes != payload) {
    last_error_ = std::string(to_string(op)) + ": command carries " + std::to_string(payload) +
                  " operand bytes but the header asks for " +
                  (ok ? std::to_string(operands) : std::string("an overflowing number of")) +
                  " floats (" + std::to_string(kFloatBytes) + " bytes each)";
    return false;
  }
  const unsigned char* p = data + kDpuCommandHeaderBytes;
  const NumericFormat& fmt = params().format;
  try {
    switch (op) {
      case DpuOp::kAccumulate: {
        std::vector<std::vector<float>> inputs(h.num_inputs);
        for (std::uint32_t k = 0; k < h.num_inputs; ++k) {
          inputs[k] = read_floats(p + k * length * kFloatBytes, length);
        }
        result = dpu_accumulate(fmt, inputs);
        element_ops = dpu_element_ops_accumulate(h.num_inputs, length);
        break;
      }
      case DpuOp::kAffine: {
        const std::vector<float> x = read_floats(p, length);
        const std::vector<float> scale = read_floats(p + length * kFloatBytes, h.channels);
        const std::vector<float> bias =
            read_floats(p + (length + h.channels) * kFloatBytes, h.channels);
        result = dpu_affine(fmt, x, scale, bias);
        element_ops = length;
        break;
      }
      case DpuOp::kRelu:
        result = dpu_relu(fmt, read_floats(p, length));
        element_ops = length;
        break;
      case DpuOp::kSigmoid:
        result = dpu_sigmoid(fmt, read_floats(p, length));
        element_ops = length;
        break;
      case DpuOp::kTanh:
        result = dpu_tanh(fmt, read_floats(p, length));
        element_ops = length;
        break;
      case DpuOp::kHardSigmoid:
        result = dpu_hard_sigmoid(fmt, read_floats(p, length),
                                  HardSigmoidParams{h.hard_sigmoid_alpha, h.hard_sigmoid_beta});
        element_ops = length;
        break;
      case DpuOp::kGelu:
        result = dpu_gelu(fmt, read_floats(p, length));
        element_ops = length;
        break;
      case DpuOp::kAdd:
        result =
            dpu_add(fmt, read_floats(p, length), read_floats(p + length * kFloatBytes, length));
        element_ops = length;
        break;
      case DpuOp::kMultiply:
        result = dpu_multiply(fmt, read_floats(p, length),
                              read_floats(p + length * kFloatBytes, length));
        element_ops = length;
        break;
      case DpuOp::kMaxPool:
      case DpuOp::kAvgPool: {
        const PoolParams pool{h.kernel_h, h.kernel_w, h.stride_h, h.stride_w, h.pad_h, h.pad_w};
        const std::vector<float> x = read_floats(p, operands);
        result = op == DpuOp::kMaxPool ? dpu_max_pool(fmt, x, shape, pool)
                                       : dpu_avg_pool(fmt, x, shape, pool);
        element_ops = dpu_element_ops_pool(shape, pool);
        break;
      }
      case DpuOp::kGlobalAvgPool:
        result = dpu_global_avg_pool(fmt, read_floats(p, operands), shape);
        element_ops = operands;
        break;
      case DpuOp::kRequantize: {
        RequantParams rq;
        rq.bits = static_cast<int>(h.requant_bits);
        rq.is_signed = h.requant_signed != 0;
        rq.scale = h.requant_scale;
        rq.clip_min = h.clip_min;
        rq.clip_max = h.clip_max;
        result = dpu_requantize(fmt, read_floats(p, length), rq);
        element_ops = length;
        break;
      }
    }
  } catch (const std::invalid_argument& e) {
    last_error_ = e.what();
    return false;
  }
  return true;
}

void DigitalProcessingUnit::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t address = trans.get_address();
  const std::size_t bytes = trans.get_data_length();
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if (trans.get_streaming_width() < bytes) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  const bool is_command_window = address < DpuAddressMap::kCommand + DpuAddressMap::kWindowBytes;
  const bool is_inbox_window = address >= DpuAddressMap::kInbox &&
                               address < DpuAddressMap::kInbox + DpuAddressMap::kWindowBytes;
  if (trans.is_write() && is_inbox_window) {
    trans.set_response_status(
        write_inbox(address, trans.get_data_ptr(), bytes, sc_core::sc_time_stamp() + delay));
    return;
  }
  if (trans.is_write()) {
    if (!is_command_window) {
      trans.set_response_status(address < DpuAddressMap::kStatus + DpuAddressMap::kWindowBytes
                                    ? tlm::TLM_COMMAND_ERROR_RESPONSE
                                    : tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (address != DpuAddressMap::kCommand) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    std::vector<float> result;
    std::uint64_t element_ops = 0;
    DpuOp op = DpuOp::kAccumulate;
    std::int32_t sample = -1, layer = -1;
    if (!run_command(trans.get_data_ptr(), bytes, result, element_ops, op, sample, layer)) {
      log_->warn("{}: command rejected: {}", name(), last_error_);
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return;
    }
    const DpuCost cost = cost_model_.cost(op, element_ops);
    const sc_core::sc_time arrival = sc_core::sc_time_stamp() + delay;
    const sc_core::sc_time start = std::max(arrival, busy_until_);
    const sc_core::sc_time latency(cost.latency_ns, sc_core::SC_NS);
    busy_until_ = start + latency;
    busy_time_ += latency;
    delay = busy_until_ - sc_core::sc_time_stamp();
    result_ = std::move(result);
    ++ops_completed_;
    element_ops_ += element_ops;
    energy_pj_ += cost.energy_pj;
    if (log_->should_log(spdlog::level::trace)) {
      log_->trace("{}: {} of {} element-ops, {} -> {}, {:.3f} pJ", name(), to_string(op),
                  element_ops, start.to_string(), busy_until_.to_string(), cost.energy_pj);
    }
    if (recorder_ != nullptr) {
      traces::Event e;
      e.start_ps = to_ps(start);
      e.duration_ps = to_ps(latency);
      e.component = component_;
      e.kind = traces::EventKind::kDpuOp;
      e.sample = sample;
      e.layer = layer;
      e.bytes = bytes - kDpuCommandHeaderBytes;
      e.ops = element_ops;
      e.energy[traces::EnergyCategory::kDpu] = cost.energy_pj;
      recorder_->record(e);
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  if (trans.is_read()) {
    if (is_command_window) {
      trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
      return;
    }
    const tlm::tlm_response_status status = read(address, trans.get_data_ptr(), bytes);
    // A read of RESULT or STATUS that arrives before the last op completes waits for it.
    if (status == tlm::TLM_OK_RESPONSE && !is_inbox_window &&
        sc_core::sc_time_stamp() + delay < busy_until_) {
      delay = busy_until_ - sc_core::sc_time_stamp();
    }
    trans.set_response_status(status);
    return;
  }
  trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);  // TLM_IGNORE_COMMAND
}

tlm::tlm_response_status DigitalProcessingUnit::read(std::uint64_t address, unsigned char* data,
                                                     std::size_t bytes) {
  if (address >= DpuAddressMap::kResult &&
      address < DpuAddressMap::kResult + DpuAddressMap::kWindowBytes) {
    const std::uint64_t offset = address - DpuAddressMap::kResult;
    const std::uint64_t available = result_.size() * kFloatBytes;
    if (offset % kFloatBytes != 0 || offset > available || bytes > available - offset) {
      return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    if (bytes > 0) {
      std::memcpy(data, reinterpret_cast<const unsigned char*>(result_.data()) + offset, bytes);
    }
    return tlm::TLM_OK_RESPONSE;
  }
  if (address >= DpuAddressMap::kInbox &&
      address < DpuAddressMap::kInbox + DpuAddressMap::kWindowBytes) {
    const std::uint64_t offset = address - DpuAddressMap::kInbox;
    const std::uint64_t available = inbox_.size() * kFloatBytes;
    if (offset % kFloatBytes != 0 || bytes % kFloatBytes != 0 || offset > available ||
        bytes > available - offset) {
      return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    if (bytes > 0) {
      std::memcpy(data, reinterpret_cast<const unsigned char*>(inbox_.data()) + offset, bytes);
    }
    return tlm::TLM_OK_RESPONSE;
  }
  if (address >= DpuAddressMap::kStatus &&
      address + bytes <= DpuAddressMap::kStatus + DpuAddressMap::kStatusBytes) {
    const std::uint64_t words[] = {static_cast<std::uint64_t>(result_.size()), ops_completed_,
                                   static_cast<std::uint64_t>(to_ps(busy_until_))};
    static_assert(sizeof(words) == DpuAddressMap::kStatusBytes, "status layout");
    std::memcpy(data,
                reinterpret_cast<const unsigned char*>(words) + (address - DpuAddressMap::kStatus),
                bytes);
    return tlm::TLM_OK_RESPONSE;
  }
  return tlm::TLM_ADDRESS_ERROR_RESPONSE;
}

tlm::tlm_response_status DigitalProcessingUnit::write_inbox(std::uint64_t address,
                                                            const unsigned char* data,
                                                            std::size_t bytes,
                                                            sc_core::sc_time arrival) {
  const std::uint64_t offset = address - DpuAddressMap::kInbox;
  if (offset % kFloatBytes != 0 || bytes % kFloatBytes != 0 ||
      bytes > DpuAddressMap::kWindowBytes - offset) {
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  const std::size_t end = static_cast<std::size_t>((offset + bytes) / kFloatBytes);
  if (inbox_.size() < end) inbox_.resize(end, 0.0f);
  if (bytes > 0) {
    std::memcpy(reinterpret_cast<unsigned char*>(inbox_.data()) + offset, data, bytes);
  }
  inbox_arrival_ = arrival;
  return tlm::TLM_OK_RESPONSE;
}

unsigned int DigitalProcessingUnit::transport_dbg(tlm::tlm_generic_payload& trans) {
  // Debug access: reads of RESULT, STATUS and INBOX without timing; commands are not run.
  if (!trans.is_read()) return 0;
  const std::size_t bytes = trans.get_data_length();
  if (read(trans.get_address(), trans.get_data_ptr(), bytes) != tlm::TLM_OK_RESPONSE) return 0;
  return static_cast<unsigned int>(bytes);
}

void DigitalProcessingUnit::record_static_energy(sc_core::sc_time span) {
  if (!recorder_) return;
  traces::Event e;
  e.duration_ps = to_ps(span);
  e.component = component_;
  e.kind = traces::EventKind::kStatic;
  e.energy[traces::EnergyCategory::kStatic] = cost_model_.static_energy_pj(span.to_seconds() * 1e9);
  recorder_->record(e);
}

}  // namespace kirchhoff
