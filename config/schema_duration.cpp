// Keys of the tile's output conversion: tile.output_conversion (adc | duration) and the duration
// readout's tile.duration.* (models/duration_readout_params.h has the defaults and sources,
// models/duration_readout.h the law).
#include "config/schema.h"

namespace kirchhoff::config {

void register_duration_fields(Schema& s) {
  s.add_enum<OutputConversion>(
      "tile.output_conversion",
      "adc: a converter per column gives digital codes (tile.adc.*); duration: the column charge "
      "is compared with a ramp and leaves the tile as a pulse duration, no per-tile ADC "
      "(tile.duration.*; tile.adc.bound / gain or the calibrated ADC range stay the full scale)",
      {{"adc", OutputConversion::kAdc}, {"duration", OutputConversion::kDuration}},
      [](ChipConfig& c) -> OutputConversion& { return c.tile.output_conversion; });
  s.add_int("tile.duration.bits", "bit", 2, 24,
            "duration resolution: the ramp sweeps the full scale in 2^bits steps",
            [](ChipConfig& c) -> int& { return c.tile.duration.bits; });
  s.add_float("tile.duration.t_lsb_ns", "ns", 1e-6, 1e6,
              "ramp time per duration step (conversion = 2^bits x t_lsb_ns)",
              [](ChipConfig& c) -> double& { return c.tile.duration.t_lsb_ns; });
  s.add_enum<DurationActivation>(
      "tile.duration.activation",
      "activation by the comparators' enable timing: none (signed), relu (no pulse below 0), "
      "hard_sigmoid (the ramp fraction clamp(z / 2B + 1/2, 0, 1))",
      {{"none", DurationActivation::kNone},
       {"relu", DurationActivation::kRelu},
       {"hard_sigmoid", DurationActivation::kHardSigmoid}},
      [](ChipConfig& c) -> DurationActivation& { return c.tile.duration.activation; });
  s.add_bool("tile.duration.fuse_activation",
             "true: a Relu right after a crossbar layer with one row block and no bias runs in "
             "that layer's readout by enable timing instead of as a DPU op "
             "(compiler/readout_activation.h)",
             [](ChipConfig& c) -> bool& { return c.tile.duration.fuse_activation; });
  s.add_float("tile.duration.ramp_power_mW", "mW", 0, 1e6,
              "the tile's ramp generator while it ramps (energy = power x ramp time)",
              [](ChipConfig& c) -> double& { return c.tile.duration.ramp_power_mW; });
  s.add_float("tile.duration.comparator_power_mW", "mW", 0, 1e6,
              "one used column's comparator and pulse driver while the ramp runs",
              [](ChipConfig& c) -> double& { return c.tile.duration.comparator_power_mW; });
}

}  // namespace kirchhoff::config
