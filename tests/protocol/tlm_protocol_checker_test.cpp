// The TLM-2.0 base-protocol checker between a scripted initiator and a scripted target: a
// correct target passes every rule, and each rule fires on a target (or an initiator) that
// breaks it. One simulation per TEST (ctest runs each TEST in its own process).
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "protocol/tlm_protocol_checker.h"

namespace kirchhoff::protocol {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

// A target whose b_transport, transport_dbg and get_direct_mem_ptr are test lambdas.
struct ScriptedTarget : sc_core::sc_module {
  tlm_utils::simple_target_socket<ScriptedTarget> socket{"socket"};
  std::function<void(tlm::tlm_generic_payload&, sc_time&)> on_transport;
  std::function<unsigned(tlm::tlm_generic_payload&)> on_debug;
  std::function<bool(tlm::tlm_generic_payload&, tlm::tlm_dmi&)> on_dmi;

  explicit ScriptedTarget(sc_core::sc_module_name n) : sc_module(n) {
    socket.register_b_transport(this, &ScriptedTarget::b_transport);
    socket.register_transport_dbg(this, &ScriptedTarget::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &ScriptedTarget::get_direct_mem_ptr);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_time& d) { on_transport(t, d); }
  unsigned transport_dbg(tlm::tlm_generic_payload& t) { return on_debug ? on_debug(t) : 0; }
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
    if (on_dmi) return on_dmi(t, dmi);
    dmi.allow_read_write();
    dmi.set_start_address(0);
    dmi.set_end_address(~0ULL);
    return false;  // no DMI anywhere
  }
};

// A correct 64-byte memory: reads and writes honour byte enables, a streaming width shorter
// than the length is refused with a burst error, addresses past 64 with an address error,
// the ignore command is answered OK.
void memory(unsigned char* mem, tlm::tlm_generic_payload& t, sc_time& d) {
  const std::uint64_t a = t.get_address();
  const unsigned len = t.get_data_length();
  if (a >= 64 || len > 64 - a) {
    t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (t.get_streaming_width() < len) {
    t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  const unsigned char* be = t.get_byte_enable_ptr();
  for (unsigned i = 0; i < len && t.get_command() != tlm::TLM_IGNORE_COMMAND; ++i) {
    if (be && be[i % t.get_byte_enable_length()] == TLM_BYTE_DISABLED) continue;
    if (t.is_write()) mem[a + i] = t.get_data_ptr()[i];
    if (t.is_read()) t.get_data_ptr()[i] = mem[a + i];
  }
  d += sc_time(10, SC_NS);
  t.set_response_status(tlm::TLM_OK_RESPONSE);
}

// An initiator running `script` in its thread.
struct ScriptedInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<ScriptedInitiator> socket{"socket"};
  std::function<void(ScriptedInitiator&)> script;

  SC_HAS_PROCESS(ScriptedInitiator);
  explicit ScriptedInitiator(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }
  void run() { script(*this); }

  // One transaction as a well-behaved initiator sets it up; returns the response status.
  tlm::tlm_response_status access(tlm::tlm_command cmd, std::uint64_t a, void* data, unsigned len,
                                  unsigned char* be = nullptr, unsigned be_len = 0,
                                  unsigned width = 0) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(a);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(width ? width : len);
    t.set_byte_enable_ptr(be);
    t.set_byte_enable_length(be_len);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    return t.get_response_status();
  }
};

struct Bench {
  ScriptedInitiator host{"host"};
  TlmProtocolChecker checker;
  ScriptedTarget target{"target"};
  unsigned char mem[64] = {};

  explicit Bench(CheckerOptions o = {}) : checker("checker", o) {
    host.socket.bind(checker.target);
    checker.initiator.bind(target.socket);
    target.on_transport = [this](tlm::tlm_generic_payload& t, sc_time& d) { memory(mem, t, d); };
  }
  std::vector<std::string> rules() const {
    std::vector<std::string> r;
    for (const ProtocolViolation& v : checker.violations()) r.push_back(v.rule);
    return r;
  }
};

using Rules = std::vector<std::string>;

