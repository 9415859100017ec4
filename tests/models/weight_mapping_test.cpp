#include "models/weight_mapping.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace kirchhoff {
namespace {

std::vector<float> decode(const MappedWeights& m) {
  std::vector<float> w_n(m.plane_size());
  normalised_weights(m, m.target_uS.data(), w_n.data());
  return w_n;
}

TEST(WeightMapping, DifferentialPairPerTile) {
  const std::vector<float> w = {1.0f, -0.5f, 0.25f, 0.0f};
  MappingParams mp;
  const MappedWeights m = map_weights(w.data(), 2, 2, mp, 0.0, 25.0);
  ASSERT_EQ(m.planes(), 2);
  // G+ plane then G- plane.
  EXPECT_FLOAT_EQ(m.target_uS[0], 25.0f);
  EXPECT_FLOAT_EQ(m.target_uS[4 + 0], 0.0f);
  EXPECT_FLOAT_EQ(m.target_uS[1], 0.0f);
  EXPECT_FLOAT_EQ(m.target_uS[4 + 1], 12.5f);
  EXPECT_FLOAT_EQ(m.target_uS[2], 6.25f);
  for (float v : m.w_max) EXPECT_FLOAT_EQ(v, 1.0f);
  const auto w_n = decode(m);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(w_n[i] * m.w_max[i % 2], w[i], 1e-6);
}

TEST(WeightMapping, GMinOffsetsBothDevices) {
  const std::vector<float> w = {0.5f, -1.0f};
  const MappedWeights m = map_weights(w.data(), 1, 2, MappingParams{}, 5.0, 25.0);
  EXPECT_FLOAT_EQ(m.target_uS[0], 15.0f);  // 5 + 0.5 * 20
  EXPECT_FLOAT_EQ(m.target_uS[2], 5.0f);
  EXPECT_FLOAT_EQ(m.target_uS[3], 25.0f);
  const auto w_n = decode(m);
  EXPECT_NEAR(w_n[0], 0.5, 1e-6);
  EXPECT_NEAR(w_n[1], -1.0, 1e-6);
}

TEST(WeightMapping, PerColumnScaleAndClipping) {
  const std::vector<float> w = {2.0f, 0.1f, -1.0f, -0.2f};  // column maxima 2 and 0.2
  MappingParams mp;
  mp.scaling = WeightScaling::kPerColumn;
  const MappedWeights m = map_weights(w.data(), 2, 2, mp, 0.0, 25.0);
  EXPECT_FLOAT_EQ(m.w_max[0], 2.0f);
  EXPECT_FLOAT_EQ(m.w_max[1], 0.2f);
  EXPECT_FLOAT_EQ(m.target_uS[4 + 3], 25.0f);  // -0.2 is full scale of column 1
  // Clip at 1 std: values beyond w_max saturate at G_max.
  MappingParams clip;
  clip.clip_weights_sigma = 1.0;
  const std::vector<float> v = {1.0f, -1.0f, 1.0f, -1.0f, 10.0f, 0.0f};
  const MappedWeights c = map_weights(v.data(), 3, 2, clip, 0.0, 25.0);
  EXPECT_LT(c.w_max[0], 10.0f);
  EXPECT_FLOAT_EQ(c.target_uS[4], 25.0f);
}

// Four devices: W ∝ (G+ - G-) + F (g+ - g-). Continuous: both pairs hold the same value.
TEST(WeightMapping, FourDevicesWithSignificanceFactor) {
  const std::vector<float> w = {0.6f, -0.3f, 1.0f};
  MappingParams mp;
  mp.devices_per_weight = 4;
  mp.significance_factor = 3.0;
  const MappedWeights m = map_weights(w.data(), 1, 3, mp, 0.0, 25.0);
  ASSERT_EQ(m.planes(), 4);
  EXPECT_DOUBLE_EQ(m.significance_sum(), 4.0);
  EXPECT_FLOAT_EQ(m.target_uS[0], 15.0f);      // G+ of w = 0.6
  EXPECT_FLOAT_EQ(m.target_uS[2 * 3], 15.0f);  // g+ of w = 0.6
  const auto w_n = decode(m);
  EXPECT_NEAR(w_n[0], 0.6, 1e-6);
  EXPECT_NEAR(w_n[1], -0.3, 1e-6);
}

// With N levels the significant pair takes the coarse step, the other pair the residual: two
// pairs resolve the weight far better than one pair alone.
TEST(WeightMapping, QuantisedLevelsWithResidualPair) {
  std::vector<float> w(101);
  for (int i = 0; i <= 100; ++i) w[i] = -1.0f + 0.02f * i;
  MappingParams one;
  one.programmable_levels = 5;  // step 6.25 uS: 0.25 of full scale
  const MappedWeights m1 = map_weights(w.data(), 1, 101, one, 0.0, 25.0);
  for (float g : m1.target_uS) EXPECT_NEAR(std::fmod(g, 6.25f), 0.0f, 1e-4f);
  MappingParams two = one;
  two.devices_per_weight = 4;
  two.significance_factor = 4.0;
  const MappedWeights m2 = map_weights(w.data(), 1, 101, two, 0.0, 25.0);
  const auto w1 = decode(m1), w2 = decode(m2);
  double e1 = 0.0, e2 = 0.0;
  for (int i = 0; i <= 100; ++i) {
    e1 = std::max(e1, std::fabs(static_cast<double>(w1[i]) - w[i]));
    e2 = std::max(e2, std::fabs(static_cast<double>(w2[i]) - w[i]));
  }
  // One pair: step 0.25 of full scale, so up to half a step (0.12 on this 0.02 grid).
  EXPECT_GT(e1, 0.11);
  EXPECT_LE(e1, 0.125 + 1e-6);
  // Two pairs (F = 4): the residual pair's half step is 3.125 uS of a 5 * 25 uS range = 0.025.
  EXPECT_LE(e2, 0.025 + 1e-6);
}

TEST(WeightMapping, RejectsBadParams) {
  const std::vector<float> w = {1.0f};
  MappingParams mp;
  mp.devices_per_weight = 3;
  EXPECT_THROW(map_weights(w.data(), 1, 1, mp, 0.0, 25.0), std::invalid_argument);
  mp.devices_per_weight = 2;
  mp.programmable_levels = 1;
  EXPECT_THROW(map_weights(w.data(), 1, 1, mp, 0.0, 25.0), std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff
