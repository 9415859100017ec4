// DAC and ADC: quantisation steps, clipping at the bounds, timing laws and the FOM energy law.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/adc.h"
#include "models/adc_energy.h"
#include "models/dac.h"

namespace kirchhoff {
namespace {

TEST(Dac, SignedQuantisationAndClipping) {
  DacParams p;  // 8-bit signed: 127 steps per polarity
  const Dac dac(p);
  EXPECT_EQ(dac.magnitude_bits(), 7);
  EXPECT_DOUBLE_EQ(dac.steps(), 127.0);
  const std::vector<float> x = {1.0f, -1.0f, 2.5f, -3.0f, 0.5f, 1.0f / 254.0f * 0.99f, 0.0f};
  std::vector<float> xn(x.size());
  std::vector<int> code(x.size());
  dac.convert(x.data(), static_cast<int>(x.size()), 1.0, xn.data(), code.data());
  EXPECT_FLOAT_EQ(xn[0], 1.0f);
  EXPECT_FLOAT_EQ(xn[1], -1.0f);
  EXPECT_FLOAT_EQ(xn[2], 1.0f);            // clipped
  EXPECT_FLOAT_EQ(xn[3], -1.0f);           // clipped
  EXPECT_FLOAT_EQ(xn[4], 64.0f / 127.0f);  // 63.5 rounds away from zero
  EXPECT_FLOAT_EQ(xn[5], 0.0f);            // below half a step
  EXPECT_EQ(code[0], 127);
  EXPECT_EQ(code[3], 127);
  EXPECT_EQ(code[4], 64);
}

TEST(Dac, UnsignedClipsNegativeAndRangeScales) {
  DacParams p;
  p.bits = 4;
  p.is_signed = false;
  p.range = 2.0;
  const Dac dac(p);
  EXPECT_DOUBLE_EQ(dac.steps(), 15.0);
  const std::vector<float> x = {-1.0f, 1.0f, 2.0f, 5.0f};
  std::vector<float> xn(4);
  std::vector<int> code(4);
  dac.convert(x.data(), 4, dac.full_scale(x.data(), 4), xn.data(), code.data());
  EXPECT_FLOAT_EQ(xn[0], 0.0f);
  EXPECT_FLOAT_EQ(xn[1], 8.0f / 15.0f);  // 7.5 rounds to 8
  EXPECT_FLOAT_EQ(xn[2], 1.0f);
  EXPECT_FLOAT_EQ(xn[3], 1.0f);
}

TEST(Dac, NoiseManagementUsesAbsMax) {
  DacParams p;
  p.noise_management = true;
  const Dac dac(p);
  const std::vector<float> x = {0.1f, -0.4f, 0.2f};
  EXPECT_FLOAT_EQ(static_cast<float>(dac.full_scale(x.data(), 3)), 0.4f);
  const std::vector<float> zero = {0.0f, 0.0f};
  EXPECT_DOUBLE_EQ(dac.full_scale(zero.data(), 2), p.range);
}

TEST(Dac, PulseTimingPwmAndBitSerial) {
  DacParams p;  // 8-bit signed PWM at 1 ns/LSB: window 2^7 ns
  const Dac pwm(p);
  EXPECT_EQ(pwm.bit_phases(), 1);
  EXPECT_DOUBLE_EQ(pwm.pulse_window_ns(), 128.0);
  EXPECT_DOUBLE_EQ(pwm.pulse_ns(100), 100.0);
  p.encoding = InputEncoding::kBitSerial;
  const Dac bs(p);
  EXPECT_EQ(bs.bit_phases(), 7);
  EXPECT_DOUBLE_EQ(bs.pulse_window_ns(), 1.0);
  EXPECT_DOUBLE_EQ(bs.pulse_ns(0b1011), 3.0);  // three bits set: three 1 ns pulses
}

TEST(Adc, QuantisationSaturationAndGain) {
  AdcParams p;
  p.bits = 4;     // 7 steps per polarity
  p.bound = 7.0;  // lsb 1
  const Adc adc(p);
  EXPECT_DOUBLE_EQ(adc.lsb(), 1.0);
  EXPECT_DOUBLE_EQ(adc.convert(2.4), 2.0);
  EXPECT_DOUBLE_EQ(adc.convert(-2.6), -3.0);
  EXPECT_DOUBLE_EQ(adc.convert(100.0), 7.0);    // saturates at +bound
  EXPECT_DOUBLE_EQ(adc.convert(-100.0), -7.0);  // and at -bound
  p.gain = 2.0;  // gain 2: the input range halves, the resolution doubles
  const Adc g(p);
  EXPECT_DOUBLE_EQ(g.convert(1.2), 1.0);   // 2.4 -> 2 -> /2
  EXPECT_DOUBLE_EQ(g.convert(10.0), 3.5);  // saturates at bound / gain
}

TEST(Adc, TimingLaws) {
  AdcParams p;  // 8-bit CCO, 0.3 ns/LSB
  EXPECT_DOUBLE_EQ(Adc(p).conversion_ns(), 256 * 0.3);
  p.columns_per_adc = 4;
  EXPECT_DOUBLE_EQ(Adc(p).conversion_with_sharing_ns(), 4 * 256 * 0.3);
  p.type = AdcType::kSar;
  p.t_bit_ns = 1.5;
  EXPECT_DOUBLE_EQ(Adc(p).conversion_ns(), 8 * 1.5);
  p.type = AdcType::kRamp;
  p.bits = 6;
  EXPECT_DOUBLE_EQ(Adc(p).conversion_ns(), 64 * 0.3);
}

// cco/ramp: the converter draws its power while it counts, E = P * 2^bits * t_lsb: 8-bit CCO
// at 0.3 ns/LSB and 0.27 mW -> 76.8 ns * 0.27 mW = 20.736 pJ; one bit more doubles the time and
// the energy; a slower LSB costs proportionally more.
TEST(Adc, TimeBasedEnergyIsPowerTimesConversionTime) {
  AdcParams p;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.27 * 76.8);
  p.bits = 9;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.27 * 153.6);
  p.bits = 4;
  p.type = AdcType::kRamp;
  p.t_lsb_ns = 1.0;
  p.power_mW = 0.5;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.5 * 16.0);
  // Sharing makes a tile's conversion longer, not one conversion dearer.
  p.columns_per_adc = 8;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.5 * 16.0);
  EXPECT_DOUBLE_EQ(Adc(p).conversion_with_sharing_ns(), 8 * 16.0);
}

