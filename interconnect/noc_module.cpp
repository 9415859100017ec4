#include "interconnect/noc_module.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "interconnect/circuit_concat_extension.h"
#include "interconnect/noc_extension.h"
#include "interconnect/noc_units.h"

namespace kirchhoff::noc {
namespace {

using units::kBitsPerByte;

// SystemC's time resolution is 1 ps unless a model changed it (it is fixed once the first
// non-zero time exists, so this is read during the simulation): then a time's value is its
// picoseconds and the conversions below need no floating point (the same values).
bool ps_resolution() {
  static const bool ps = sc_core::sc_get_time_resolution() == sc_core::sc_time(1, sc_core::SC_PS);
  return ps;
}

std::int64_t to_ps(const sc_core::sc_time& t) {
  if (ps_resolution()) return static_cast<std::int64_t>(t.value());
  return std::llround(t / sc_core::sc_time(1, sc_core::SC_PS));
}

sc_core::sc_time from_ps(std::int64_t ps) {
  if (ps_resolution() && ps >= 0)
    return sc_core::sc_time::from_value(static_cast<sc_dt::uint64>(ps));
  return sc_core::sc_time(static_cast<double>(ps), sc_core::SC_PS);
}

}  // namespace

NocModule::NocModule(sc_core::sc_module_name name, const NocParams& params,
                     traces::Recorder* recorder)
    : sc_core::sc_module(name), ni("ni"), network_(params, recorder, std::string(this->name())) {
  ni.init(static_cast<std::size_t>(network_.num_nodes()),
          [this](const char* ni_name, std::size_t i) {
            return new NetworkInterface(ni_name, static_cast<int>(i), *this);
          });
}

void NocModule::transport(int src, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const NocExtension* ext = nullptr;
  trans.get_extension(ext);

  // This depth's packet and result: a receiver may send again from inside its b_transport.
  if (depth_ == scratch_.size()) scratch_.push_back(std::make_unique<Scratch>());
  Scratch& scratch = *scratch_[depth_];
  struct Depth {
    std::size_t& d;
    explicit Depth(std::size_t& depth) : d(depth) { ++d; }
    ~Depth() { --d; }
  } depth(depth_);
  Packet& packet = scratch.packet;
  PacketResult& result = scratch.result;
  packet.payload = 0;
  packet.id = next_packet_id_++;
  packet.src = src;
  packet.dsts.clear();
  if (ext && !ext->dsts.empty()) {
    packet.dsts.assign(ext->dsts.begin(), ext->dsts.end());
  } else {
    packet.dsts.push_back(static_cast<int>(trans.get_address()));
  }
  for (int d : packet.dsts) {
    if (d < 0 || d >= network_.num_nodes() || !ni[static_cast<std::size_t>(d)].node_bound()) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
  }
  packet.bits =
      ext && ext->value_bits > 0
          ? static_cast<std::uint64_t>(trans.get_data_length()) / sizeof(float) * ext->value_bits
          : static_cast<std::uint64_t>(trans.get_data_length()) * kBitsPerByte;
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  packet.inject_ps = to_ps(now + delay);
  packet.sample = ext ? ext->sample : -1;
  packet.layer = ext ? ext->layer : -1;

  const ConcatExtension* concat = nullptr;
  trans.get_extension(concat);
  try {
    if (concat != nullptr && !concat->parts.empty()) {
      // Several sources' parts joined into one vector on one circuit (circuit_concat.h).
      const std::uint64_t value_bits =
          ext && ext->value_bits > 0 ? ext->value_bits : kBitsPerByte * sizeof(float);
      ConcatTransfer joined{packet.id,     {},          packet.dsts, packet.inject_ps,
                            packet.sample, packet.layer};
      std::uint64_t values = 0;
      for (const ConcatExtension::Part& p : concat->parts) {
        joined.parts.push_back(ConcatPart{p.src, p.values * value_bits});
        values += p.values;
      }
      if (values != trans.get_data_length() / sizeof(float)) {
        throw std::invalid_argument("concatenated parts do not add up to the payload");
      }
      network_.send_concatenated(joined, result);
    } else {
      network_.send(packet, result);
    }
  } catch (const std::exception&) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }

  if (result.deliveries.size() == 1) {
    // Unicast: the network passes the payload through; its target sets the response.
    sc_core::sc_time arrival = from_ps(result.deliveries[0].delivered_ps) - now;
    ni[static_cast<std::size_t>(result.deliveries[0].dst)].deliver(trans, arrival);
  } else {
    // Multicast: one transaction per destination, each answered by its own target; the
    // network answers the sender: OK when every destination took it, else the first
    // destination's error.
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
    for (const Delivery& d : result.deliveries) {
      sc_core::sc_time arrival = from_ps(d.delivered_ps) - now;
      PayloadPool::Lease lease = copies_.take();
      tlm::tlm_generic_payload& copy = lease.trans();
      copy.set_command(trans.get_command());
      copy.set_address(trans.get_address());
      copy.set_data_ptr(trans.get_data_ptr());
      copy.set_data_length(trans.get_data_length());
      copy.set_streaming_width(trans.get_streaming_width());
      copy.set_byte_enable_ptr(trans.get_byte_enable_ptr());
      copy.set_byte_enable_length(trans.get_byte_enable_length());
      copy.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
      ni[static_cast<std::size_t>(d.dst)].deliver(copy, arrival);
      if (status == tlm::TLM_OK_RESPONSE) status = copy.get_response_status();
    }
    trans.set_response_status(status);
  }
  delay = from_ps(result.inject_end_ps) - now;
  last_result_ = result;  // a copy: the scratch keeps its vectors' capacity
}

}  // namespace kirchhoff::noc
