#include "models/tile_cost.h"

#include <algorithm>
#include <cmath>

#include "models/adc.h"
#include "models/dac.h"
#include "models/duration_readout.h"
#include "models/tile_params.h"

namespace kirchhoff {
namespace {
constexpr double kPjPerFj = 1e-3;
constexpr double kPulsesPerIteration = 2.0;  // one program pulse and one verify read
}  // namespace

namespace {
MvmTiming timing_law(const Dac& dac, double t_c, Readout readout) {
  const double reads = static_cast<double>(dac.params().phases) * dac.bit_phases();
  const double t_i = dac.pulse_window_ns();
  MvmTiming t;
  t.integration_ns = reads * t_i;
  t.conversion_ns = reads * t_c;
  if (readout == Readout::kPipelined) {
    const double slot = std::max(t_i, t_c);
    t.interval_ns = reads * slot;
    t.latency_ns = t_i + (reads - 1.0) * slot + t_c;
  } else {
    t.interval_ns = t.latency_ns = reads * (t_i + t_c);
  }
  return t;
}
}  // namespace

MvmTiming mvm_timing(const Dac& dac, const Adc& adc, Readout readout) {
  return timing_law(dac, adc.conversion_with_sharing_ns(), readout);
}

MvmTiming mvm_timing(const TileParams& p, const Dac& dac, const Adc& adc) {
  if (p.output_conversion == OutputConversion::kDuration) {
    return timing_law(dac, DurationReadout(p.duration).ramp_ns(), p.readout);
  }
  return mvm_timing(dac, adc, p.readout);
}

double array_energy_pj(double v_read_V, const float* row_g_sum_uS, const int* code, int rows,
                       const Dac& dac) {
  double g_t = 0.0;  // uS * ns
  if (dac.params().encoding == InputEncoding::kPwm) {
    float g_code = 0.0f;  // pulse = code * t_lsb: one multiply-add per row
    for (int r = 0; r < rows; ++r) g_code += row_g_sum_uS[r] * static_cast<float>(code[r]);
    g_t = g_code * dac.params().t_lsb_ns;
  } else {
    for (int r = 0; r < rows; ++r) {
      if (code[r] != 0) g_t += row_g_sum_uS[r] * dac.pulse_ns(code[r]);
    }
  }
  return v_read_V * v_read_V * g_t * kPjPerFj;
}

int driven_rows(const int* code, int rows) {
  int n = 0;
  for (int r = 0; r < rows; ++r) n += code[r] != 0 ? 1 : 0;
  return n;
}

TileEnergy mvm_energy(const TileParams& p, const Dac& dac, const Adc& adc, int rows_used,
                      int rows_driven, int cols_used, double array_pj) {
  const double reads = static_cast<double>(dac.bit_phases()) * p.dac.phases;
  TileEnergy e;
  e.array_pj = array_pj;
  e.dac_pj = rows_driven * p.dac.energy_per_row_pj * reads;
  const bool duration = p.output_conversion == OutputConversion::kDuration;
  e.adc_pj = duration ? reads * DurationReadout(p.duration).energy_per_read_pj(cols_used)
                      : cols_used * reads * adc.energy_per_conversion_pj();
  const int out_bits = duration ? p.duration.bits : p.adc.bits;
  e.buffer_pj =
      (static_cast<double>(rows_used) * p.dac.bits + static_cast<double>(cols_used) * out_bits) *
      p.energy.buffer_energy_pj_per_bit;
  e.dpu_pj = cols_used * (reads - 1.0) * p.energy.dpu_shift_add_pj;
  const MvmTiming t = mvm_timing(p, dac, adc);
  e.active_pj = p.energy.integration_power_mW * t.integration_ns +
                p.energy.conversion_power_mW * t.conversion_ns;
  return e;
}

TileCost programming_cost(const TileParams& p, int rows_used, int cols_used) {
  const auto& pp = p.programming;
  const double devices = static_cast<double>(rows_used) * cols_used * p.mapping.devices_per_weight;
  const int parallel = pp.parallel_rows > 0 ? pp.parallel_rows : 1;
  const double row_groups = std::ceil(static_cast<double>(rows_used) / parallel);
  TileCost cost;
  cost.latency_ns = row_groups * pp.verify_iterations * kPulsesPerIteration * pp.pulse_ns;
  cost.interval_ns = cost.latency_ns;
  cost.energy.programming_pj = devices * pp.verify_iterations * pp.pulse_energy_pj;
  return cost;
}

}  // namespace kirchhoff
