// The chip's landing pads (config/landing_pad_params.h) on the I/O path between the host port
// and the chip's address router: a host write of a sample's activations (HostIoTag::activations)
// goes through an input pad before it reaches the chip, a host read of activations through an
// output pad after the values have left the chip. Each direction has `pairs` pads; a vector
// takes the pad that is free first, waits for it, and holds it for ceil(values / lanes)
// conversions of the conversion time. Every conversion is recorded on the "landing_pads"
// component (category "converter": chip level, report/efficiency_levels.h) as an event of kind
// host_io (it is part of a host transfer) with energy values x energy per value, input pads
// under the category dac (input conversion), output pads under adc (output conversion).
// Weights and registers (no HostIoTag or activations = false) pass untouched.
#pragma once

#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "config/landing_pad_params.h"
#include "traces/recorder.h"

namespace kirchhoff {

class LandingPads : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<LandingPads> target;        // from the host port
  tlm_utils::simple_initiator_socket<LandingPads> initiator;  // into the chip

  // Throws std::invalid_argument when pairs < 1, lanes < 1 or an energy or time is negative.
  LandingPads(sc_core::sc_module_name name, const LandingPadParams& params,
              traces::Recorder* recorder);

  std::uint64_t input_conversions() const { return conversions_[0]; }
  std::uint64_t output_conversions() const { return conversions_[1]; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  // Books a pad of direction `dir` (0 input, 1 output) for `values` values from `now`; returns
  // when the conversion ends and records its event.
  sc_core::sc_time convert(int dir, std::uint64_t values, sc_core::sc_time now, int sample,
                           int layer);

  LandingPadParams params_;
  traces::Recorder* recorder_;
  std::uint32_t component_ = 0;
  std::vector<sc_core::sc_time> free_at_[2];  // per pad, when it is free again
  std::uint64_t conversions_[2] = {0, 0};
};

}  // namespace kirchhoff
