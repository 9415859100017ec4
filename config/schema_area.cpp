// Keys of the silicon area per part (config/area_params.h, summed by config/chip_area.h).
#include "config/schema.h"

namespace kirchhoff::config {

void register_area_fields(Schema& s) {
  s.add_float("area.device_um2", "um^2", 0, 1e6,
              "one crossbar device with its access share (assumption: 1 um^2)",
              [](ChipConfig& c) -> double& { return c.area.device_um2; });
  s.add_float("area.dac_um2", "um^2", 0, 1e6,
              "one row driver / PWM generator (assumption 10 um^2; ISAAC 1-bit DAC: 0.166 um^2)",
              [](ChipConfig& c) -> double& { return c.area.dac_um2; });
  s.add_float("area.adc_um2", "um^2", 0, 1e7,
              "one ADC instance (ISAAC: 8-bit SAR, Kull 2013, 32 nm: 1,200 um^2)",
              [](ChipConfig& c) -> double& { return c.area.adc_um2; });
  s.add_float("area.buffer_um2_per_bit", "um^2/bit", 0, 1e3,
              "tile buffer storage (ISAAC eDRAM, 32 nm: 0.158 um^2/bit)",
              [](ChipConfig& c) -> double& { return c.area.buffer_um2_per_bit; });
  s.add_float("area.dpu_mm2", "mm^2", 0, 1e3, "one DPU, local or global (assumption: 0.02 mm^2)",
              [](ChipConfig& c) -> double& { return c.area.dpu_mm2; });
  s.add_float("area.router_mm2", "mm^2", 0, 1e3,
              "one network router with its links, per node (ISAAC, 32 nm: 0.151 mm^2)",
              [](ChipConfig& c) -> double& { return c.area.router_mm2; });
  s.add_float("area.host_port_mm2", "mm^2", 0, 1e3, "one host port (assumption: 1 mm^2)",
              [](ChipConfig& c) -> double& { return c.area.host_port_mm2; });
  s.add_float("area.other_mm2", "mm^2", 0, 1e5,
              "the rest of the die: pads, clocking, control (assumption: 0)",
              [](ChipConfig& c) -> double& { return c.area.other_mm2; });
}

}  // namespace kirchhoff::config
