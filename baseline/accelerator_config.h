// A digital accelerator as the analytic baseline model sees it (baseline/digital_model.h): peak
// MAC throughput and energy per MAC per precision, on-chip SRAM, off-chip memory, static power
// and a utilisation assumption. Read from configs/accelerators/*.yaml
// (baseline/accelerator_loader.h); every field's unit is in its name.
#pragma once

#include <string>

namespace kirchhoff::baseline {

enum class Precision { kInt8, kFp16 };
const char* to_string(Precision p);  // "int8", "fp16"
int bytes_per_value(Precision p);    // 1, 2

// The arithmetic of one precision. peak_tops counts 2 ops per MAC, as datasheets do; 0 means the
// accelerator has no such arithmetic (asking for it is an error).
struct PrecisionFigures {
  double peak_tops = 0;
  double energy_per_mac_pj = 0;
};

struct AcceleratorConfig {
  std::string name;                        // "h100"
  std::string description;                 // one line: what it is and where its figures come from
  std::string source;                      // the file (or built-in preset) it was read from
  Precision precision = Precision::kInt8;  // the default precision of a baseline
  PrecisionFigures int8, fp16;
  double sram_capacity_mib = 0;        // on-chip SRAM that can hold weights
  double sram_energy_per_byte_pj = 0;  // per byte read or written
  double sram_bandwidth_tb_per_s = 0;  // 0: not a limit (no figure)
  double dram_bandwidth_gb_per_s = 0;  // off-chip memory; 0: none (weights must fit on chip)
  double dram_energy_per_byte_pj = 0;  // per byte moved to or from off-chip memory
  double static_power_w = 0;           // drawn over the whole run, busy or not
  double utilisation = 1;              // fraction of the peak MAC rate a layer achieves
  double layer_overhead_ns = 0;        // fixed time per weight layer (launch, synchronisation)
  double inference_overhead_ns = 0;    // fixed time per batch (graph launch, host round trip)

  const PrecisionFigures& figures(Precision p) const { return p == Precision::kInt8 ? int8 : fp16; }
};

}  // namespace kirchhoff::baseline
