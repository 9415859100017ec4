// Cost model of a digital processing unit (DPU): latency and energy per vector operation, never
// per clock cycle.
//
//   latency = (pipeline_latency_cycles + ceil(elements / throughput_elements_per_cycle[op]))
//             / clock_ghz                                                        [ns]
//   energy  = elements * energy_pj_per_element[op]                               [pJ]
//
// where `elements` counts element-operations (dpu_ops.h: dpu_element_ops_*). An op with zero
// elements issues nothing and costs nothing. Static (leakage) energy is separate:
// static_power_mw * duration_ns = pJ.
//
// Default energies come from Horowitz, "Computing's energy problem", ISSCC 2014 (45 nm; see
// docs/published_figures.md "Reference energies"): 8-bit integer add 0.03 pJ, mult 0.2 pJ;
// 32-bit float add 0.9 pJ, mult 3.7 pJ. Other widths are scaled from those, with the usual
// first-order rules: an adder's energy grows linearly with its width, an array multiplier's
// with the square of its width; for floating point, the width that matters is the
// significand's (p = 24 for fp32, 11 for fp16):
//   int16 add  = 0.03 pJ * 16/8          = 0.06 pJ
//   int16 mult = 0.2 pJ * (16/8)^2       = 0.8 pJ
//   fp16 add   = 0.9 pJ * 11/24          = 0.4125 pJ
//   fp16 mult  = 3.7 pJ * (11/24)^2      = 0.777 pJ
// Cross-check of the rules against the same table (not in CALIBRATION.md; [S]: seen in a
// secondary source, a Frontiers paper, PMC8934428 Table 3, citing Horowitz): 32-bit int add
// 0.1 / mult 3.1 pJ, vs 0.12 / 3.2 pJ from the rules. Horowitz's 16-bit float add 0.4 / mult
// 1.1 pJ are often quoted but were not verified here; if right, the quadratic rule
// underestimates an fp16 multiply by ~30 %. The figures are 45 nm and are *not*
// process-scaled: a preset for a 14 nm chip should scale them. Each op is charged a combination of
// adds and multiplies (see default_dpu_op_params); compares and the clamp of a saturation are
// charged as adds.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/dpu_ops.h"
#include "models/numeric_format.h"

namespace kirchhoff {

struct DpuOpParams {
  double throughput_elements_per_cycle = 1.0;  // element-operations issued per clock cycle
  double energy_pj_per_element = 0.0;          // energy per element-operation
};

// Energy of one add and one multiply in a numeric format (Horowitz ISSCC 2014, scaled as
// described above).
struct DpuArithmeticEnergy {
  double add_pj = 0.0;
  double mult_pj = 0.0;
};
DpuArithmeticEnergy horowitz_45nm_arithmetic_energy(const NumericFormat& format);

// Per-op throughput and energy for a format. Energies: accumulate, add, relu, max/avg/global
// pooling = 1 add; multiply = 1 mult; affine = 1 mult + 1 add; sigmoid, tanh = 1 mult + 1 add
// (piece-wise-linear segment evaluation; the small segment-table read is not charged);
// hard-sigmoid = 1 mult + 3 adds (slope, offset, two-sided clamp); GELU = 2 mults + 1 add
// (x * PWL(Phi(x))); requantize = 1 mult + 3 adds (scale, round, clip). Throughput: 16 lanes
// for the simple ops and 4 for sigmoid / tanh / GELU. The lane counts are an assumption, not
// from a paper: they post-process a 256-wide core output (HERMES, Le Gallo 2023) in 16 resp.
// 64 cycles, within one ~130 ns core MVM at 1 GHz, so the DPU does not bound the tile.
std::array<DpuOpParams, kNumDpuOps> default_dpu_op_params(const NumericFormat& format);

struct DpuParams {
  // HERMES cores run at 1 GHz (Le Gallo et al., Nature Electronics 2023; CALIBRATION.md).
  double clock_ghz = 1.0;
  // fp16: a common choice for DPUs that must run sigmoid / tanh / LSTM cells (assumption).
  NumericFormat format = NumericFormat::fp16();
  // Load, compute, round, write back: an assumption, no published figure.
  std::uint64_t pipeline_latency_cycles = 4;
  // Indexed by DpuOp; defaults for fp16 (see default_dpu_op_params).
  std::array<DpuOpParams, kNumDpuOps> ops = default_dpu_op_params(NumericFormat::fp16());
  // No published figure for a DPU's leakage: 0 until a chip preset sets it.
  double static_power_mw = 0.0;

  DpuOpParams& op(DpuOp o) { return ops[static_cast<std::size_t>(o)]; }
  const DpuOpParams& op(DpuOp o) const { return ops[static_cast<std::size_t>(o)]; }
};

// DpuParams{} with `format` and the per-op defaults of that format.
DpuParams default_dpu_params(const NumericFormat& format);

struct DpuCost {
  double latency_ns = 0.0;
  double energy_pj = 0.0;
};

class DpuCostModel {
 public:
  explicit DpuCostModel(DpuParams params) : params_(std::move(params)) {}
  // Cost of one op of `elements` element-operations (formula at the top of this file).
  DpuCost cost(DpuOp op, std::uint64_t elements) const;
  // Cycles the op occupies: pipeline latency + ceil(elements / throughput); 0 for 0 elements.
  std::uint64_t cycles(DpuOp op, std::uint64_t elements) const;
  // Leakage over a span: static_power_mw * duration_ns (mW * ns = pJ).
  double static_energy_pj(double duration_ns) const;
  const DpuParams& params() const { return params_; }

 private:
  DpuParams params_;
};

// Human-readable messages for every out-of-range value ("dpu.clock_ghz = -1: must be ...");
// empty when the parameters are usable.
std::vector<std::string> validate(const DpuParams& params);

}  // namespace kirchhoff
