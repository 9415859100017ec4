// Cost of one tile action (program, MVM, calibration): latency and energy by category, and the
// formulas that give them from TileParams. reads = phases * bit_phases (1 for 1-phase PWM).
// Timing (t_i = one read's integration window, t_c = one read's conversion incl. sharing):
//   serial readout:     latency = interval = reads * (t_i + t_c)
//   pipelined readout:  the next read integrates while this one converts:
//                       interval = reads * max(t_i, t_c)               (MVM throughput)
//                       latency  = t_i + (reads - 1) * max(t_i, t_c) + t_c   (input to output)
//   (for PWM the integration happens during the input window)
// Energy per MVM:
//   array    = V_read^2 * sum_r (sum of the conductances of row r) * t_r      uS V^2 ns = fJ
//              (a multi-phase MVM applies each input polarity to each weight polarity in its
//              own phase, HERMES Extended Data Fig. 4: every device/input pair is read once
//              over the phases, so the sum over the phases equals the 1-phase array energy)
//   DAC      = rows_driven * energy_per_row * reads: a row whose input code is 0 gets a pulse of
//              zero duration (no pulse at all), so it costs no DAC drive and, since its t_r is
//              0, no array energy; rows_driven counts the rows with a code != 0
//   ADC      = cols_used * reads * energy per conversion (models/adc_energy.h); with the
//              duration readout (output_conversion = duration) reads * (ramp generator + cols_used
//              comparators) * ramp time (models/duration_readout.h), in the same category
//   active   = integration_power * reads * t_i + conversion_power * reads * t_c (mW ns = pJ)
//   buffer   = (rows_used * dac.bits + cols_used * out bits) * energy per bit (in and out once;
//              out bits: adc.bits, or duration.bits with the duration readout)
//   DPU      = cols_used * (reads - 1) * shift-and-add (combining partial reads)
//   program  = devices * verify_iterations * pulse energy; time = ceil(rows / parallel_rows) *
//              verify_iterations * (program pulse + verify pulse)
// Every phase repeats its DAC, ADC and active time. Static power is added by the SystemC tile.
#pragma once

namespace kirchhoff {

class Adc;
class Dac;
struct TileParams;
enum class Readout;

// Energy of one action by category, in pJ.
struct TileEnergy {
  double array_pj = 0.0;
  double dac_pj = 0.0;
  double adc_pj = 0.0;
  double buffer_pj = 0.0;
  double dpu_pj = 0.0;
  double programming_pj = 0.0;
  double active_pj = 0.0;  // time-proportional power of integration and readout
  double total_pj() const {
    return array_pj + dac_pj + adc_pj + buffer_pj + dpu_pj + programming_pj + active_pj;
  }
};

struct TileCost {
  double latency_ns = 0.0;   // start to result
  double interval_ns = 0.0;  // start to the earliest start of the next action (<= latency_ns)
  TileEnergy energy;
};

// Timing of one MVM (laws above).
struct MvmTiming {
  double integration_ns = 0.0;  // summed over all reads
  double conversion_ns = 0.0;   // summed over all reads, sharing included
  double latency_ns = 0.0;
  double interval_ns = 0.0;
};
MvmTiming mvm_timing(const Dac& dac, const Adc& adc, Readout readout);
// The same laws with t_c the conversion of p.output_conversion: the ADC's (with sharing) or the
// duration readout's ramp (models/duration_readout.h).
MvmTiming mvm_timing(const TileParams& p, const Dac& dac, const Adc& adc);

// Array energy (pJ) from the summed conductance of each row (uS) and its input code.
double array_energy_pj(double v_read_V, const float* row_g_sum_uS, const int* code, int rows,
                       const Dac& dac);

// How many of the rows' input codes are != 0 (the rows that get a pulse).
int driven_rows(const int* code, int rows);

// Energy of one MVM, the array part given; rows_driven (<= rows_used) of the rows get a pulse.
TileEnergy mvm_energy(const TileParams& p, const Dac& dac, const Adc& adc, int rows_used,
                      int rows_driven, int cols_used, double array_pj);

TileCost programming_cost(const TileParams& p, int rows_used, int cols_used);

}  // namespace kirchhoff
