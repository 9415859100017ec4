// Keys of the chip's landing pads, chip.landing_pads.* (config/landing_pad_params.h has the
// defaults and what they mean, chip/landing_pads.h the timing and energy laws).
#include "config/schema.h"

namespace kirchhoff::config {

void register_landing_pad_fields(Schema& s) {
  s.add_int("chip.landing_pads.pairs", "", 0, 4096,
            "input/output landing-pad pairs converting the host's 8-bit values to and from "
            "durations (0: none; the 14 nm chip: 6)",
            [](ChipConfig& c) -> int& { return c.chip.landing_pads.pairs; });
  s.add_int("chip.landing_pads.lanes", "", 1, 65536, "values one pad converts at once",
            [](ChipConfig& c) -> int& { return c.chip.landing_pads.lanes; });
  s.add_float("chip.landing_pads.input_energy_pj", "pJ", 0, 1e6,
              "energy per value an input pad turns into a duration",
              [](ChipConfig& c) -> double& { return c.chip.landing_pads.input_energy_pj; });
  s.add_float("chip.landing_pads.output_energy_pj", "pJ", 0, 1e6,
              "energy per duration an output pad counts back into a value",
              [](ChipConfig& c) -> double& { return c.chip.landing_pads.output_energy_pj; });
  s.add_float("chip.landing_pads.input_conversion_ns", "ns", 0, 1e9,
              "time of one input-pad conversion (up to `lanes` values in parallel)",
              [](ChipConfig& c) -> double& { return c.chip.landing_pads.input_conversion_ns; });
  s.add_float("chip.landing_pads.output_conversion_ns", "ns", 0, 1e9,
              "time of one output-pad conversion (up to `lanes` values in parallel)",
              [](ChipConfig& c) -> double& { return c.chip.landing_pads.output_conversion_ns; });
}

}  // namespace kirchhoff::config
