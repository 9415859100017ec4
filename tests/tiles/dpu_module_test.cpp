// The SystemC DPU through its TLM socket. Each TEST elaborates its own modules and calls
// sc_start once: gtest_discover_tests runs every TEST in its own process.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "models/dpu_cost.h"
#include "models/dpu_ops.h"
#include "tiles/digital_processing_unit.h"
#include "traces/recorder.h"

namespace kirchhoff {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

// A test initiator: runs `body` in a thread and offers blocking helpers.
struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  std::function<void(Initiator&)> body;
  bool done = false;

  SC_HAS_PROCESS(Initiator);
  Initiator(sc_core::sc_module_name name, std::function<void(Initiator&)> b)
      : sc_core::sc_module(name), socket("socket"), body(std::move(b)) {
    SC_THREAD(run);
  }
  void run() {
    body(*this);
    done = true;
  }

  tlm::tlm_response_status transport(tlm::tlm_command cmd, std::uint64_t address,
                                     unsigned char* data, std::size_t bytes, sc_time& delay) {
    tlm::tlm_generic_payload trans;
    trans.set_command(cmd);
    trans.set_address(address);
    trans.set_data_ptr(data);
    trans.set_data_length(static_cast<unsigned int>(bytes));
    trans.set_streaming_width(static_cast<unsigned int>(bytes));
    trans.set_byte_enable_ptr(nullptr);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(trans, delay);
    return trans.get_response_status();
  }
  tlm::tlm_response_status command(const DpuCommandHeader& h, const std::vector<float>& operands,
                                   sc_time& delay) {
    std::vector<unsigned char> bytes = encode_dpu_command(h, operands);
    return transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kCommand, bytes.data(), bytes.size(),
                     delay);
  }
  std::vector<float> result(std::size_t n, sc_time& delay) {
    std::vector<float> out(n);
    EXPECT_EQ(transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kResult,
                        reinterpret_cast<unsigned char*>(out.data()), n * sizeof(float), delay),
              tlm::TLM_OK_RESPONSE);
    return out;
  }
  std::uint64_t status(std::uint64_t address) {
    std::uint64_t v = 0;
    sc_time delay = SC_ZERO_TIME;
    EXPECT_EQ(transport(tlm::TLM_READ_COMMAND, address, reinterpret_cast<unsigned char*>(&v),
                        sizeof(v), delay),
              tlm::TLM_OK_RESPONSE);
    return v;
  }
};

// Affine over 4 channels of 16 elements.
struct AffineCase {
  std::vector<float> x, scale{0.5f, -1.0f, 2.0f, 0.25f}, bias{0.0f, 1.0f, -0.5f, 3.0f};
  AffineCase() {
    for (int i = 0; i < 64; ++i) x.push_back(0.1f * static_cast<float>(i - 30));
  }
  DpuCommandHeader header() const {
    DpuCommandHeader h = make_dpu_command(DpuOp::kAffine);
    h.length = static_cast<std::uint32_t>(x.size());
    h.channels = static_cast<std::uint32_t>(scale.size());
    return h;
  }
  std::vector<float> operands() const {
    std::vector<float> v = x;
    v.insert(v.end(), scale.begin(), scale.end());
    v.insert(v.end(), bias.begin(), bias.end());
    return v;
  }
};

void run(Initiator& init, DigitalProcessingUnit& dpu) {
  init.socket.bind(dpu.socket);
  sc_core::sc_start();
  EXPECT_TRUE(init.done);
}

