// Latency and energy laws of tile_cost.h on hand-computed cases.
#include "models/tile_cost.h"

#include <gtest/gtest.h>

#include <vector>

#include "models/adc.h"
#include "models/adc_energy.h"
#include "models/analog_tile_model.h"
#include "models/dac.h"

namespace kirchhoff {
namespace {

constexpr double kCcoPj = 0.27 * 76.8;      // default 8-bit CCO: 0.27 mW for 256 * 0.3 ns
constexpr double kActivePj = 50.0 * 128.0;  // default integration power over the 128 ns window

TileParams small_tile() {
  TileParams p;
  p.rows = 2;
  p.cols = 2;
  return p;  // ideal device, G_max 25 uS, 8-bit signed PWM 1 ns/LSB, 8-bit CCO 0.3 ns/LSB
}

TEST(TileCost, LatencyLaws) {
  TileParams p = small_tile();
  // PWM window 2^7 * 1 ns + CCO 2^8 * 0.3 ns.
  EXPECT_DOUBLE_EQ(AnalogTileModel(p, RandomStream(1, "t")).mvm_latency_ns(), 128.0 + 76.8);
  p.adc.columns_per_adc = 8;
  p.adc.type = AdcType::kSar;  // 8 bits * 1 ns, 8 columns per ADC
  EXPECT_DOUBLE_EQ(AnalogTileModel(p, RandomStream(1, "t")).mvm_latency_ns(), 128.0 + 64.0);
  p = small_tile();
  p.dac.encoding = InputEncoding::kBitSerial;  // 7 reads of (1 ns pulse + 76.8 ns conversion)
  p.dac.phases = 4;
  EXPECT_DOUBLE_EQ(AnalogTileModel(p, RandomStream(1, "t")).mvm_latency_ns(), 4 * 7 * 77.8);
}

// W = [[1, -0.5], [0.25, 0]] on an ideal 2x2 tile: devices (uS) row 0: 25, 0 | 0, 12.5;
// row 1: 6.25, 0 | 0, 0 -> row sums 37.5 and 6.25 uS. x = (1, 0.5) -> codes 127, 64 -> pulses
// 127 ns, 64 ns. Array: 0.3^2 V^2 * (37.5 * 127 + 6.25 * 64) uS ns = 464.625 fJ.
TEST(TileCost, MvmEnergyHandComputed) {
  TileParams p = small_tile();
  AnalogTileModel tile(p, RandomStream(1, "t"));
  const TileCost prog = tile.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  EXPECT_DOUBLE_EQ(prog.energy.programming_pj, 8 * 10.0);  // 8 devices, 1 iteration, 10 pJ
  EXPECT_DOUBLE_EQ(prog.latency_ns, 2 * 1 * 2 * 100.0);    // 2 rows, program + verify
  const float x[2] = {1.0f, 0.5f};
  float y[2];
  const TileCost c = tile.mvm(x, y, 0.0);
  EXPECT_NEAR(c.energy.array_pj, 0.464625, 1e-9);
  EXPECT_DOUBLE_EQ(c.energy.dac_pj, 2 * 0.42);
  EXPECT_DOUBLE_EQ(c.energy.adc_pj, 2 * kCcoPj);
  EXPECT_DOUBLE_EQ(c.energy.buffer_pj, (2 * 8 + 2 * 8) * 0.156);
  EXPECT_DOUBLE_EQ(c.energy.dpu_pj, 0.0);
  EXPECT_DOUBLE_EQ(c.energy.active_pj, kActivePj);
  EXPECT_DOUBLE_EQ(c.latency_ns, 204.8);
  EXPECT_DOUBLE_EQ(c.interval_ns, 204.8);  // serial readout by default
  // Outputs: 1 * 1 + 0.25 * 64/127 and -0.5, within one ADC LSB (12 / 127).
  EXPECT_NEAR(y[0], 1.0 + 0.25 * 64.0 / 127.0, 12.0 / 127.0);
  EXPECT_NEAR(y[1], -0.5, 12.0 / 127.0);
}

// Bit-serial: code 127 has 7 bits set (7 ns on), 64 one bit (1 ns): 0.09 * (37.5*7 + 6.25) fJ;
// 7 reads -> DAC and ADC x 7, 6 shift-and-adds per column.
TEST(TileCost, BitSerialEnergy) {
  TileParams p = small_tile();
  p.dac.encoding = InputEncoding::kBitSerial;
  AnalogTileModel tile(p, RandomStream(1, "t"));
  tile.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  const float x[2] = {1.0f, 0.5f};
  float y[2];
  const TileCost c = tile.mvm(x, y, 0.0);
  EXPECT_NEAR(c.energy.array_pj, 0.09 * (37.5 * 7 + 6.25) * 1e-3, 1e-12);
  EXPECT_DOUBLE_EQ(c.energy.dac_pj, 7 * 2 * 0.42);
  EXPECT_DOUBLE_EQ(c.energy.adc_pj, 7 * 2 * kCcoPj);
  EXPECT_DOUBLE_EQ(c.energy.dpu_pj, 2 * 6 * 0.03);
  EXPECT_DOUBLE_EQ(c.energy.active_pj, 50.0 * 7 * 1.0);  // 7 windows of 1 ns
}

// Pipelined readout: interval = reads * max(t_i, t_c), latency = t_i + (reads-1) max + t_c.
// HERMES 1-phase: 128 ns interval, 204.8 ns latency; 4-phase: 512 ns, 588.8 ns. A readout slower
// than the window (2 columns per CCO ADC: 153.6 ns) sets the interval.
TEST(TileCost, PipelinedReadoutOverlapsIntegrationAndConversion) {
  TileParams p = small_tile();
  p.readout = Readout::kPipelined;
  AnalogTileModel one(p, RandomStream(1, "t"));
  EXPECT_DOUBLE_EQ(one.mvm_interval_ns(), 128.0);
  EXPECT_DOUBLE_EQ(one.mvm_latency_ns(), 204.8);
  p.dac.phases = 4;
  AnalogTileModel four(p, RandomStream(1, "t"));
  EXPECT_DOUBLE_EQ(four.mvm_interval_ns(), 512.0);
  EXPECT_DOUBLE_EQ(four.mvm_latency_ns(), 128.0 + 3 * 128.0 + 76.8);
  p.dac.phases = 1;
  p.adc.columns_per_adc = 2;  // 153.6 ns of conversion: the readout is the slower stage
  AnalogTileModel shared(p, RandomStream(1, "t"));
  EXPECT_DOUBLE_EQ(shared.mvm_interval_ns(), 153.6);
  EXPECT_DOUBLE_EQ(shared.mvm_latency_ns(), 128.0 + 153.6);
  p.readout = Readout::kSerial;
  EXPECT_DOUBLE_EQ(AnalogTileModel(p, RandomStream(1, "t")).mvm_interval_ns(), 128.0 + 153.6);
}

// Every phase repeats its DAC, ADC and active time; the array energy is the 1-phase one (each
// input polarity meets each weight polarity in one phase). Sharing stretches the conversion, so
// a per-tile readout power costs more; the ADC energy (cols conversions) does not change.
TEST(TileCost, PhasesAndSharingScaleTheTimeProportionalParts) {
  TileParams p = small_tile();
  p.energy.conversion_power_mW = 10.0;
  AnalogTileModel base(p, RandomStream(1, "t"));
  base.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  const float x[2] = {1.0f, 0.5f};
  float y[2];
  const TileCost c1 = base.mvm(x, y, 0.0);
  EXPECT_DOUBLE_EQ(c1.energy.active_pj, 50.0 * 128.0 + 10.0 * 76.8);
  p.dac.phases = 4;
  AnalogTileModel four(p, RandomStream(1, "t"));
  four.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  const TileCost c4 = four.mvm(x, y, 0.0);
  EXPECT_DOUBLE_EQ(c4.energy.active_pj, 4 * c1.energy.active_pj);
  EXPECT_DOUBLE_EQ(c4.energy.adc_pj, 4 * c1.energy.adc_pj);
  EXPECT_DOUBLE_EQ(c4.energy.dac_pj, 4 * c1.energy.dac_pj);
  EXPECT_DOUBLE_EQ(c4.energy.array_pj, c1.energy.array_pj);
  p.dac.phases = 1;
  p.adc.columns_per_adc = 2;
  AnalogTileModel shared(p, RandomStream(1, "t"));
  shared.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  const TileCost cs = shared.mvm(x, y, 0.0);
  EXPECT_DOUBLE_EQ(cs.energy.adc_pj, c1.energy.adc_pj);
  EXPECT_DOUBLE_EQ(cs.energy.active_pj, 50.0 * 128.0 + 10.0 * 153.6);
}

// Calibration: 2 rows -> 2 orthogonal +-full-scale patterns (the largest output, 1.25, is far
// inside the ADC bound, so the amplitude is 1), each read twice: 4 reads, each costing one MVM
// with every row at full scale (DAC, ADC and the whole array's energy per read).
TEST(TileCost, CalibrationCostsOneFullScaleMvmPerRead) {
  TileParams p = small_tile();
  AnalogTileModel tile(p, RandomStream(1, "t"));
  tile.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  EXPECT_EQ(tile.calibration_reads(), 4);
  EXPECT_DOUBLE_EQ(tile.calibration_amplitude(), 1.0);
  const TileCost c = tile.calibrate(10.0);
  EXPECT_DOUBLE_EQ(c.latency_ns, 4 * 204.8);
  EXPECT_NEAR(c.energy.array_pj, 4 * 0.09 * (37.5 + 6.25) * 127 * 1e-3, 1e-12);
  EXPECT_DOUBLE_EQ(c.energy.adc_pj, 4 * 2 * kCcoPj);
  EXPECT_DOUBLE_EQ(c.energy.active_pj, 4 * kActivePj);
  p.read.compensation = DriftCompensation::kNone;
  AnalogTileModel off(p, RandomStream(1, "t"));
  off.program({1.0f, -0.5f, 0.25f, 0.0f}, 2, 2);
  EXPECT_DOUBLE_EQ(off.calibrate(10.0).energy.total_pj(), 0.0);
}

}  // namespace
}  // namespace kirchhoff
