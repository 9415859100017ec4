// The host model: a loosely-timed TLM initiator with a quantum keeper. It programs the weight
// block into a tile through the host port, then streams the input vectors (the next input is
// written while the tile computes the current one), reads the outputs and keeps per-sample
// latencies and the outputs for the comparison with the float reference.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <spdlog/spdlog.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>
#include <tlm>

#include "host/synthetic_workload.h"
#include "traces/recorder.h"

namespace kirchhoff {

class HostModel : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<HostModel> socket;

  // `recorder` (optional) gets the host's samples-in-flight counter.
  HostModel(sc_core::sc_module_name name, const SyntheticData& data, int tile,
            sc_core::sc_time quantum, traces::Recorder* recorder = nullptr);

  const std::vector<std::vector<float>>& outputs() const { return outputs_; }
  const std::vector<double>& latencies_ns() const { return latencies_ns_; }
  sc_core::sc_time programming_done() const { return programming_done_; }
  sc_core::sc_time finished() const { return finished_; }
  bool failed() const { return failed_; }

 private:
  SC_HAS_PROCESS(HostModel);
  void run();
  void write(std::uint64_t addr, const void* data, std::size_t bytes);
  void read(std::uint64_t addr, void* data, std::size_t bytes);
  void write_u32(std::uint64_t addr, std::uint32_t v) { write(addr, &v, sizeof v); }
  void transport(tlm::tlm_command cmd, std::uint64_t addr, void* data, std::size_t bytes);
  void count_in_flight(int change);

  const SyntheticData& data_;
  std::uint64_t tile_base_;
  sc_core::sc_time quantum_;
  tlm_utils::tlm_quantumkeeper qk_;
  std::shared_ptr<spdlog::logger> log_;
  std::vector<std::vector<float>> outputs_;
  std::vector<double> latencies_ns_;
  sc_core::sc_time programming_done_;
  sc_core::sc_time finished_;
  bool failed_ = false;
  traces::Recorder* recorder_ = nullptr;
  std::uint32_t in_flight_counter_ = 0;
  int in_flight_ = 0;
};

}  // namespace kirchhoff
