// Cost of one tile action (program, MVM, calibration): latency and energy by category, and the
// formulas that give them from TileParams.
//   latency  = phases * bit_phases * (pulse window + conversion * columns_per_adc)
//              (for PWM the integration happens during the input window)
//   array    = V_read^2 * sum_r (sum of the conductances of row r) * t_r      uS V^2 ns = fJ
//   DAC      = rows_used * energy_per_row * bit_phases * phases
//   ADC      = cols_used * bit_phases * phases * energy per conversion
//   buffer   = (rows_used * dac.bits + cols_used * adc.bits) * energy per bit (in and out once)
//   DPU      = cols_used * (bit_phases * phases - 1) * shift-and-add (combining partial reads)
//   program  = devices * verify_iterations * pulse energy; time = ceil(rows / parallel_rows) *
//              verify_iterations * (program pulse + verify pulse)
// Multi-phase MVMs split the inputs over the phases, so the array energy does not grow with
// phases while the periphery repeats per phase. Static power is added by the SystemC tile.
#pragma once

namespace kirchhoff {

class Adc;
class Dac;
struct TileParams;

// Energy of one action by category, in pJ.
struct TileEnergy {
  double array_pj = 0.0;
  double dac_pj = 0.0;
  double adc_pj = 0.0;
  double buffer_pj = 0.0;
  double dpu_pj = 0.0;
  double programming_pj = 0.0;
  double total_pj() const {
    return array_pj + dac_pj + adc_pj + buffer_pj + dpu_pj + programming_pj;
  }
};

struct TileCost {
  double latency_ns = 0.0;
  TileEnergy energy;
};

double mvm_latency_ns(const Dac& dac, const Adc& adc);

// Array energy (pJ) from the summed conductance of each row (uS) and its input code.
double array_energy_pj(double v_read_V, const float* row_g_sum_uS, const int* code, int rows,
                       const Dac& dac);

// Energy of one MVM, the array part given.
TileEnergy mvm_energy(const TileParams& p, const Dac& dac, const Adc& adc, int rows_used,
                      int cols_used, double array_pj);

TileCost programming_cost(const TileParams& p, int rows_used, int cols_used);

}  // namespace kirchhoff
