#include "models/dpu_cost.h"

#include <cfloat>
#include <cmath>
#include <sstream>
#include <utility>

namespace kirchhoff {
namespace {

// Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm (CALIBRATION.md).
constexpr double kInt8AddPj = 0.03;
constexpr double kInt8MultPj = 0.2;
constexpr double kFp32AddPj = 0.9;
constexpr double kFp32MultPj = 3.7;
constexpr double kInt8WidthBits = 8.0;
constexpr double kInt16WidthBits = 16.0;
constexpr double kFp32SignificandBits = 24.0;  // IEEE binary32 p
constexpr double kFp16SignificandBits = 11.0;  // IEEE binary16 p

// Lane counts (assumption; see default_dpu_op_params in the header).
constexpr double kSimpleOpLanes = 16.0;
constexpr double kFunctionUnitLanes = 4.0;

// Plausibility limits of validate(): beyond them a value is almost surely a unit mistake.
constexpr double kMaxClockGhz = 10.0;                // no CMOS logic clocks above ~10 GHz
constexpr std::uint64_t kMaxPipelineCycles = 10000;  // a DPU pipeline is tens of stages
constexpr double kMaxThroughputElementsPerCycle = 65536.0;
constexpr double kMaxEnergyPjPerElement = 1000.0;  // ~300x an fp32 multiply
constexpr double kMaxStaticPowerMw = 100000.0;     // 100 W: more than a whole chip

// ceil(q) that ignores the last-bit noise of a division (3 / 0.1 = 30.000000000000004).
constexpr double kCeilRelativeSlack = 8.0 * DBL_EPSILON;

double robust_ceil(double q) {
  const double nearest = std::round(q);
  if (std::fabs(q - nearest) <= kCeilRelativeSlack * std::fabs(q)) return nearest;
  return std::ceil(q);
}

std::string fmt_value(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

DpuArithmeticEnergy horowitz_45nm_arithmetic_energy(const NumericFormat& format) {
  switch (format.kind) {
    case NumberKind::kFp32:
      return {kFp32AddPj, kFp32MultPj};
    case NumberKind::kFp16: {
      const double ratio = kFp16SignificandBits / kFp32SignificandBits;
      return {kFp32AddPj * ratio, kFp32MultPj * ratio * ratio};
    }
    case NumberKind::kInt8:
      return {kInt8AddPj, kInt8MultPj};
    case NumberKind::kInt16: {
      const double ratio = kInt16WidthBits / kInt8WidthBits;
      return {kInt8AddPj * ratio, kInt8MultPj * ratio * ratio};
    }
  }
  return {};
}

std::array<DpuOpParams, kNumDpuOps> default_dpu_op_params(const NumericFormat& format) {
  const DpuArithmeticEnergy e = horowitz_45nm_arithmetic_energy(format);
  const double add = e.add_pj;
  const double mult = e.mult_pj;
  std::array<DpuOpParams, kNumDpuOps> ops{};
  auto set = [&](DpuOp op, double lanes, double energy_pj) {
    ops[static_cast<std::size_t>(op)] = {lanes, energy_pj};
  };
  set(DpuOp::kAccumulate, kSimpleOpLanes, add);
  set(DpuOp::kAffine, kSimpleOpLanes, mult + add);
  set(DpuOp::kRelu, kSimpleOpLanes, add);
  set(DpuOp::kSigmoid, kFunctionUnitLanes, mult + add);
  set(DpuOp::kTanh, kFunctionUnitLanes, mult + add);
  set(DpuOp::kHardSigmoid, kSimpleOpLanes, mult + 3 * add);
  set(DpuOp::kGelu, kFunctionUnitLanes, 2 * mult + add);
  set(DpuOp::kAdd, kSimpleOpLanes, add);
  set(DpuOp::kMultiply, kSimpleOpLanes, mult);
  set(DpuOp::kMaxPool, kSimpleOpLanes, add);
  set(DpuOp::kAvgPool, kSimpleOpLanes, add);
  set(DpuOp::kGlobalAvgPool, kSimpleOpLanes, add);
  set(DpuOp::kRequantize, kSimpleOpLanes, mult + 3 * add);
  return ops;
}

DpuParams default_dpu_params(const NumericFormat& format) {
  DpuParams p;
  p.format = format;
  p.ops = default_dpu_op_params(format);
  return p;
}

std::uint64_t DpuCostModel::cycles(DpuOp op, std::uint64_t elements) const {
  if (elements == 0) return 0;
  const double issue =
      robust_ceil(static_cast<double>(elements) / params_.op(op).throughput_elements_per_cycle);
  return params_.pipeline_latency_cycles + static_cast<std::uint64_t>(issue);
}

DpuCost DpuCostModel::cost(DpuOp op, std::uint64_t elements) const {
  DpuCost c;
  c.latency_ns = static_cast<double>(cycles(op, elements)) / params_.clock_ghz;
  c.energy_pj = static_cast<double>(elements) * params_.op(op).energy_pj_per_element;
  return c;
}

double DpuCostModel::static_energy_pj(double duration_ns) const {
  return params_.static_power_mw * duration_ns;
}

std::vector<std::string> validate(const DpuParams& p) {
  std::vector<std::string> errors;
  auto check = [&](const std::string& name, double v, bool ok, const std::string& allowed) {
    if (!std::isfinite(v) || !ok) errors.push_back(name + " = " + fmt_value(v) + ": " + allowed);
  };
  check("dpu.clock_ghz", p.clock_ghz, p.clock_ghz > 0.0 && p.clock_ghz <= kMaxClockGhz,
        "must be > 0 and <= " + fmt_value(kMaxClockGhz) + " GHz");
  check("dpu.pipeline_latency_cycles", p.pipeline_latency_cycles,
        p.pipeline_latency_cycles <= kMaxPipelineCycles,
        "must be <= " + std::to_string(kMaxPipelineCycles) + " cycles");
  check("dpu.static_power_mw", p.static_power_mw,
        p.static_power_mw >= 0.0 && p.static_power_mw <= kMaxStaticPowerMw,
        "must be >= 0 and <= " + fmt_value(kMaxStaticPowerMw) + " mW");
  if (p.format.is_fixed_point() &&
      (p.format.frac_bits < 0 || p.format.frac_bits >= p.format.total_bits())) {
    errors.push_back("dpu.format.frac_bits = " + std::to_string(p.format.frac_bits) +
                     ": allowed 0 .. " + std::to_string(p.format.total_bits() - 1) + " for " +
                     (p.format.kind == NumberKind::kInt8 ? "int8" : "int16"));
  }
  if (!p.format.is_fixed_point() && p.format.frac_bits != 0) {
    errors.push_back("dpu.format.frac_bits = " + std::to_string(p.format.frac_bits) +
                     ": must be 0 for a floating-point format");
  }
  for (std::size_t i = 0; i < kNumDpuOps; ++i) {
    const std::string prefix = "dpu.ops." + std::string(to_string(static_cast<DpuOp>(i))) + ".";
    const DpuOpParams& o = p.ops[i];
    check(
        prefix + "throughput_elements_per_cycle", o.throughput_elements_per_cycle,
        o.throughput_elements_per_cycle > 0.0 &&
            o.throughput_elements_per_cycle <= kMaxThroughputElementsPerCycle,
        "must be > 0 and <= " + fmt_value(kMaxThroughputElementsPerCycle) + " elements per cycle");
    check(prefix + "energy_pj_per_element", o.energy_pj_per_element,
          o.energy_pj_per_element >= 0.0 && o.energy_pj_per_element <= kMaxEnergyPjPerElement,
          "must be >= 0 and <= " + fmt_value(kMaxEnergyPjPerElement) + " pJ");
  }
  return errors;
}

}  // namespace kirchhoff
