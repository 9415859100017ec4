// Parameters of a digital tile (tile.kind: digital): an SRAM compute-in-memory macro or a MAC
// array holding a rows x cols weight block in a digital format and computing the MVM exactly in
// that format (models/digital_mvm.h). Every number has its unit in its name and a source:
//   [M] macro level: Chih et al., "An 89TOPS/W and 16.3TOPS/mm2 All-Digital SRAM-Based
//       Full-Precision Compute-In Memory Macro in 22nm for Machine-Learning Edge Applications",
//       ISSCC 2021, paper 16.4 (TSMC): 89 TOPS/W and 16.3 TOPS/mm^2 at 4-bit inputs x 4-bit
//       weights. A bit-serial digital CIM macro spends one adder-tree pass per input bit per
//       weight bit, so its energy and area per MAC scale with input bits x weight bits (a stated
//       rule, an assumption): 8b x 8b = 4 x the 4b x 4b cost -> 22.3 TOPS/W, 4.1 TOPS/mm^2.
//   [H] arithmetic: Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm: 8-bit multiply
//       0.2 pJ, 8-bit add 0.03 pJ, 32-bit float multiply 3.7 pJ / add 0.9 pJ, 8 KB SRAM read
//       10 pJ per 64 bits. Scaled to another node by the rule E ~ C V^2 with C ~ feature size
//       and V held (an assumption): E(node) = E(45 nm) x node / 45 nm.
// The defaults describe an int8 SRAM-CIM tile at 22 nm from [M]; a MAC-array tile sets
// mac_energy_pj from [H] and a non-zero weight_access_energy_pj_per_bit (see docs/
// analog_vs_digital.md for both).
#pragma once

namespace kirchhoff {

enum class TileKind { kAnalog, kDigital };
const char* to_string(TileKind k);

// int8 / int4: symmetric integer weights (scale max|W| / 127 or / 7 per tile), int8 inputs;
// fp16: IEEE binary16 weights and inputs, fp32 accumulation (models/digital_mvm.h).
enum class DigitalFormat { kInt8, kInt4, kFp16 };
const char* to_string(DigitalFormat f);
int weight_bits(DigitalFormat f);      // 8, 4, 16
int activation_bits(DigitalFormat f);  // 8, 8, 16

struct DigitalTileParams {
  DigitalFormat weight_format = DigitalFormat::kInt8;
  // GHz, the macro's clock. Assumption: 0.5 GHz (22 nm digital CIM macros of [M]'s class run at
  // a few hundred MHz to 1 GHz; the paper's exact figure is not in our sources).
  double clock_ghz = 0.5;
  // MACs the tile completes per cycle at weight_format (design choice: 1024, a 256-row adder
  // tree for 4 columns at a time, i.e. a 256 x 256 block in 64 cycles).
  int macs_per_cycle = 1024;
  // Cycles from the last input word to the first result (pipeline fill). Design choice: 4.
  int pipeline_cycles = 4;
  // pJ per MAC at weight_format, macro level (weight read in the array included). [M] scaled by
  // the bits rule: 2 ops / 22.3 TOPS/W = 0.0898 pJ for int8; int4 x int8: 0.0449 pJ; fp16 (not
  // in [M]): [H] fp16 ~ fp32/4 at 45 nm -> (3.7 + 0.9) / 4 x 22 / 45 = 0.56 pJ (assumption).
  // 0: the per-format default above.
  double mac_energy_pj = 0.0;
  // pJ per weight bit read out of the storage per MAC. 0 for a CIM macro (the MAC happens in
  // the array, [M]); a MAC array reading an SRAM: [H] 10 pJ / 64 b = 0.156 pJ/bit at 45 nm.
  double weight_access_energy_pj_per_bit = 0.0;
  // pJ per activation bit written into or read out of the tile's buffers (inputs once, outputs
  // once as 32-bit accumulations): [H] 0.156 pJ/bit at 45 nm x 22 / 45 = 0.076 pJ/bit.
  double activation_access_energy_pj_per_bit = 0.076;
  // pJ per weight bit written when the block is programmed (an SRAM write ~ a read, [H] scaled
  // as above: 0.076 pJ/bit); ns per row written (one 256-wide row per cycle at 0.5 GHz: 2 ns).
  double write_energy_pj_per_bit = 0.076;
  double write_ns_per_row = 2.0;
  // mW, leakage of the tile while powered. Assumption: 1 mW, the analog tile's default (no
  // per-macro leakage figure in [M] as far as our sources go).
  double static_power_mW = 1.0;
  // mm^2 of one tile (storage, adder trees, buffers). 0: derived from [M]'s area efficiency by
  // the bits rule: peak TOPS / (16.3 TOPS/mm^2 x 16 / (weight bits x activation bits)).
  double area_mm2 = 0.0;
  // Skip a MAC whose input or weight is zero: no MAC energy for it, and with
  // zero_skipping_time also no cycle (a sparse MAC array compacts the non-zero pairs).
  bool zero_skipping = false;
  bool zero_skipping_time = false;
};

// The per-format default energy per MAC (pJ) when mac_energy_pj is 0.
double default_mac_energy_pj(DigitalFormat f);
double mac_energy_pj(const DigitalTileParams& p);

}  // namespace kirchhoff
