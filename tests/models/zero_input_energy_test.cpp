// A zero input costs no PWM pulse and no array energy (issue 16 item 6): on a 4 x 2 ideal tile
// the array and DAC energy of an MVM with half the inputs zero are exactly those of the non-zero
// rows, and all-zero inputs drive and read nothing. A zero code is a pulse of zero duration: the
// row's driver never switches (no DAC drive energy) and no current flows (no array energy),
// whatever the config. (The ADCs, the buffers and the integration window are charged per MVM
// whatever the inputs: models/tile_cost.h.)
#include <gtest/gtest.h>

#include <vector>

#include "models/analog_tile_model.h"
#include "models/dac.h"
#include "models/tile_cost.h"

namespace kirchhoff {
namespace {

// W = [[1, -0.5], [0.25, 0.5], [-1, 0], [0.5, 0.25]], w_max = 1 -> G_max = 25 uS per unit
// weight, each weight on its sign's device: row conductance sums 37.5, 18.75, 25, 18.75 uS.
// x = 1 -> code 127 -> 127 ns pulse (8-bit signed PWM, 1 ns per LSB); V_read = 0.3 V.
constexpr double kRowSumUs[4] = {37.5, 18.75, 25.0, 18.75};
constexpr double kPjPerUsNsV2 = 1e-3;

double expected_array_pj(const bool on[4]) {
  double g_t = 0;
  for (int r = 0; r < 4; ++r) g_t += on[r] ? kRowSumUs[r] * 127.0 : 0.0;
  return 0.3 * 0.3 * g_t * kPjPerUsNsV2;
}

TileCost mvm_with(const std::vector<float>& x) {
  TileParams p;
  p.rows = 4;
  p.cols = 2;  // ideal device, G_max 25 uS, 8-bit signed PWM 1 ns/LSB, V_read 0.3 V
  AnalogTileModel tile(p, RandomStream(1, "zero_inputs"));
  tile.program({1.0f, -0.5f, 0.25f, 0.5f, -1.0f, 0.0f, 0.5f, 0.25f}, 4, 2);
  float y[2];
  return tile.mvm(x.data(), y, 0.0);
}

TEST(ZeroInputEnergy, HalfTheInputsZeroCostsOnlyTheNonZeroRows) {
  const bool all[4] = {true, true, true, true}, half[4] = {true, false, true, false};
  const TileCost dense = mvm_with({1.0f, 1.0f, 1.0f, 1.0f});
  const TileCost sparse = mvm_with({1.0f, 0.0f, 1.0f, 0.0f});
  EXPECT_NEAR(dense.energy.array_pj, expected_array_pj(all), 1e-12);    // 1.143 pJ
  EXPECT_NEAR(sparse.energy.array_pj, expected_array_pj(half), 1e-12);  // 0.714375 pJ
  EXPECT_NEAR(dense.energy.array_pj - sparse.energy.array_pj, 0.3 * 0.3 * 37.5 * 127 * 1e-3, 1e-12);
  // The DAC drives a row for one read at 0.42 pJ (TileParams default): 4 rows, then 2.
  EXPECT_DOUBLE_EQ(dense.energy.dac_pj, 4 * 0.42);
  EXPECT_DOUBLE_EQ(sparse.energy.dac_pj, 2 * 0.42);
  // What does not depend on the input values is the same.
  EXPECT_DOUBLE_EQ(sparse.energy.buffer_pj, dense.energy.buffer_pj);
  EXPECT_DOUBLE_EQ(sparse.energy.adc_pj, dense.energy.adc_pj);
  EXPECT_DOUBLE_EQ(sparse.energy.active_pj, dense.energy.active_pj);
  EXPECT_DOUBLE_EQ(sparse.latency_ns, dense.latency_ns);
}

TEST(ZeroInputEnergy, AllZeroInputsReadNothing) {
  const TileCost c = mvm_with({0.0f, 0.0f, 0.0f, 0.0f});
  EXPECT_EQ(c.energy.array_pj, 0.0);
  EXPECT_EQ(c.energy.dac_pj, 0.0);
  TileParams p;
  const Dac dac(p.dac);
  EXPECT_EQ(dac.pulse_ns(0), 0.0);  // no PWM pulse for a zero code
  EXPECT_EQ(dac.pulse_ns(127), 127.0);
}

// Bit-serial and 2-phase inputs: a zero input pulses in none of the reads, a non-zero one in
// each read (models/tile_cost.h): 3 driven rows x 7 magnitude bits x 2 phases x 0.42 pJ.
TEST(ZeroInputEnergy, BitSerialZeroInputsDriveNoRead) {
  TileParams p;
  p.rows = 4;
  p.cols = 2;
  p.dac.encoding = InputEncoding::kBitSerial;
  p.dac.phases = 2;
  AnalogTileModel tile(p, RandomStream(1, "zero_inputs"));
  tile.program({1.0f, -0.5f, 0.25f, 0.5f, -1.0f, 0.0f, 0.5f, 0.25f}, 4, 2);
  float y[2];
  const std::vector<float> x = {0.5f, 0.0f, -0.25f, 1.0f};
  EXPECT_DOUBLE_EQ(tile.mvm(x.data(), y, 0.0).energy.dac_pj, 3 * 7 * 2 * 0.42);
}

}  // namespace
}  // namespace kirchhoff
