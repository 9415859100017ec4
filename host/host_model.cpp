#include "host/host_model.h"

#include "tiles/sim_time.h"
#include "tiles/tlm_payload.h"

#include <stdexcept>
#include <string>

#include "chip/chip_address_map.h"
#include "logging/log.h"

namespace kirchhoff {
namespace {
// Largest burst the host sends in one transaction (bytes).
constexpr std::size_t kMaxBurstBytes = 64 * 1024;
}  // namespace

HostModel::HostModel(sc_core::sc_module_name name, const SyntheticData& data, int tile,
                     sc_core::sc_time quantum, traces::Recorder* recorder)
    : sc_core::sc_module(name),
      socket("socket"),
      data_(data),
      tile_base_(chip_map::tile_base(tile)),
      quantum_(quantum),
      log_(logging::get("host")),
      recorder_(recorder) {
  if (recorder_) {
    const auto id = recorder_->add_component(this->name(), "host");
    in_flight_counter_ = recorder_->add_counter(id, "samples_in_flight");
  }
  SC_THREAD(run);
}

void HostModel::count_in_flight(int change) {
  in_flight_ += change;
  if (recorder_) {
    const auto t = qk_.get_current_time();
    recorder_->record_counter(in_flight_counter_, to_ps(t), in_flight_);
  }
}

void HostModel::transport(tlm::tlm_command cmd, std::uint64_t addr, void* data, std::size_t bytes) {
  tlm::tlm_generic_payload t;
  prepare_payload(t, cmd, addr, data, bytes);
  sc_core::sc_time delay = qk_.get_local_time();
  socket->b_transport(t, delay);
  qk_.set(delay);
  if (t.is_response_error()) {
    throw std::runtime_error("host: " + t.get_response_string() + " at address 0x" + [&] {
      char b[32];
      std::snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(addr));
      return std::string(b);
    }());
  }
  if (qk_.need_sync()) qk_.sync();
}

void HostModel::write(std::uint64_t addr, const void* data, std::size_t bytes) {
  auto* p = static_cast<unsigned char*>(const_cast<void*>(data));
  for (std::size_t off = 0; off < bytes; off += kMaxBurstBytes) {
    transport(tlm::TLM_WRITE_COMMAND, addr + off, p + off, std::min(kMaxBurstBytes, bytes - off));
  }
}

void HostModel::read(std::uint64_t addr, void* data, std::size_t bytes) {
  auto* p = static_cast<unsigned char*>(data);
  for (std::size_t off = 0; off < bytes; off += kMaxBurstBytes) {
    transport(tlm::TLM_READ_COMMAND, addr + off, p + off, std::min(kMaxBurstBytes, bytes - off));
  }
}

void HostModel::run() {
  tlm_utils::tlm_quantumkeeper::set_global_quantum(quantum_);
  qk_.reset();
  try {
    const DenseLayer& L = data_.layer;
    write_u32(tile_base_ + tile_map::kRowsUsed, static_cast<std::uint32_t>(L.in));
    write_u32(tile_base_ + tile_map::kColsUsed, static_cast<std::uint32_t>(L.out));
    write(tile_base_ + tile_map::kWeights, L.weights.data(), L.weights.size() * sizeof(float));
    write_u32(tile_base_ + tile_map::kCtrl, tile_map::kCmdProgram);
    programming_done_ = qk_.get_current_time();
    log_->info("programmed a {}x{} weight block by {:.3f} us", L.in, L.out,
               programming_done_.to_seconds() * 1e6);

    const std::size_t n = data_.inputs.size();
    outputs_.assign(n, std::vector<float>(L.out));
    latencies_ns_.assign(n, 0.0);
    std::vector<sc_core::sc_time> issued(n);
    auto send_input = [&](std::size_t s) {
      issued[s] = qk_.get_current_time();
      count_in_flight(+1);
      write(tile_base_ + tile_map::kInput, data_.inputs[s].data(), L.in * sizeof(float));
    };
    if (n > 0) {
      send_input(0);
      write_u32(tile_base_ + tile_map::kSample, 0);
      write_u32(tile_base_ + tile_map::kCtrl, tile_map::kCmdStart);
    }
    for (std::size_t s = 0; s < n; ++s) {
      // Double buffering: load the next input while the tile computes this one.
      if (s + 1 < n) send_input(s + 1);
      read(tile_base_ + tile_map::kOutput, outputs_[s].data(), L.out * sizeof(float));
      latencies_ns_[s] = (qk_.get_current_time() - issued[s]).to_seconds() * 1e9;
      count_in_flight(-1);
      if (s + 1 < n) {
        write_u32(tile_base_ + tile_map::kSample, static_cast<std::uint32_t>(s + 1));
        write_u32(tile_base_ + tile_map::kCtrl, tile_map::kCmdStart);
      }
    }
    finished_ = qk_.get_current_time();
    qk_.sync();
  } catch (const std::exception& e) {
    log_->error("{}", e.what());
    failed_ = true;
  }
}

}  // namespace kirchhoff
