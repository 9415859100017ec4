#include "system/chip_link.h"

#include <cmath>
#include <utility>

#include "tiles/sim_time.h"

namespace kirchhoff {

ChipLink::ChipLink(sc_core::sc_module_name name, const config::LinkParams& params,
                   std::string label)
    : sc_core::sc_module(name), socket("socket"), params_(params) {
  figures_.name = std::move(label);
  socket.register_b_transport(this, &ChipLink::b_transport);
}

std::int64_t ChipLink::serialisation_ps(std::uint64_t bytes) const {
  // bits / (Gbit/s) = ns; x 1000 for ps.
  return static_cast<std::int64_t>(
      std::llround(static_cast<double>(bytes) * 8.0 * 1000.0 / params_.total_gbps()));
}

std::int64_t ChipLink::transfer(std::uint64_t bytes, std::int64_t ready_ps) {
  const std::int64_t duration = serialisation_ps(bytes);
  const std::int64_t start = calendar_.earliest_start(ready_ps, duration, false);
  calendar_.book(start, start + duration);
  last_start_ps_ = start;
  const std::int64_t latency = std::llround(params_.latency_ns * 1000.0);
  figures_.transfers += 1;
  figures_.bytes += bytes;
  figures_.busy_ns += static_cast<double>(duration) / 1000.0;
  figures_.energy_pj += static_cast<double>(bytes) * 8.0 * params_.energy_pj_per_bit;
  return start + duration + latency;
}

void ChipLink::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  const std::int64_t arrival = transfer(t.get_data_length(), to_ps(now + delay));
  delay = from_ps(arrival) - now;
  t.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace kirchhoff
