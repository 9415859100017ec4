// Parameters of the duration readout (TileParams::output_conversion = kDuration): the column
// charge integrated on a capacitor is compared with a ramp and becomes an output pulse
// duration on the tile, with no per-tile ADC (Ambrogio et al., Nature 620, 768 (2023): the IBM
// 14 nm 34-tile chip). The law is in models/duration_readout.h.
#pragma once

namespace kirchhoff {

// How the tile turns its column sums into output values. adc: a converter per column (or shared)
// gives a digital code (models/adc.h); duration: a ramp comparator per column gives a pulse
// duration, sent on as a duration (models/duration_readout.h).
enum class OutputConversion { kAdc, kDuration };

// Activation applied by the comparators' enable timing (the ramp window the comparator may fire
// in). none: signed output; relu: the window starts at zero, a negative column gives no pulse;
// hard_sigmoid: the window spans the whole ramp, the output is the fraction of it. The values are
// those of the tile's READOUT_ACTIVATION register (tiles/tile_address_map.h).
enum class DurationActivation { kNone = 0, kRelu = 1, kHardSigmoid = 2 };

struct DurationReadoutParams {
  // Duration resolution in bits: the ramp sweeps the output full scale in 2^bits steps. 8 bits:
  // the 14 nm chip's output landing pads turn durations back into 8-bit values [Ambrogio 2023].
  int bits = 8;
  // ns per duration step (the ramp's time per LSB). Default 1 ns: the same counter clock as the
  // 8-bit PWM inputs at 1 ns/LSB (HERMES' figure [S]; the 14 nm paper gives no value, an
  // assumption).
  double t_lsb_ns = 1.0;
  // The tiles' activation unless the mapper fuses a layer's own (below) into its tiles.
  DurationActivation activation = DurationActivation::kNone;
  // true: a Relu that directly follows a crossbar layer runs in that layer's readout, by enable
  // timing, instead of as a DPU op, where that gives the same function (one row block: no
  // partial sums to add first; no bias: the DPU would add it after the readout; nothing else
  // reads the value before the Relu) (compiler/readout_activation.h). Default true: the 14 nm
  // chip applies ReLU in the readout [Ambrogio 2023, P].
  bool fuse_activation = true;
  // mW drawn by the tile's ramp generator while it ramps (one per tile). Default 0: set it in a
  // preset from its calibration (no paper publishes it; configs/chips/ibm14nm34.yaml derives one).
  double ramp_power_mW = 0.0;
  // mW drawn by one column's comparator (and its output driver) while the ramp runs. Default 0:
  // set it in a preset (configs/chips/ibm14nm34.yaml).
  double comparator_power_mW = 0.0;
};

}  // namespace kirchhoff
