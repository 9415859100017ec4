// Silicon area of the chip's parts, per instance, from which config/chip_area.h adds up the
// area of a tile and of the chip. Defaults: ISAAC (Shafiee et al., ISCA 2016, 32 nm; its
// Table of component areas as published with its cost figures) where it gives the part, else
// an assumption (marked). Presets for other processes set their own values and say where they
// come from (configs/chips/*.yaml; docs/area.md lists every figure and source).
#pragma once

namespace kirchhoff {

struct AreaParams {
  // One memory device of the crossbar with its share of access transistors and wiring
  // (a weight uses tile.mapping.devices_per_weight of them). Assumption: 1 um^2 (a 1T1R
  // cell of ~ 1,000 F^2 at 32 nm; no published per-device figure for these chips).
  double device_um2 = 1.0;
  // One row driver (DAC / PWM generator), one per crossbar row. ISAAC: 170 um^2 for 8 x 128
  // 1-bit DACs = 0.166 um^2 each (32 nm); a multi-bit PWM driver needs a counter and is
  // larger: assumption 10 um^2.
  double dac_um2 = 10.0;
  // One ADC instance (cols / tile.adc.columns_per_adc of them per tile). ISAAC: 8-bit 1.2 GS/s
  // SAR (Kull et al., ISSCC 2013, 32 nm SOI) 9,600 um^2 for 8 = 1,200 um^2 each.
  double adc_um2 = 1200.0;
  // Tile buffers (input and output registers of the crossbar: rows + cols values of
  // 32 bits). ISAAC eDRAM: 64 KB in 83,000 um^2 = 0.158 um^2 per bit (32 nm).
  double buffer_um2_per_bit = 0.158;
  // One DPU (each tile's local DPU and every global DPU). Assumption: 0.02 mm^2 (16 lanes of
  // 16-bit multiply-add; ISAAC's 16-bit shift-and-add unit is 60 um^2, its sigmoid and
  // max-pool units 0.0006 / 0.00024 mm^2).
  double dpu_mm2 = 0.02;
  // One network router with its links, per node. ISAAC: 0.151 mm^2 per router (32 nm, shared
  // by 4 tiles there; here one per node).
  double router_mm2 = 0.151;
  // One host port (PHY and controller). Assumption: 1 mm^2.
  double host_port_mm2 = 1.0;
  // Everything else on the die (pads, clocking, control, test): assumption 0.
  double other_mm2 = 0.0;
};

}  // namespace kirchhoff
