// A generic payload set up for one plain blocking access: command, address, data and length,
// streaming width equal to the length (no streaming), no byte enables, response incomplete.
// Every initiator in the model (host, tiles' `out` socket, the dataflow controller) uses it.
#pragma once

#include <cstddef>
#include <cstdint>

#include <tlm>

namespace kirchhoff {

inline void prepare_payload(tlm::tlm_generic_payload& t, tlm::tlm_command cmd,
                            std::uint64_t address, void* data, std::size_t bytes) {
  t.set_command(cmd);
  t.set_address(address);
  t.set_data_ptr(static_cast<unsigned char*>(data));
  t.set_data_length(static_cast<unsigned>(bytes));
  t.set_streaming_width(static_cast<unsigned>(bytes));
  t.set_byte_enable_ptr(nullptr);
  t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

}  // namespace kirchhoff
