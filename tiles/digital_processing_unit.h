// A digital processing unit (DPU) as a loosely-timed TLM-2.0 target: a tile's local DPU or a
// chip's global DPU. A write of a command (an op and its operand vectors) runs the op with the
// numerics of models/dpu_ops.h in the DPU's NumericFormat and annotates the delay from the cost
// model of models/dpu_cost.h. No clock, no per-cycle process: one op costs one transaction.
//
// Timing. The DPU keeps a busy-until time. An op that arrives at local time t = sc_time_stamp()
// + delay starts at max(t, busy_until), takes the cost model's latency L (pipeline latency +
// ceil(elements / throughput) cycles), and the DPU is busy until start + L (ops do not overlap
// in the pipeline: conservative, and exact for the usual chain of dependent ops). The write
// returns with delay = start + L - sc_time_stamp(): back-to-back ops queue. A result read that
// arrives before the last op completes waits for it.
//
// Address map (byte addresses relative to the socket; all words in host byte order, as TLM
// payloads carry in-process data):
//
//   0x0000'0000  COMMAND  write only. One write, starting exactly at this address, carries a
//                         DpuCommandHeader (84 bytes, below) followed by the operand floats
//                         (IEEE binary32), laid out per op:
//                           accumulate         num_inputs vectors of `length` floats, one after
//                                              the other
//                           affine             x[length], scale[channels], bias[channels]
//                                              (channels must divide length; element i is in
//                                              channel i / (length / channels))
//                           relu, sigmoid, tanh, hard_sigmoid, gelu, requantize
//                                              x[length]
//                           add, multiply      a[length], b[length]
//                           max_pool, avg_pool, global_avg_pool
//                                              x[channels * height * width], CHW
//                         The data length must be exactly 84 + 4 * (operand count) bytes.
//   0x1000'0000  RESULT   read only. The result floats of the last completed op, float i at
//                         RESULT + 4 * i; a read may start at any float and must stay inside
//                         the result. Result length: `length` (accumulate, affine, element-wise
//                         ops, activations, requantize: the integer codes as floats), the
//                         pooled C x H' x W' tensor (pooling), `channels` (global_avg_pool).
//   0x2000'0000  STATUS   read only, 64-bit words:
//                           +0x00  RESULT_LENGTH   floats in the last result
//                           +0x08  OPS_COMPLETED   commands executed so far
//                           +0x10  BUSY_UNTIL_PS   completion time of the last op (ps)
//   0x3000'0000  INBOX    read/write. The DPU's receive buffer (SRAM written by its node's
//                         network interface: the tiles' results). A write stores its
//                         floats at byte offset (address - INBOX); it must start at a float
//                         boundary and carry whole floats, and the buffer grows to hold it (up
//                         to the window's size). A write takes no DPU time and does not touch
//                         the op pipeline; the DPU keeps the arrival time of the last write
//                         (sc_time_stamp() + delay), inbox_arrival(). A read may start at any
//                         float and must stay inside the buffer written so far; it returns at
//                         once (no wait for the op in flight).
//
// DpuCommandHeader, 21 32-bit words (byte offset = 4 * word):
//   w0 op (DpuOp)      w1 num_inputs   w2 length     w3 channels   w4 height     w5 width
//   w6 kernel_h        w7 kernel_w     w8 stride_h   w9 stride_w   w10 pad_h     w11 pad_w
//   w12 requant_bits   w13 requant_signed (0/1)      w14 requant_scale (float)
//   w15 clip_min (float)               w16 clip_max (float)
//   w17 hard_sigmoid_alpha (float)     w18 hard_sigmoid_beta (float)
//   w19 sample (int32, -1: none)       w20 layer (int32, -1: none)   (trace metadata only)
// Unused words are ignored. make_dpu_command() fills the defaults (ONNX hard-sigmoid, no
// clipping, sample = layer = -1).
//
// Responses: TLM_OK_RESPONSE; TLM_ADDRESS_ERROR_RESPONSE outside the four windows, a result
// read outside the result, an inbox access off a float boundary, of a partial float, past the
// window (write) or past the buffer (read); TLM_COMMAND_ERROR_RESPONSE for a read of COMMAND or a
// write of RESULT/STATUS; TLM_BYTE_ENABLE_ERROR_RESPONSE with byte enables;
// TLM_BURST_ERROR_RESPONSE with a streaming width shorter than the data; TLM_GENERIC_ERROR_RESPONSE
// for a malformed command (unknown op, wrong data length, bad shape) -- last_error() says why, and
// the module's logger ("dpu.<name>") warns. A failed command takes no time and changes nothing.
// Each op is logged at trace level.
//
// Tracing: with a traces::Recorder, every op records one EventKind::kDpuOp event (start,
// duration, operand bytes, element-operations as `ops`, energy in EnergyCategory::kDpu); the
// recorder costs one branch when absent. An INBOX write is not an op: it records nothing (the
// network records the packet that carried it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "models/dpu_cost.h"
#include "models/dpu_ops.h"
#include "traces/recorder.h"

