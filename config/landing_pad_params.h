// Landing pads: the chip-level converters of the IBM 14 nm chip (Ambrogio et al., Nature 620,
// 768 (2023)): an input landing pad (ILP) turns a vector of 8-bit values from the host into
// pulse durations for the tiles, an output landing pad (OLP) counts durations back into 8-bit
// values for the host. They sit on the chip's I/O path (chip/landing_pads.h), so their time is on
// the path host -> first tile and last tile -> host, and their energy is chip level, not tile.
#pragma once

namespace kirchhoff {

struct LandingPadParams {
  // ILP/OLP pairs; 0: no landing pads (the host's values enter and leave the chip as they are).
  // The 14 nm chip has 6 pairs [Ambrogio 2023, P].
  int pairs = 0;
  // Values one pad converts at once (its counters / PWM generators). 512: each ILP turns 512
  // 8-bit values into durations [Ambrogio 2023, P]. A longer vector takes several conversions.
  int lanes = 512;
  // pJ per value converted by an input / output pad. No paper publishes them: a preset sets
  // them (configs/chips/ibm14nm34.yaml says how); default 0.
  double input_energy_pj = 0.0;
  double output_energy_pj = 0.0;
  // ns one conversion of up to `lanes` values takes (all lanes in parallel). Default 0; a
  // preset sets them (for a counter-based pad: 2^bits x its clock period).
  double input_conversion_ns = 0.0;
  double output_conversion_ns = 0.0;
};

}  // namespace kirchhoff
