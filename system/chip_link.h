// A chip-to-chip link of a multi-chip system (config/system_config.h): full duplex, each
// direction a TLM target that books its transfers on a ResourceCalendar, the NoC's booking
// model (interconnect/resource_calendar.h), without backfill (a link is a FIFO). A transfer of
// B bytes ready at t holds the direction for B * 8 / (bandwidth_gbps * lanes) ns from the
// earliest free start >= t and arrives latency_ns after its last bit left:
//   arrival = start + B * 8 / (bandwidth_gbps * lanes) + latency_ns,
// and costs B * 8 * energy_pj_per_bit. The payload's data length is the bytes on the wire; the
// values themselves travel beside it (the sending host hands them to the receiving chip's
// SampleInbox), as the NoC's residual operands do.
#pragma once

#include <cstdint>
#include <string>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "config/system_config.h"
#include "interconnect/resource_calendar.h"

namespace kirchhoff {

struct LinkFigures {
  std::string name;  // "c0->c1" (a star's switch is "switch")
  std::uint64_t transfers = 0;
  std::uint64_t bytes = 0;
  double busy_ns = 0;  // sum of serialisation times (what the calendar books)
  double energy_pj = 0;
};

class ChipLink : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<ChipLink> socket;

  // `label` names it in the summary ("c0->c1").
  ChipLink(sc_core::sc_module_name name, const config::LinkParams& params, std::string label);

  // Books `bytes` ready at `ready_ps`; returns the arrival of the last byte at the far end.
  std::int64_t transfer(std::uint64_t bytes, std::int64_t ready_ps);
  // The serialisation time of `bytes` in ps (rounded to the nearest ps).
  std::int64_t serialisation_ps(std::uint64_t bytes) const;
  const LinkFigures& figures() const { return figures_; }
  // The start of the last transfer booked (ps).
  std::int64_t last_start_ps() const { return last_start_ps_; }

 private:
  // A write of data_length bytes ready at now + delay; delay returns its arrival - now.
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);

  config::LinkParams params_;
  noc::ResourceCalendar calendar_;
  LinkFigures figures_;
  std::int64_t last_start_ps_ = 0;
};

}  // namespace kirchhoff