TEST(TlmProtocolChecker, ACorrectTargetPassesEveryRule) {
  Bench b;
  tlm::tlm_response_status streaming = tlm::TLM_OK_RESPONSE, unmapped = tlm::TLM_OK_RESPONSE;
  unsigned dbg = 99;
  bool dmi = true;
  std::uint32_t back = 0;
  b.host.script = [&](ScriptedInitiator& h) {
    std::uint32_t v = 0x11223344;
    h.access(tlm::TLM_WRITE_COMMAND, 8, &v, 4);
    unsigned char be[4] = {0xff, 0x00, 0xff, 0x00};
    back = 0xaaaaaaaa;
    h.access(tlm::TLM_READ_COMMAND, 8, &back, 4, be, 4);  // disabled bytes stay 0xaa
    std::uint64_t w = 0;
    streaming = h.access(tlm::TLM_WRITE_COMMAND, 0, &w, 8, nullptr, 0, 4);
    unmapped = h.access(tlm::TLM_READ_COMMAND, 128, &v, 4);
    h.access(tlm::TLM_IGNORE_COMMAND, 0, &v, 4);
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_address(0);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    t.set_data_length(4);
    dbg = h.socket->transport_dbg(t);
    tlm::tlm_dmi d;
    dmi = h.socket->get_direct_mem_ptr(t, d);
  };
  sc_core::sc_start();
  EXPECT_EQ(b.checker.violation_count(), 0u) << b.checker.violations().front().text;
  EXPECT_EQ(b.checker.transactions(), 5u);
  EXPECT_EQ(b.checker.debug_transactions(), 1u);
  EXPECT_EQ(b.checker.dmi_requests(), 1u);
  EXPECT_EQ(back, 0xaa22aa44u);
  EXPECT_EQ(streaming, tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_EQ(unmapped, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(dbg, 0u);
  EXPECT_FALSE(dmi);
  EXPECT_EQ(sc_core::sc_report_handler::get_count(kTlmProtocolViolationMsgType), 0);
}

TEST(TlmProtocolChecker, AResponseLeftIncompleteIsReportedWithItsBindingAndAddress) {
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload&, sc_time&) {};  // sets nothing
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    h.access(tlm::TLM_WRITE_COMMAND, 0x40, &v, 4);
  };
  sc_core::sc_start();
  ASSERT_EQ(b.checker.violation_count(), 1u);
  const ProtocolViolation& v = b.checker.violations().at(0);
  EXPECT_EQ(v.rule, "response.incomplete");
  EXPECT_EQ(v.checker, "checker");
  EXPECT_EQ(v.address, 0x40u);
  EXPECT_EQ(v.command, tlm::TLM_WRITE_COMMAND);
  EXPECT_EQ(v.text,
            "checker: response.incomplete: WRITE at 0x40 (4 bytes): the target returned without "
            "setting the response status");
  // Also a SystemC warning (the run goes on).
  EXPECT_EQ(sc_core::sc_report_handler::get_count(kTlmProtocolViolationMsgType), 1);
}

TEST(TlmProtocolChecker, ADelaySmallerThanPassedIn) {
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time& d) {
    d = sc_core::SC_ZERO_TIME;
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  b.host.script = [](ScriptedInitiator& h) {
    tlm::tlm_generic_payload t;
    std::uint32_t v = 0;
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    t.set_data_length(4);
    t.set_streaming_width(4);
    sc_time d(5, SC_NS);
    h.socket->b_transport(t, d);
  };
  sc_core::sc_start();
  EXPECT_EQ(b.rules(), Rules{"response.delay"});
}

TEST(TlmProtocolChecker, AttributesChangedByTheTarget) {
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time&) {
    t.set_address(t.get_address() - 0x100);  // an interconnect that forgot to restore it
    t.set_data_length(2);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    h.access(tlm::TLM_WRITE_COMMAND, 0x104, &v, 4);
  };
  sc_core::sc_start();
  ASSERT_EQ(b.rules(), Rules{"response.attributes"});
  EXPECT_NE(b.checker.violations()[0].text.find("different address, data length"),
            std::string::npos)
      << b.checker.violations()[0].text;
}

TEST(TlmProtocolChecker, AStreamingWidthRefusedWithAByteEnableError) {
  // What the analog tile answered before: a streaming width < length is a burst error.
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time&) {
    if (t.get_byte_enable_ptr() != nullptr || t.get_streaming_width() < t.get_data_length())
      t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    else
      t.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  b.host.script = [](ScriptedInitiator& h) {
    std::uint64_t v = 0;
    h.access(tlm::TLM_WRITE_COMMAND, 0, &v, 8, nullptr, 0, 4);
    unsigned char be[1] = {0xff};
    h.access(tlm::TLM_WRITE_COMMAND, 0, &v, 8, be, 1);  // a byte enable error is right here
  };
  sc_core::sc_start();
  EXPECT_EQ(b.rules(), (Rules{"response.byte_enable_error", "response.streaming_error"}));
  EXPECT_EQ(b.checker.transactions(), 2u);
}