namespace kirchhoff {

struct DpuAddressMap {
  static constexpr std::uint64_t kCommand = 0x0000'0000;
  static constexpr std::uint64_t kResult = 0x1000'0000;
  static constexpr std::uint64_t kStatus = 0x2000'0000;
  static constexpr std::uint64_t kInbox = 0x3000'0000;
  static constexpr std::uint64_t kWindowBytes = 0x1000'0000;  // each window's size
  static constexpr std::uint64_t kStatusResultLength = kStatus + 0x00;
  static constexpr std::uint64_t kStatusOpsCompleted = kStatus + 0x08;
  static constexpr std::uint64_t kStatusBusyUntilPs = kStatus + 0x10;
  static constexpr std::uint64_t kStatusBytes = 0x18;
};

struct DpuCommandHeader {
  std::uint32_t op = 0;
  std::uint32_t num_inputs = 0;
  std::uint32_t length = 0;
  std::uint32_t channels = 0;
  std::uint32_t height = 0;
  std::uint32_t width = 0;
  std::uint32_t kernel_h = 0;
  std::uint32_t kernel_w = 0;
  std::uint32_t stride_h = 0;
  std::uint32_t stride_w = 0;
  std::uint32_t pad_h = 0;
  std::uint32_t pad_w = 0;
  std::uint32_t requant_bits = 0;
  std::uint32_t requant_signed = 0;
  float requant_scale = 0.0f;
  float clip_min = 0.0f;
  float clip_max = 0.0f;
  float hard_sigmoid_alpha = 0.0f;
  float hard_sigmoid_beta = 0.0f;
  std::int32_t sample = -1;
  std::int32_t layer = -1;
};
inline constexpr std::size_t kDpuCommandHeaderBytes = 84;
static_assert(sizeof(DpuCommandHeader) == kDpuCommandHeaderBytes, "header layout is 21 words");

// A header for `op` with the defaults: ONNX hard-sigmoid, requantisation without clipping
// (clip at +-float max), sample = layer = -1.
DpuCommandHeader make_dpu_command(DpuOp op);
// The bytes of a COMMAND write: the header, then the operands.
std::vector<unsigned char> encode_dpu_command(const DpuCommandHeader& header,
                                              const std::vector<float>& operands);
// The same bytes into `bytes` (resized; a caller that reuses it allocates only when it grows).
void encode_dpu_command(const DpuCommandHeader& header, const std::vector<float>& operands,
                        std::vector<unsigned char>& bytes);

class DigitalProcessingUnit : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<DigitalProcessingUnit> socket;

  // Throws std::invalid_argument listing validate(params)'s messages when params are unusable.
  // `recorder` may be null; it must outlive the module.
  DigitalProcessingUnit(sc_core::sc_module_name name, const DpuParams& params,
                        traces::Recorder* recorder = nullptr);

  const DpuParams& params() const { return cost_model_.params(); }
  const DpuCostModel& cost_model() const { return cost_model_; }

  std::uint64_t ops_completed() const { return ops_completed_; }
  std::uint64_t element_ops() const { return element_ops_; }
  double energy_pj() const { return energy_pj_; }
  // Sum of op latencies (time the DPU was busy).
  sc_core::sc_time busy_time() const { return busy_time_; }
  sc_core::sc_time busy_until() const { return busy_until_; }
  const std::vector<float>& last_result() const { return result_; }
  const std::string& last_error() const { return last_error_; }
  // The INBOX receive buffer (floats written so far) and the arrival time of its last write.
  const std::vector<float>& inbox() const { return inbox_; }
  sc_core::sc_time inbox_arrival() const { return inbox_arrival_; }

  // Records the DPU's static energy (static power x span) as one event; call once at the end.
  void record_static_energy(sc_core::sc_time span);

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);

  // Decodes and runs a command; returns false (and sets last_error_) if malformed.
  bool run_command(const unsigned char* data, std::size_t bytes, std::vector<float>& result,
                   std::uint64_t& element_ops, DpuOp& op, std::int32_t& sample,
                   std::int32_t& layer);
  // Reads of RESULT / STATUS / INBOX into `data`; returns the response status.
  tlm::tlm_response_status read(std::uint64_t address, unsigned char* data, std::size_t bytes);
  // A write into INBOX arriving at `arrival`; returns the response status.
  tlm::tlm_response_status write_inbox(std::uint64_t address, const unsigned char* data,
                                       std::size_t bytes, sc_core::sc_time arrival);

  DpuCostModel cost_model_;
  std::shared_ptr<spdlog::logger> log_;  // "dpu.<basename>"
  traces::Recorder* recorder_ = nullptr;
  std::uint32_t component_ = 0;

  sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time busy_time_ = sc_core::SC_ZERO_TIME;
  std::uint64_t ops_completed_ = 0;
  std::uint64_t element_ops_ = 0;
  double energy_pj_ = 0.0;
  std::vector<float> result_;
  std::string last_error_;
  std::vector<float> inbox_;
  sc_core::sc_time inbox_arrival_ = sc_core::SC_ZERO_TIME;
};

}  // namespace kirchhoff