TEST(DpuModule, OneOpGivesTheRightDataAndDelay) {
  const DpuParams params = default_dpu_params(NumericFormat::fp16());
  DigitalProcessingUnit dpu("dpu", params);
  const AffineCase c;
  Initiator init("init", [&](Initiator& self) {
    sc_time delay = SC_ZERO_TIME;
    EXPECT_EQ(self.command(c.header(), c.operands(), delay), tlm::TLM_OK_RESPONSE);
    // Defaults: 1 GHz, 4-cycle pipeline, 16 lanes: 64 / 16 + 4 = 8 cycles = 8 ns.
    EXPECT_EQ(delay, sc_time(8, SC_NS));
    sc_time read_delay = delay;  // read after the op completed: no extra wait
    const std::vector<float> y = self.result(c.x.size(), read_delay);
    EXPECT_EQ(read_delay, delay);
    EXPECT_EQ(y, dpu_affine(NumericFormat::fp16(), c.x, c.scale, c.bias));
    EXPECT_EQ(y[0], NumericFormat::fp16().round(-3.0 * 0.5));
    EXPECT_EQ(self.status(DpuAddressMap::kStatusResultLength), c.x.size());
    EXPECT_EQ(self.status(DpuAddressMap::kStatusOpsCompleted), 1u);
    EXPECT_EQ(self.status(DpuAddressMap::kStatusBusyUntilPs), 8000u);
  });
  run(init, dpu);
  EXPECT_EQ(dpu.ops_completed(), 1u);
  EXPECT_EQ(dpu.element_ops(), 64u);
  const DpuArithmeticEnergy e = horowitz_45nm_arithmetic_energy(NumericFormat::fp16());
  EXPECT_NEAR(dpu.energy_pj(), 64 * (e.mult_pj + e.add_pj), 1e-9);
}

