#include "protocol/tlm_protocol_checker.h"

#include <limits>
#include <sstream>

namespace kirchhoff::protocol {
namespace {

std::string hex(std::uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

bool is_data_command(tlm::tlm_command c) {
  return c == tlm::TLM_READ_COMMAND || c == tlm::TLM_WRITE_COMMAND;
}

}  // namespace

const char* command_name(tlm::tlm_command command) {
  switch (command) {
    case tlm::TLM_READ_COMMAND:
      return "READ";
    case tlm::TLM_WRITE_COMMAND:
      return "WRITE";
    default:
      return "IGNORE";
  }
}

TlmProtocolChecker::TlmProtocolChecker(sc_core::sc_module_name name, CheckerOptions options)
    : sc_core::sc_module(name), target("target"), initiator("initiator"), options_(options) {
  target.register_b_transport(this, &TlmProtocolChecker::b_transport);
  target.register_transport_dbg(this, &TlmProtocolChecker::transport_dbg);
  target.register_get_direct_mem_ptr(this, &TlmProtocolChecker::get_direct_mem_ptr);
  initiator.register_invalidate_direct_mem_ptr(this,
                                               &TlmProtocolChecker::invalidate_direct_mem_ptr);
}

void TlmProtocolChecker::declare_window(std::uint64_t base, std::uint64_t size, bool reads,
                                        bool writes) {
  windows_.push_back({base, size, reads, writes});
}

void TlmProtocolChecker::violation(const char* rule, const tlm::tlm_generic_payload& trans,
                                   const std::string& what) {
  ++violation_count_;
  ProtocolViolation v;
  v.rule = rule;
  v.checker = name();
  v.command = trans.get_command();
  v.address = trans.get_address();
  v.text = v.checker + ": " + rule + ": " + command_name(v.command) + " at " + hex(v.address) +
           " (" + std::to_string(trans.get_data_length()) + " bytes): " + what;
  if (options_.error_on_violation) {
    SC_REPORT_ERROR(kTlmProtocolViolationMsgType, v.text.c_str());
  } else {
    SC_REPORT_WARNING(kTlmProtocolViolationMsgType, v.text.c_str());
  }
  if (violations_.size() < options_.max_recorded) violations_.push_back(std::move(v));
}

void TlmProtocolChecker::check_request(const tlm::tlm_generic_payload& trans) {
  if (trans.get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE) {
    violation("request.response_status", trans,
              std::string("the initiator sent the payload with response status ") +
                  trans.get_response_string() + "; it must be TLM_INCOMPLETE_RESPONSE");
  }
  const bool data = is_data_command(trans.get_command());
  const unsigned int length = trans.get_data_length();
  if (data && length == 0) {
    violation("request.data_length", trans, "a read or write must carry at least one byte");
  }
  if (data && length > 0 && trans.get_data_ptr() == nullptr) {
    violation("request.data_ptr", trans, "a read or write without a data pointer");
  }
  const unsigned int width = trans.get_streaming_width();
  if (width == 0) {
    violation("request.streaming_width", trans, "streaming width 0; allowed: 1 .. data length");
  } else if (length % width != 0) {
    violation("request.streaming_width", trans,
              "streaming width " + std::to_string(width) + " does not divide the data length " +
                  std::to_string(length));
  }
  if (trans.get_byte_enable_ptr() != nullptr && trans.get_byte_enable_length() == 0) {
    violation("request.byte_enable_length", trans,
              "a byte enable pointer with byte enable length 0");
  }
  if (length > 0 &&
      trans.get_address() > std::numeric_limits<std::uint64_t>::max() - (length - 1)) {
    violation("request.address_range", trans, "address + data length wraps past 2^64");
  }
  if (trans.is_dmi_allowed()) {
    violation("request.dmi_allowed", trans,
              "the initiator sent the payload with the DMI hint set; it must be false");
  }
}

void TlmProtocolChecker::check_attributes(const Request& sent,
                                          const tlm::tlm_generic_payload& trans) {
  std::string changed;
  auto note = [&](bool same, const char* what) {
    if (!same) changed += changed.empty() ? what : std::string(", ") + what;
  };
  note(trans.get_command() == sent.command, "command");
  note(trans.get_address() == sent.address, "address");
  note(trans.get_data_ptr() == sent.data, "data pointer");
  note(trans.get_data_length() == sent.length, "data length");
  note(trans.get_byte_enable_ptr() == sent.byte_enables, "byte enable pointer");
  note(trans.get_byte_enable_length() == sent.byte_enable_length, "byte enable length");
  note(trans.get_streaming_width() == sent.streaming_width, "streaming width");
  if (!changed.empty()) {
    violation("response.attributes", trans,
              "came back with a different " + changed + " (sent: address " + hex(sent.address) +
                  ", " + std::to_string(sent.length) + " bytes)");
  }
}

void TlmProtocolChecker::check_response(const Request& sent, const tlm::tlm_generic_payload& trans,
                                        const DisabledBytes& disabled) {
  const tlm::tlm_response_status status = trans.get_response_status();
  if (status == tlm::TLM_INCOMPLETE_RESPONSE) {
    violation("response.incomplete", trans,
              "the target returned without setting the response status");
    return;
  }
  if (status == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE && sent.byte_enables == nullptr) {
    violation("response.byte_enable_error", trans,
              "TLM_BYTE_ENABLE_ERROR_RESPONSE for a payload without byte enables" +
                  std::string(sent.streaming_width < sent.length
                                  ? " (a streaming width shorter than the data length is "
                                    "refused with TLM_BURST_ERROR_RESPONSE)"
                                  : ""));
  }
  if (sent.streaming_width > 0 && sent.streaming_width < sent.length &&
      (status == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE ||
       status == tlm::TLM_GENERIC_ERROR_RESPONSE)) {
    violation("response.streaming_error", trans,
              std::string("streaming width ") + std::to_string(sent.streaming_width) + " < " +
                  std::to_string(sent.length) + " bytes refused with " +
                  trans.get_response_string() + "; allowed: TLM_BURST_ERROR_RESPONSE");
  }
  if (status == tlm::TLM_OK_RESPONSE && sent.command == tlm::TLM_READ_COMMAND &&
      sent.data != nullptr) {
    for (const auto& [i, before] : disabled) {
      if (sent.data[i] != before) {
        violation("response.byte_enables", trans,
                  "a read wrote data byte " + std::to_string(i) + ", whose byte enable is off");
        break;
      }
    }
  }
  if (!windows_.empty()) {
    const Window* w = nullptr;
    for (const Window& x : windows_)
      if (sent.address >= x.base && sent.address - x.base < x.size) w = &x;
    if (w == nullptr && status != tlm::TLM_ADDRESS_ERROR_RESPONSE) {
      violation("response.unmapped_address", trans,
                std::string("no declared window holds the address, answered ") +
                    trans.get_response_string() + "; allowed: TLM_ADDRESS_ERROR_RESPONSE");
    }
    const bool supported = w == nullptr || sent.command == tlm::TLM_IGNORE_COMMAND ||
                           (sent.command == tlm::TLM_READ_COMMAND ? w->reads : w->writes);
    if (!supported && status != tlm::TLM_COMMAND_ERROR_RESPONSE) {
      violation("response.unsupported_command", trans,
                std::string("the window at ") + hex(w->base) + " does not support " +
                    command_name(sent.command) + ", answered " + trans.get_response_string() +
                    "; allowed: TLM_COMMAND_ERROR_RESPONSE");
    }
  }
}

void TlmProtocolChecker::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  ++transactions_;
  check_request(trans);
  const Request sent{trans.get_command(),         trans.get_address(),
                     trans.get_data_ptr(),        trans.get_data_length(),
                     trans.get_byte_enable_ptr(), trans.get_byte_enable_length(),
                     trans.get_streaming_width()};
  DisabledBytes disabled;  // a read's disabled bytes as they were before the call
  if (sent.command == tlm::TLM_READ_COMMAND && sent.byte_enables != nullptr &&
      sent.byte_enable_length > 0 && sent.data != nullptr) {
    for (std::size_t i = 0; i < sent.length; ++i) {
      if (sent.byte_enables[i % sent.byte_enable_length] == TLM_BYTE_DISABLED)
        disabled.emplace_back(i, sent.data[i]);
    }
  }
  const sc_core::sc_time passed = delay;
  const bool hinted_before = trans.is_dmi_allowed();
  initiator->b_transport(trans, delay);
  if (delay < passed) {
    violation("response.delay", trans,
              "the target returned delay " + delay.to_string() + ", smaller than the " +
                  passed.to_string() + " passed in");
  }
  check_attributes(sent, trans);
  check_response(sent, trans, disabled);
  if (trans.is_dmi_allowed() && !hinted_before) {  // the target set the hint
    tlm::tlm_generic_payload probe;
    probe.set_command(sent.command == tlm::TLM_WRITE_COMMAND ? tlm::TLM_WRITE_COMMAND
                                                             : tlm::TLM_READ_COMMAND);
    probe.set_address(sent.address);
    tlm::tlm_dmi dmi;
    const bool granted = initiator->get_direct_mem_ptr(probe, dmi);
    if (!granted || dmi.get_start_address() > sent.address ||
        dmi.get_end_address() < sent.address) {
      violation("dmi.hint", trans,
                "the target set the DMI hint but get_direct_mem_ptr does not grant the address");
    }
  }
}

unsigned int TlmProtocolChecker::transport_dbg(tlm::tlm_generic_payload& trans) {
  ++debug_transactions_;
  const Request sent{trans.get_command(),         trans.get_address(),
                     trans.get_data_ptr(),        trans.get_data_length(),
                     trans.get_byte_enable_ptr(), trans.get_byte_enable_length(),
                     trans.get_streaming_width()};
  const unsigned int n = initiator->transport_dbg(trans);
  if (n > sent.length) {
    violation("debug.count", trans,
              "transport_dbg returned " + std::to_string(n) + " bytes for a " +
                  std::to_string(sent.length) + "-byte request");
  }
  if (trans.get_command() != sent.command || trans.get_address() != sent.address ||
      trans.get_data_ptr() != sent.data || trans.get_data_length() != sent.length) {
    violation("response.attributes", trans,
              "transport_dbg came back with a different command, address, data pointer or "
              "length");
  }
  return n;
}

void TlmProtocolChecker::check_dmi(const tlm::tlm_generic_payload& trans, const tlm::tlm_dmi& dmi,
                                   bool granted) {
  const std::uint64_t a = trans.get_address();
  if (dmi.get_start_address() > dmi.get_end_address()) {
    violation("dmi.region", trans,
              "DMI region starts at " + hex(dmi.get_start_address()) + " after its end " +
                  hex(dmi.get_end_address()));
    return;
  }
  if (a < dmi.get_start_address() || a > dmi.get_end_address()) {
    violation("dmi.region", trans,
              "DMI region [" + hex(dmi.get_start_address()) + ", " + hex(dmi.get_end_address()) +
                  "] does not hold the requested address");
  }
  if (!granted) return;
  if (dmi.get_dmi_ptr() == nullptr) {
    violation("dmi.region", trans, "DMI granted without a pointer");
  }
  const bool read_ok = dmi.is_read_allowed(), write_ok = dmi.is_write_allowed();
  if ((trans.is_read() && !read_ok) || (trans.is_write() && !write_ok) || (!read_ok && !write_ok)) {
    violation("dmi.region", trans,
              std::string("DMI granted without ") + command_name(trans.get_command()) + " access");
  }
}

bool TlmProtocolChecker::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  ++dmi_requests_;
  const bool granted = initiator->get_direct_mem_ptr(trans, dmi);
  check_dmi(trans, dmi, granted);
  return granted;
}

void TlmProtocolChecker::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  target->invalidate_direct_mem_ptr(start, end);
}

}  // namespace kirchhoff::protocol
