// A tiny CPU-like bus master of the example platform: one TLM-2.0 initiator socket and a
// thread that runs MVM jobs through a Kirchhoff tile's documented register map (README.md,
// "Address maps"; tiles/tile_address_map.h): ROWS_USED, COLS_USED, WEIGHTS, CTRL=PROGRAM,
// INPUT, CTRL=START, OUTPUT, STATUS. Every access is a blocking b_transport; the CPU waits
// out the annotated delay after each one, as a simple in-order core would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "tiles/tile_address_map.h"

namespace vp {

// One matrix-vector product on the tile whose window starts at `base`: y = W^T x with W
// rows x cols, row-major by input row (the WEIGHTS layout).
struct MvmJob {
  std::string name;
  std::uint64_t base = 0;
  int rows = 0;
  int cols = 0;
  std::vector<float> weights;  // rows * cols
  std::vector<float> input;    // rows
  std::vector<float> output;   // cols, read back from OUTPUT
  std::uint32_t status = 0;    // STATUS after the result was read
  sc_core::sc_time done_at;    // simulated time the result arrived
};

class Cpu : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Cpu> socket{"socket"};
  std::vector<MvmJob> jobs;
  std::string bus_error;  // the first failed access, empty if none

  SC_HAS_PROCESS(Cpu);
  explicit Cpu(sc_core::sc_module_name name) : sc_core::sc_module(name) { SC_THREAD(run); }

 private:
  void run() {
    for (MvmJob& job : jobs) execute(job);
  }

  void execute(MvmJob& job) {
    namespace map = kirchhoff::tile_map;
    write32(job.base + map::kRowsUsed, static_cast<std::uint32_t>(job.rows));
    write32(job.base + map::kColsUsed, static_cast<std::uint32_t>(job.cols));
    access(tlm::TLM_WRITE_COMMAND, job.base + map::kWeights, job.weights.data(),
           job.weights.size() * sizeof(float));
    write32(job.base + map::kCtrl, map::kCmdProgram);
    access(tlm::TLM_WRITE_COMMAND, job.base + map::kInput, job.input.data(),
           job.input.size() * sizeof(float));
    write32(job.base + map::kCtrl, map::kCmdStart);
    job.output.assign(job.cols, 0.0f);
    // A read of OUTPUT returns once the MVM has finished (its delay says when).
    access(tlm::TLM_READ_COMMAND, job.base + map::kOutput, job.output.data(),
           job.output.size() * sizeof(float));
    job.done_at = sc_core::sc_time_stamp();
    access(tlm::TLM_READ_COMMAND, job.base + map::kStatus, &job.status, sizeof(job.status));
  }

  void write32(std::uint64_t address, std::uint32_t value) {
    access(tlm::TLM_WRITE_COMMAND, address, &value, sizeof(value));
  }

  void access(tlm::tlm_command cmd, std::uint64_t address, void* data, std::size_t bytes) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(address);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(static_cast<unsigned>(bytes));
    t.set_streaming_width(static_cast<unsigned>(bytes));
    t.set_byte_enable_ptr(nullptr);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, delay);
    wait(delay);
    if (t.is_response_error() && bus_error.empty()) {
      bus_error =
          std::string(name()) + ": " + t.get_response_string() + " at address 0x" + hex(address);
    }
  }

  static std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%llx", static_cast<unsigned long long>(v));
    return buf;
  }
};

}  // namespace vp