TEST(DpuModule, BackToBackOpsQueue) {
  DpuParams params = default_dpu_params(NumericFormat::int8(4));
  params.clock_ghz = 0.5;  // 2 ns per cycle
  DigitalProcessingUnit dpu("dpu", params);
  const std::vector<float> x(100, 0.5f);
  DpuCommandHeader relu = make_dpu_command(DpuOp::kRelu);
  relu.length = 100;
  DpuCommandHeader sig = make_dpu_command(DpuOp::kSigmoid);
  sig.length = 100;
  // relu: ceil(100 / 16) = 7 + 4 = 11 cycles = 22 ns; sigmoid: ceil(100 / 4) = 25 + 4 = 29
  // cycles = 58 ns.
  const sc_time relu_ns(22, SC_NS), sig_ns(58, SC_NS);
  Initiator init("init", [&](Initiator& self) {
    // Two initiators' worth of requests at the same local time: the second queues.
    sc_time d1 = SC_ZERO_TIME, d2 = SC_ZERO_TIME;
    ASSERT_EQ(self.command(relu, x, d1), tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(self.command(sig, x, d2), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(d1, relu_ns);
    EXPECT_EQ(d2, relu_ns + sig_ns);
    // Temporal decoupling: the next op issued at the local time the last one returned starts
    // right away (no gap, no overlap).
    ASSERT_EQ(self.command(relu, x, d2), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(d2, relu_ns + sig_ns + relu_ns);
    // Once the DPU is idle an op takes just its own latency.
    sc_core::wait(sc_time(1000, SC_NS));
    sc_time d3 = SC_ZERO_TIME;
    ASSERT_EQ(self.command(relu, x, d3), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(d3, relu_ns);
    EXPECT_EQ(dpu.busy_until(), sc_core::sc_time_stamp() + relu_ns);
  });
  run(init, dpu);
  EXPECT_EQ(dpu.ops_completed(), 4u);
  EXPECT_EQ(dpu.busy_time(), 3 * relu_ns + sig_ns);
  EXPECT_EQ(dpu.element_ops(), 400u);
}

TEST(DpuModule, ResultReadWaitsForTheRunningOp) {
  DigitalProcessingUnit dpu("dpu", DpuParams{});
  const std::vector<float> x{-1.0f, 2.0f, -3.0f, 4.0f};
  DpuCommandHeader h = make_dpu_command(DpuOp::kRelu);
  h.length = 4;
  Initiator init("init", [&](Initiator& self) {
    sc_time d = SC_ZERO_TIME;
    ASSERT_EQ(self.command(h, x, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(d, sc_time(5, SC_NS));  // 1 + 4 cycles
    sc_time read_delay = SC_ZERO_TIME;
    EXPECT_EQ(self.result(4, read_delay), (std::vector<float>{0.0f, 2.0f, 0.0f, 4.0f}));
    EXPECT_EQ(read_delay, sc_time(5, SC_NS));
  });
  run(init, dpu);
}

TEST(DpuModule, PoolingAndRequantizeThroughTheSocket) {
  DigitalProcessingUnit dpu("dpu", default_dpu_params(NumericFormat::fp32()));
  // 1 x 4 x 4, values 0..15; 2x2 max pooling, stride 2 -> 5, 7, 13, 15.
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i);
  DpuCommandHeader pool = make_dpu_command(DpuOp::kMaxPool);
  pool.channels = 1;
  pool.height = 4;
  pool.width = 4;
  pool.kernel_h = pool.kernel_w = pool.stride_h = pool.stride_w = 2;
  DpuCommandHeader rq = make_dpu_command(DpuOp::kRequantize);
  rq.length = 4;
  rq.requant_bits = 4;
  rq.requant_signed = 0;
  rq.requant_scale = 2.0f;
  Initiator init("init", [&](Initiator& self) {
    sc_time d = SC_ZERO_TIME;
    ASSERT_EQ(self.command(pool, x, d), tlm::TLM_OK_RESPONSE);
    // 4 outputs x 4 window elements = 16 element-ops: 1 issue cycle + 4 = 5 ns.
    EXPECT_EQ(d, sc_time(5, SC_NS));
    const std::vector<float> pooled = self.result(4, d);
    EXPECT_EQ(pooled, (std::vector<float>{5.0f, 7.0f, 13.0f, 15.0f}));
    ASSERT_EQ(self.command(rq, pooled, d), tlm::TLM_OK_RESPONSE);
    // 5/2 = 2.5 -> 2 (ties to even), 3.5 -> 4, 6.5 -> 6, 7.5 -> 8.
    EXPECT_EQ(self.result(4, d), (std::vector<float>{2.0f, 4.0f, 6.0f, 8.0f}));
  });
  run(init, dpu);
  EXPECT_EQ(dpu.element_ops(), 20u);
}

TEST(DpuModule, RecordsOneEventPerOp) {
  traces::Recorder recorder;
  const DpuParams params = default_dpu_params(NumericFormat::int8(4));
  DigitalProcessingUnit dpu("dpu0", params, &recorder);
  const AffineCase c;
  DpuCommandHeader h = c.header();
  h.sample = 3;
  h.layer = 1;
  Initiator init("init", [&](Initiator& self) {
    sc_time d = SC_ZERO_TIME;
    ASSERT_EQ(self.command(h, c.operands(), d), tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(self.command(h, c.operands(), d), tlm::TLM_OK_RESPONSE);
  });
  run(init, dpu);
  const DpuCost one = DpuCostModel(params).cost(DpuOp::kAffine, 64);
  const traces::Totals& t = recorder.totals();
  ASSERT_EQ(recorder.num_components(), 1u);
  EXPECT_EQ(recorder.component(0).name, "dpu0");
  EXPECT_EQ(recorder.component(0).category, "dpu");
  EXPECT_EQ(t.events[static_cast<std::size_t>(traces::EventKind::kDpuOp)], 2u);
  EXPECT_NEAR(t.energy[traces::EnergyCategory::kDpu], 2 * one.energy_pj, 1e-9);
  EXPECT_NEAR(t.energy.total(), 2 * one.energy_pj, 1e-9);
  EXPECT_NEAR(dpu.energy_pj(), 2 * one.energy_pj, 1e-9);
  EXPECT_EQ(t.ops, 128u);
  EXPECT_EQ(t.end_ps, static_cast<std::int64_t>(2 * one.latency_ns * 1000));
}

TEST(DpuModule, MalformedRequestsAreRejectedWithoutCost) {
  DigitalProcessingUnit dpu("dpu", DpuParams{});
  Initiator init("init", [&](Initiator& self) {
    sc_time d = SC_ZERO_TIME;
    DpuCommandHeader h = make_dpu_command(DpuOp::kAdd);
    h.length = 4;
    // Add needs 8 floats; 7 given.
    EXPECT_EQ(self.command(h, std::vector<float>(7, 1.0f), d), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_NE(dpu.last_error().find("add"), std::string::npos) << dpu.last_error();
    h.op = 99;
    EXPECT_EQ(self.command(h, std::vector<float>(8, 1.0f), d), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_NE(dpu.last_error().find("unknown op 99"), std::string::npos) << dpu.last_error();
    DpuCommandHeader pool = make_dpu_command(DpuOp::kAvgPool);
    pool.channels = 1;
    pool.height = pool.width = 2;
    pool.kernel_h = pool.kernel_w = 3;  // larger than the input
    pool.stride_h = pool.stride_w = 1;
    EXPECT_EQ(self.command(pool, std::vector<float>(4, 1.0f), d), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_NE(dpu.last_error().find("pooling"), std::string::npos) << dpu.last_error();
    // A header that would overflow the operand count.
    DpuCommandHeader huge = make_dpu_command(DpuOp::kGlobalAvgPool);
    huge.channels = huge.height = huge.width = 0xFFFFFFFFu;
    EXPECT_EQ(self.command(huge, {}, d), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(d, SC_ZERO_TIME);

    unsigned char buf[8] = {};
    EXPECT_EQ(self.transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kCommand, buf, 8, d),
              tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kResult, buf, 8, d),
              tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kCommand + 4, buf, 8, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_READ_COMMAND, 0x3000'0000, buf, 8, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // No result yet: any result read is outside it.
    EXPECT_EQ(self.transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kResult, buf, 4, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(d, SC_ZERO_TIME);
  });
  run(init, dpu);
  EXPECT_EQ(dpu.ops_completed(), 0u);
  EXPECT_EQ(dpu.energy_pj(), 0.0);
  EXPECT_EQ(dpu.busy_until(), SC_ZERO_TIME);
}

TEST(DpuModule, InboxWritesAreStoredAtTheirOffsetAndReadBack) {
  DigitalProcessingUnit dpu("dpu", DpuParams{});
  std::vector<float> a{1.5f, -2.0f, 3.25f}, b{7.0f, 8.0f};
  Initiator init("init", [&](Initiator& self) {
    sc_time d = SC_ZERO_TIME;
    // Floats 4..5 first: the buffer grows to 6 floats, 0..3 still zero.
    ASSERT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox + 16,
                             reinterpret_cast<unsigned char*>(b.data()), 8, d),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(dpu.inbox(), (std::vector<float>{0.0f, 0.0f, 0.0f, 0.0f, 7.0f, 8.0f}));
    ASSERT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox + 4,
                             reinterpret_cast<unsigned char*>(a.data()), 12, d),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(dpu.inbox(), (std::vector<float>{0.0f, 1.5f, -2.0f, 3.25f, 7.0f, 8.0f}));
    std::vector<float> back(4);
    ASSERT_EQ(self.transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kInbox + 8,
                             reinterpret_cast<unsigned char*>(back.data()), 16, d),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(back, (std::vector<float>{-2.0f, 3.25f, 7.0f, 8.0f}));
    EXPECT_EQ(d, SC_ZERO_TIME);  // SRAM: no DPU time
    // A debug read sees the same buffer.
    float f = 0.0f;
    tlm::tlm_generic_payload dbg;
    dbg.set_command(tlm::TLM_READ_COMMAND);
    dbg.set_address(DpuAddressMap::kInbox + 12);
    dbg.set_data_ptr(reinterpret_cast<unsigned char*>(&f));
    dbg.set_data_length(4);
    EXPECT_EQ(self.socket->transport_dbg(dbg), 4u);
    EXPECT_EQ(f, 3.25f);
  });
  run(init, dpu);
  EXPECT_EQ(dpu.ops_completed(), 0u);
}

TEST(DpuModule, InboxWriteTakesNoDpuTimeAndRecordsItsArrival) {
  traces::Recorder recorder;
  DigitalProcessingUnit dpu("dpu", DpuParams{}, &recorder);
  const std::vector<float> x{-1.0f, 2.0f, -3.0f, 4.0f};
  DpuCommandHeader h = make_dpu_command(DpuOp::kRelu);
  h.length = 4;
  Initiator init("init", [&](Initiator& self) {
    sc_core::wait(sc_time(10, SC_NS));
    sc_time d = SC_ZERO_TIME;
    ASSERT_EQ(self.command(h, x, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(d, sc_time(5, SC_NS));  // busy until 15 ns
    // Written while the op runs: the write returns at once, the op is not delayed.
    std::vector<float> v{1.0f, 2.0f};
    sc_time w = sc_time(3, SC_NS);
    ASSERT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox,
                             reinterpret_cast<unsigned char*>(v.data()), 8, w),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(w, sc_time(3, SC_NS));
    EXPECT_EQ(dpu.inbox_arrival(), sc_time(13, SC_NS));
    // An inbox read does not wait for the op either.
    sc_time r = SC_ZERO_TIME;
    ASSERT_EQ(self.transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kInbox,
                             reinterpret_cast<unsigned char*>(v.data()), 8, r),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r, SC_ZERO_TIME);
    // The arrival is that of the last write.
    w = sc_time(1, SC_NS);
    ASSERT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox + 8,
                             reinterpret_cast<unsigned char*>(v.data()), 8, w),
              tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(dpu.inbox_arrival(), sc_time(11, SC_NS));
  });
  run(init, dpu);
  EXPECT_EQ(dpu.ops_completed(), 1u);
  EXPECT_EQ(dpu.busy_until(), sc_time(15, SC_NS));
  EXPECT_EQ(dpu.busy_time(), sc_time(5, SC_NS));
  EXPECT_EQ(recorder.totals().events[static_cast<std::size_t>(traces::EventKind::kDpuOp)], 1u);
}

TEST(DpuModule, BadInboxAccessesAreRejected) {
  DigitalProcessingUnit dpu("dpu", DpuParams{});
  Initiator init("init", [&](Initiator& self) {
    sc_time d = SC_ZERO_TIME;
    std::vector<float> v{1.0f, 2.0f, 3.0f, 4.0f};
    auto* p = reinterpret_cast<unsigned char*>(v.data());
    ASSERT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox, p, 8, d),
              tlm::TLM_OK_RESPONSE);
    // Off a float boundary, a partial float, past the window.
    EXPECT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox + 2, p, 8, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_WRITE_COMMAND, DpuAddressMap::kInbox, p, 6, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_WRITE_COMMAND,
                             DpuAddressMap::kInbox + DpuAddressMap::kWindowBytes - 4, p, 8, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_WRITE_COMMAND,
                             DpuAddressMap::kInbox + DpuAddressMap::kWindowBytes, p, 4, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // Reads past what was written, off a float boundary.
    EXPECT_EQ(self.transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kInbox + 4, p, 8, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(self.transport(tlm::TLM_READ_COMMAND, DpuAddressMap::kInbox + 1, p, 4, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // Byte enables and a short streaming width.
    tlm::tlm_generic_payload t;
    unsigned char be[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(DpuAddressMap::kInbox);
    t.set_data_ptr(p);
    t.set_data_length(8);
    t.set_streaming_width(8);
    t.set_byte_enable_ptr(be);
    t.set_byte_enable_length(8);
    self.socket->b_transport(t, d);
    EXPECT_EQ(t.get_response_status(), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    t.set_byte_enable_ptr(nullptr);
    t.set_streaming_width(4);
    self.socket->b_transport(t, d);
    EXPECT_EQ(t.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(d, SC_ZERO_TIME);
  });
  run(init, dpu);
  EXPECT_EQ(dpu.inbox(), (std::vector<float>{1.0f, 2.0f}));  // failed writes changed nothing
}

TEST(DpuModule, InvalidParamsAreRefusedWithTheirNames) {
  DpuParams p;
  p.clock_ghz = -1.0;
  try {
    DigitalProcessingUnit dpu("dpu", p);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("dpu.clock_ghz = -1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff
