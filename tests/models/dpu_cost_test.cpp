#include "models/dpu_cost.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace kirchhoff {
namespace {

bool mentions(const std::vector<std::string>& messages, const std::string& what) {
  return std::any_of(messages.begin(), messages.end(),
                     [&](const std::string& m) { return m.find(what) != std::string::npos; });
}

TEST(DpuCost, HandComputedLatencyAndEnergy) {
  DpuParams p;
  p.clock_ghz = 0.5;  // 2 ns per cycle
  p.pipeline_latency_cycles = 3;
  p.op(DpuOp::kAffine) = {8.0, 1.5};
  const DpuCostModel m(p);
  // 100 elements / 8 per cycle -> 13 cycles; + 3 pipeline = 16 cycles = 32 ns.
  EXPECT_EQ(m.cycles(DpuOp::kAffine, 100), 16u);
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kAffine, 100).latency_ns, 32.0);
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kAffine, 100).energy_pj, 150.0);
  // Exactly divisible: 64 / 8 = 8 cycles + 3 = 11 cycles = 22 ns.
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kAffine, 64).latency_ns, 22.0);
  // One element still takes the whole pipeline plus one issue cycle.
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kAffine, 1).latency_ns, 8.0);
  // Nothing to do costs nothing.
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kAffine, 0).latency_ns, 0.0);
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kAffine, 0).energy_pj, 0.0);
}

TEST(DpuCost, FractionalThroughputCeilsWithoutRoundingNoise) {
  DpuParams p;
  p.clock_ghz = 1.0;
  p.pipeline_latency_cycles = 0;
  p.op(DpuOp::kSigmoid) = {0.1, 2.0};  // one element every 10 cycles
  const DpuCostModel m(p);
  // 3 / 0.1 = 30.000000000000004 in double: must still be 30 cycles.
  EXPECT_EQ(m.cycles(DpuOp::kSigmoid, 3), 30u);
  p.op(DpuOp::kSigmoid) = {2.5, 2.0};
  EXPECT_EQ(DpuCostModel(p).cycles(DpuOp::kSigmoid, 6), 3u);  // 2.4 -> 3
}

TEST(DpuCost, DefaultsFollowHorowitz) {
  // fp32 and int8 straight from Horowitz ISSCC 2014 (45 nm).
  const DpuArithmeticEnergy fp32 = horowitz_45nm_arithmetic_energy(NumericFormat::fp32());
  EXPECT_DOUBLE_EQ(fp32.add_pj, 0.9);
  EXPECT_DOUBLE_EQ(fp32.mult_pj, 3.7);
  const DpuArithmeticEnergy int8 = horowitz_45nm_arithmetic_energy(NumericFormat::int8(4));
  EXPECT_DOUBLE_EQ(int8.add_pj, 0.03);
  EXPECT_DOUBLE_EQ(int8.mult_pj, 0.2);
  // Scaled: adds linear, multiplies quadratic in width (significand width for floats).
  const DpuArithmeticEnergy int16 = horowitz_45nm_arithmetic_energy(NumericFormat::int16(8));
  EXPECT_DOUBLE_EQ(int16.add_pj, 0.06);
  EXPECT_DOUBLE_EQ(int16.mult_pj, 0.8);
  const DpuArithmeticEnergy fp16 = horowitz_45nm_arithmetic_energy(NumericFormat::fp16());
  EXPECT_DOUBLE_EQ(fp16.add_pj, 0.9 * 11.0 / 24.0);
  EXPECT_DOUBLE_EQ(fp16.mult_pj, 3.7 * (11.0 / 24.0) * (11.0 / 24.0));

  // Default params are fp16; an fp16 affine costs one mult and one add per element.
  const DpuParams d;
  EXPECT_EQ(d.format, NumericFormat::fp16());
  EXPECT_DOUBLE_EQ(d.op(DpuOp::kAffine).energy_pj_per_element, fp16.mult_pj + fp16.add_pj);
  const DpuParams i8 = default_dpu_params(NumericFormat::int8(4));
  EXPECT_DOUBLE_EQ(i8.op(DpuOp::kAccumulate).energy_pj_per_element, 0.03);
  EXPECT_DOUBLE_EQ(i8.op(DpuOp::kMultiply).energy_pj_per_element, 0.2);
  EXPECT_TRUE(validate(d).empty());
  EXPECT_TRUE(validate(i8).empty());
}

TEST(DpuCost, DefaultCostOfA256WideAffineAtOneGhz) {
  // Defaults: 1 GHz, 4-cycle pipeline, 16 lanes: 256 / 16 = 16 + 4 = 20 cycles = 20 ns.
  const DpuCostModel m(default_dpu_params(NumericFormat::int8(4)));
  const DpuCost c = m.cost(DpuOp::kAffine, 256);
  EXPECT_DOUBLE_EQ(c.latency_ns, 20.0);
  EXPECT_NEAR(c.energy_pj, 256 * (0.2 + 0.03), 1e-9);
  // Sigmoid runs on 4 lanes: 64 + 4 cycles.
  EXPECT_DOUBLE_EQ(m.cost(DpuOp::kSigmoid, 256).latency_ns, 68.0);
}

TEST(DpuCost, StaticEnergyIsPowerTimesTime) {
  DpuParams p;
  p.static_power_mw = 2.5;
  EXPECT_DOUBLE_EQ(DpuCostModel(p).static_energy_pj(100.0), 250.0);  // 2.5 mW * 100 ns
}

TEST(DpuCost, ValidateNamesEveryOutOfRangeValue) {
  DpuParams p;
  p.clock_ghz = -1.0;
  p.static_power_mw = std::numeric_limits<double>::quiet_NaN();
  p.op(DpuOp::kGelu).throughput_elements_per_cycle = 0.0;
  p.op(DpuOp::kMaxPool).energy_pj_per_element = -0.1;
  p.format = NumericFormat{NumberKind::kInt8, 9};
  const std::vector<std::string> errors = validate(p);
  EXPECT_EQ(errors.size(), 5u);
  EXPECT_TRUE(mentions(errors, "dpu.clock_ghz = -1"));
  EXPECT_TRUE(mentions(errors, "dpu.static_power_mw"));
  EXPECT_TRUE(mentions(errors, "dpu.ops.gelu.throughput_elements_per_cycle = 0"));
  EXPECT_TRUE(mentions(errors, "dpu.ops.max_pool.energy_pj_per_element"));
  EXPECT_TRUE(mentions(errors, "dpu.format.frac_bits = 9"));
  p = DpuParams{};
  p.clock_ghz = 50.0;  // a unit mistake (MHz?) is caught too
  EXPECT_TRUE(mentions(validate(p), "<= 10 GHz"));
}

}  // namespace
}  // namespace kirchhoff