TEST(TlmProtocolChecker, AReadThatWritesDisabledBytes) {
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time&) {
    std::memset(t.get_data_ptr(), 0x55, t.get_data_length());  // ignores the byte enables
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    unsigned char be[2] = {0xff, 0x00};
    h.access(tlm::TLM_READ_COMMAND, 0, &v, 4, be, 2);
  };
  sc_core::sc_start();
  ASSERT_EQ(b.rules(), Rules{"response.byte_enables"});
  EXPECT_NE(b.checker.violations()[0].text.find("data byte 1,"), std::string::npos);
}

TEST(TlmProtocolChecker, DeclaredWindowsNeedAddressAndCommandErrors) {
  // A write-only window at [0x1000, 0x2000): a read must be a command error (what the node
  // sender answered with an address error), an address outside it an address error.
  Bench b;
  b.checker.declare_window(0x1000, 0x1000, false, true);
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time&) {
    t.set_response_status(t.is_read() ? tlm::TLM_ADDRESS_ERROR_RESPONSE : tlm::TLM_OK_RESPONSE);
  };
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    h.access(tlm::TLM_WRITE_COMMAND, 0x1800, &v, 4);  // fine
    h.access(tlm::TLM_READ_COMMAND, 0x1800, &v, 4);   // unsupported command
    h.access(tlm::TLM_WRITE_COMMAND, 0x3000, &v, 4);  // unmapped, answered OK
    h.access(tlm::TLM_READ_COMMAND, 0x3000, &v, 4);   // unmapped, address error: fine
  };
  sc_core::sc_start();
  EXPECT_EQ(b.rules(), (Rules{"response.unsupported_command", "response.unmapped_address"}));
}

TEST(TlmProtocolChecker, ABadInitiatorBreaksTheRequestRules) {
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time&) {
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(~0ULL - 1);  // 4 bytes from here wrap
    t.set_data_ptr(nullptr);
    t.set_data_length(4);
    t.set_streaming_width(3);
    t.set_byte_enable_ptr(reinterpret_cast<unsigned char*>(&v));
    t.set_byte_enable_length(0);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    t.set_dmi_allowed(true);
    sc_time d = sc_core::SC_ZERO_TIME;
    h.socket->b_transport(t, d);
    t.set_dmi_allowed(false);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    t.set_data_length(0);
    t.set_streaming_width(0);
    t.set_byte_enable_ptr(nullptr);
    t.set_address(0);
    h.socket->b_transport(t, d);
  };
  sc_core::sc_start();
  EXPECT_EQ(b.rules(),
            (Rules{"request.response_status", "request.data_ptr", "request.streaming_width",
                   "request.byte_enable_length", "request.address_range", "request.dmi_allowed",
                   "request.data_length", "request.streaming_width"}));
}

TEST(TlmProtocolChecker, DmiHintsAndRegionsAndDebugCounts) {
  Bench b;
  b.target.on_transport = [](tlm::tlm_generic_payload& t, sc_time&) {
    t.set_dmi_allowed(true);  // a hint the target cannot back
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  b.target.on_dmi = [](tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    dmi.set_start_address(0x100);  // does not hold the address asked for
    dmi.set_end_address(0x1ff);
    return false;
  };
  b.target.on_debug = [](tlm::tlm_generic_payload& t) { return t.get_data_length() + 1; };
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    h.access(tlm::TLM_WRITE_COMMAND, 0x10, &v, 4);
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_address(0x10);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    t.set_data_length(4);
    tlm::tlm_dmi dmi;
    h.socket->get_direct_mem_ptr(t, dmi);
    h.socket->transport_dbg(t);
  };
  sc_core::sc_start();
  EXPECT_EQ(b.rules(), (Rules{"dmi.hint", "dmi.region", "debug.count"}));
}

TEST(TlmProtocolChecker, ErrorOnViolationStopsTheRun) {
  CheckerOptions o;
  o.error_on_violation = true;
  Bench b(o);
  b.target.on_transport = [](tlm::tlm_generic_payload&, sc_time&) {};
  b.host.script = [](ScriptedInitiator& h) {
    std::uint32_t v = 0;
    h.access(tlm::TLM_WRITE_COMMAND, 0, &v, 4);
  };
  try {
    sc_core::sc_start();
    FAIL() << "the violation did not stop the run";
  } catch (const sc_core::sc_report& r) {
    EXPECT_NE(std::string(r.what()).find("response.incomplete"), std::string::npos) << r.what();
  }
}

}  // namespace
}  // namespace kirchhoff::protocol
