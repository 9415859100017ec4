// A TLM-2.0 base-protocol checker for loosely-timed blocking models: a pass-through module
// with one target socket (bind the initiator, or the interconnect's initiator socket, here)
// and one initiator socket (bind it to the target). It forwards b_transport, transport_dbg,
// get_direct_mem_ptr and, backwards, invalidate_direct_mem_ptr unchanged, and checks every
// transaction against the rules below, recording a violation (rule, socket, command, address
// and what was wrong) for each one broken. It adds no delay and changes nothing.
//
// Rules (the name is what a violation reports):
//  initiator, before the call
//   request.response_status    the response status is TLM_INCOMPLETE_RESPONSE
//   request.data_length        a read or write carries at least one byte
//   request.data_ptr           a read or write has a data pointer
//   request.streaming_width    the streaming width is not 0 and divides the data length
//   request.byte_enable_length byte enables, when given, have a length > 0
//   request.address_range      address + data length does not wrap past 2^64
//   request.dmi_allowed        the DMI hint is false when the initiator sends
//  target, after the call
//   response.incomplete        the target set a response status (not TLM_INCOMPLETE_RESPONSE)
//   response.delay             the returned delay is not smaller than the one passed in
//   response.attributes        command, address, data pointer, data length, byte enable pointer
//                              and length, streaming width come back as sent
//   response.byte_enable_error TLM_BYTE_ENABLE_ERROR_RESPONSE only for a payload with byte
//                              enables
//   response.streaming_error   a streaming width shorter than the data length, when refused,
//                              is refused with TLM_BURST_ERROR_RESPONSE
//   response.byte_enables      a read with byte enables that succeeded left the disabled bytes
//                              of the data array untouched
//   response.unmapped_address  (with declare_window) an address outside every declared window
//                              is answered with TLM_ADDRESS_ERROR_RESPONSE
//   response.unsupported_command (with declare_window) a command the declared window does not
//                              support is answered with TLM_COMMAND_ERROR_RESPONSE
//   dmi.hint                   a DMI hint (dmi_allowed) set by the target is backed by a
//                              get_direct_mem_ptr that grants the address
//   dmi.region                 a DMI answer's region holds the requested address (granted or
//                              not); a granted one has a pointer and read or write access
//                              matching the command asked for
//   debug.count                transport_dbg returns at most the data length
//
// A violation is also a SystemC report of type kTlmProtocolViolationMsgType: a warning by
// default (the run goes on; sc_core::sc_report_handler::get_count(type) counts them), an
// SC_ERROR (which throws by default) with CheckerOptions::error_on_violation. Only SystemC and
// the C++ library are needed: the header and its .cpp may be used outside this project.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace kirchhoff::protocol {

inline constexpr const char* kTlmProtocolViolationMsgType = "/kirchhoff/tlm_protocol_violation";

struct ProtocolViolation {
  std::string rule;     // e.g. "response.incomplete"
  std::string checker;  // hierarchical name of the checker: which binding
  tlm::tlm_command command = tlm::TLM_IGNORE_COMMAND;
  std::uint64_t address = 0;
  std::string text;  // the whole message: checker, rule, command, address and what was wrong
};

struct CheckerOptions {
  bool error_on_violation = false;  // report violations as SC_ERROR instead of SC_WARNING
  std::size_t max_recorded = 100;   // violations kept in violations(); all are counted
};

class TlmProtocolChecker : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<TlmProtocolChecker> target;        // from the initiator
  tlm_utils::simple_initiator_socket<TlmProtocolChecker> initiator;  // to the target

  explicit TlmProtocolChecker(sc_core::sc_module_name name, CheckerOptions options = {});

  // Declares an address window of the target and the commands it supports there. Once any
  // window is declared, the rules response.unmapped_address and response.unsupported_command
  // apply (addresses as this checker sees them).
  void declare_window(std::uint64_t base, std::uint64_t size, bool reads, bool writes);

  std::uint64_t transactions() const { return transactions_; }  // b_transport calls
  std::uint64_t debug_transactions() const { return debug_transactions_; }
  std::uint64_t dmi_requests() const { return dmi_requests_; }
  std::uint64_t violation_count() const { return violation_count_; }
  // The first CheckerOptions::max_recorded violations, in order.
  const std::vector<ProtocolViolation>& violations() const { return violations_; }

 private:
  struct Window {
    std::uint64_t base, size;
    bool reads, writes;
  };
  // What the initiator sent, to compare with what comes back.
  struct Request {
    tlm::tlm_command command;
    std::uint64_t address;
    unsigned char* data;
    unsigned int length;
    unsigned char* byte_enables;
    unsigned int byte_enable_length;
    unsigned int streaming_width;
  };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  void check_request(const tlm::tlm_generic_payload& trans);
  void check_attributes(const Request& sent, const tlm::tlm_generic_payload& trans);
  using DisabledBytes = std::vector<std::pair<std::size_t, unsigned char>>;  // (index, value)
  void check_response(const Request& sent, const tlm::tlm_generic_payload& trans,
                      const DisabledBytes& disabled);
  void check_dmi(const tlm::tlm_generic_payload& trans, const tlm::tlm_dmi& dmi, bool granted);
  void violation(const char* rule, const tlm::tlm_generic_payload& trans, const std::string& what);

  CheckerOptions options_;
  std::vector<Window> windows_;
  std::uint64_t transactions_ = 0;
  std::uint64_t debug_transactions_ = 0;
  std::uint64_t dmi_requests_ = 0;
  std::uint64_t violation_count_ = 0;
  std::vector<ProtocolViolation> violations_;
};

// "WRITE", "READ", "IGNORE".
const char* command_name(tlm::tlm_command command);

}  // namespace kirchhoff::protocol