// sar: Walden E = FOM_W * 2^bits: 3 fJ/step at 8 bit = 0.768 pJ (inside the typical 0.25-2.5 pJ
// of docs/published_figures.md, 5x the 175 dB Schreier frontier's 0.155 pJ).
TEST(Adc, SarEnergyFromWaldenFom) {
  AdcParams p;
  p.type = AdcType::kSar;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.768);
  p.bits = 5;
  p.walden_fom_fj = 10.0;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.32);
  EXPECT_DOUBLE_EQ(adc_energy_walden_pj(8, 1.0), 0.256);
}

TEST(Adc, TableEnergyByBitWidth) {
  AdcParams p;
  p.type = AdcType::kTable;
  p.table_bits = {4, 5, 8};
  p.table_energy_pj = {0.2, 0.35, 2.1};
  p.table_conversion_ns = 5.0;
  p.bits = 5;
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 0.35);
  EXPECT_DOUBLE_EQ(Adc(p).conversion_ns(), 5.0);
  p.bits = 6;
  try {
    Adc a(p);
    FAIL() << "a width missing from the table must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "adc table has no entry for 6 bits; table bits: [4, 5, 8]");
  }
  p.energy_per_conversion_pj = 1.67;  // a fixed figure (ISAAC's 8-bit ADC) overrides any law
  EXPECT_DOUBLE_EQ(Adc(p).energy_per_conversion_pj(), 1.67);
}

}  // namespace
}  // namespace kirchhoff
