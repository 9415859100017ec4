// The digital tile's arithmetic (models/digital_mvm.h): the stored codes, the integer
// accumulation and the one rounding of the requantisation, bit for bit, and its cost law.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/digital_mvm.h"
#include "models/numeric_format.h"

namespace kirchhoff {
namespace {

// 3 inputs x 2 outputs, row-major by input row; max |w| = 127, so s_w = 1 exactly and w / s_w
// holds the ties exactly.
const std::vector<float> kW = {127.0f, -63.5f, 31.75f, 0.0f, -127.0f, 95.25f};

TEST(DigitalMvm, Int8CodesRoundTiesToEvenAndSaturate) {
  const DigitalBlock b = store_weights(kW.data(), 3, 2, DigitalFormat::kInt8);
  EXPECT_EQ(b.scale, 1.0f);
  // 127, -63.5 (tie -> -64), 31.75 -> 32, 0, -127, 95.25 -> 95.
  EXPECT_EQ(b.q, (std::vector<std::int32_t>{127, -64, 32, 0, -127, 95}));
}

TEST(DigitalMvm, Int8ResultIsTheIntegerSumScaledOnce) {
  const DigitalBlock b = store_weights(kW.data(), 3, 2, DigitalFormat::kInt8);
  // R = 254: s_x = 2, codes 64 (127 / 2 = 63.5, tie to even), -127 (clipped from -128), 32.
  const std::vector<float> x = {127.0f, -256.0f, 63.5f};
  std::vector<float> y(2);
  const std::uint64_t nonzero = digital_mvm(b, x.data(), 254.0f, y.data());
  // acc0 = 64*127 - 127*32 - 32*127 = 0; acc1 = -64*64 + 0 + 32*95 = -1056; y = acc * 2 * 1.
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], -2112.0f);
  EXPECT_EQ(nonzero, 5u);  // the zero weight's MAC is the only one with a zero operand
}

TEST(DigitalMvm, InputsBeyondTheFullScaleClipAndZeroRangeScalesPerVector) {
  const DigitalBlock b = store_weights(kW.data(), 3, 2, DigitalFormat::kInt8);
  const std::vector<float> x = {254.0f, 0.0f, 0.0f};
  std::vector<float> clipped(2), per_vector(2);
  digital_mvm(b, x.data(), 127.0f, clipped.data());   // s_x = 1: code 127 (clipped from 254)
  digital_mvm(b, x.data(), 0.0f, per_vector.data());  // R = max|x| = 254: s_x = 2, code 127
  EXPECT_EQ(clipped[0], 127.0f * 127.0f);
  EXPECT_EQ(clipped[1], -64.0f * 127.0f);
  EXPECT_EQ(per_vector[0], 2.0f * 127.0f * 127.0f);
}

TEST(DigitalMvm, Int4CodesUseSevenLevelsPerSign) {
  const std::vector<float> w = {7.0f, -3.5f, 1.75f, 0.0f, -7.0f, 5.25f};  // s_w = 1 exactly
  const DigitalBlock b = store_weights(w.data(), 3, 2, DigitalFormat::kInt4);
  EXPECT_EQ(b.scale, 1.0f);
  // 7, -3.5 (tie -> -4), 1.75 -> 2, 0, -7, 5.25 -> 5.
  EXPECT_EQ(b.q, (std::vector<std::int32_t>{7, -4, 2, 0, -7, 5}));
}

TEST(DigitalMvm, Fp16AccumulatesExactProductsInFloat32InRowOrder) {
  const std::vector<float> w = {0.1f, 3.0f, -0.3f, 1e-3f, 7.0f, 65504.0f};
  const DigitalBlock b = store_weights(w.data(), 3, 2, DigitalFormat::kFp16);
  const NumericFormat h = NumericFormat::fp16();
  const std::vector<float> x = {0.7f, -2.5f, 1e-4f};
  std::vector<float> y(2);
  digital_mvm(b, x.data(), 0.0f, y.data());
  for (int c = 0; c < 2; ++c) {
    float acc = 0.0f;
    for (int r = 0; r < 3; ++r) acc = acc + h.round(x[r]) * h.round(w[r * 2 + c]);
    EXPECT_EQ(y[c], acc) << c;
  }
  EXPECT_NE(b.h[0], 0.1f);  // stored in binary16, not float32
}

TEST(DigitalMvm, CostLawCyclesEnergyAndZeroSkipping) {
  DigitalTileParams p;  // int8, 0.5 GHz, 1024 MACs per cycle, 4 pipeline cycles
  const TileCost full = digital_mvm_cost(p, 256, 256, 1000);
  EXPECT_DOUBLE_EQ(full.latency_ns, (64 + 4) / 0.5);
  EXPECT_DOUBLE_EQ(full.energy.array_pj, 65536 * (2.0 / (89.0 / 4.0)));
  EXPECT_DOUBLE_EQ(full.energy.buffer_pj, (256 * 8 + 256 * 32) * 0.076);
  p.zero_skipping = true;
  const TileCost skip = digital_mvm_cost(p, 256, 256, 1000);
  EXPECT_DOUBLE_EQ(skip.energy.array_pj, 1000 * (2.0 / (89.0 / 4.0)));
  EXPECT_DOUBLE_EQ(skip.latency_ns, full.latency_ns);  // time saved only when configured
  p.zero_skipping_time = true;
  EXPECT_DOUBLE_EQ(digital_mvm_cost(p, 256, 256, 1000).latency_ns, (1 + 4) / 0.5);
}

TEST(DigitalMvm, PeakAndAreaFollowTheMacroFigures) {
  const DigitalTileParams p;
  const double tops = 2.0 * 65536 / (136e-9) / 1e12;
  EXPECT_DOUBLE_EQ(digital_peak_tops(p, 256, 256), tops);
  // 16.3 TOPS/mm^2 at 4b x 4b -> 4.075 at 8b x 8b (bits rule).
  EXPECT_DOUBLE_EQ(digital_tile_area_mm2(p, 256, 256), tops / (16.3 * 16 / 64));
}

}  // namespace
}  // namespace kirchhoff
