#include "models/device_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/device_characterisation.h"
#include "models/table_device.h"

namespace kirchhoff {
namespace {

// Binomial SE of a fraction p over N devices is sqrt(p (1 - p) / N); tolerance 5 SE.
TEST(DeviceModel, StuckAtFractions) {
  DeviceParams p;
  p.type = DeviceType::kPcm;
  p.stuck_at_min_fraction = 0.01;
  p.stuck_at_max_fraction = 0.02;
  const auto model = make_device_model(p);
  const std::size_t n = 200000;
  ProgrammedDevices d;
  const RandomStream rng(3, "stuck");
  model->program(std::vector<float>(n, 10.0f), rng, 0, &d);
  apply_stuck_at_faults(p, *model, rng, 0, &d);
  std::size_t at_min = 0, at_max = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (d.g_prog_uS[i] == 0.0f && d.nu[i] == 0.0f) ++at_min;
    if (d.g_prog_uS[i] == 25.0f && d.nu[i] == 0.0f) ++at_max;
  }
  const auto tol = [&](double f) { return 5.0 * std::sqrt(f * (1 - f) / n); };
  EXPECT_NEAR(static_cast<double>(at_min) / n, 0.01, tol(0.01));
  EXPECT_NEAR(static_cast<double>(at_max) / n, 0.02, tol(0.02));
}

TEST(DeviceModel, RejectsInconsistentParams) {
  DeviceParams p;
  p.g_min_uS = 30.0;
  EXPECT_THROW(make_device_model(p), std::invalid_argument);
  DeviceParams t;
  t.type = DeviceType::kTable;  // empty table
  EXPECT_THROW(make_device_model(t), std::invalid_argument);
}

// RRAM: sigma_prog = prog_sigma_rel * G_max (SE of the std 0.16 %, tolerance 1 %); constant drift.
TEST(DeviceModel, RramProgrammingNoiseAndDrift) {
  DeviceParams p;
  p.type = DeviceType::kRram;
  p.g_max_uS = 225.0;
  p.rram.drift_nu = 0.01;
  const auto model = make_device_model(p);
  const std::size_t n = 200000;
  ProgrammedDevices d;
  model->program(std::vector<float>(n, 120.0f), RandomStream(4, "rram"), 0, &d);
  double s = 0.0, s2 = 0.0;
  for (float v : d.g_prog_uS) {
    s += v - 120.0;
    s2 += (v - 120.0) * (v - 120.0);
  }
  const double sd = std::sqrt(s2 / n - (s / n) * (s / n));
  EXPECT_NEAR(sd / (0.019 * 225.0), 1.0, 0.01);
  std::vector<float> g(n);
  drifted_conductance(d, 100.0, 1.0, g.data());
  EXPECT_NEAR(g[0] / d.g_prog_uS[0], std::pow(100.0, -0.01), 1e-6);
}

TEST(DeviceModel, TableInterpolatesMeanAndSigma) {
  TableParams t;
  t.levels_uS = {0.0, 10.0, 20.0};
  t.mean_uS = {0.5, 10.0, 19.0};
  t.sigma_uS = {0.2, 1.0, 2.0};
  const TableDevice m(t);
  EXPECT_DOUBLE_EQ(m.mean_uS(5.0), 5.25);
  EXPECT_DOUBLE_EQ(m.sigma_uS(15.0), 1.5);
  EXPECT_DOUBLE_EQ(m.mean_uS(30.0), 19.0);
  // Sample mean / std at 15 uS: SE of the mean 1.5 / sqrt(1e5) = 0.005, tolerance 0.03.
  const std::size_t n = 100000;
  ProgrammedDevices d;
  m.program(std::vector<float>(n, 15.0f), RandomStream(5, "table"), 0, &d);
  double s = 0.0, s2 = 0.0;
  for (float v : d.g_prog_uS) {
    s += v;
    s2 += static_cast<double>(v) * v;
  }
  const double mean = s / n;
  EXPECT_NEAR(mean, 14.5, 0.03);
  EXPECT_NEAR(std::sqrt(s2 / n - mean * mean), 1.5, 0.03);
}

TEST(DeviceCharacterisation, PcmDriftsDownAndKeepsTheLayout) {
  DeviceParams p;
  p.type = DeviceType::kPcm;
  std::vector<std::vector<double>> raw;
  const auto stats = characterise_device(p, {0.25, 1.0}, {1.0, 86400.0}, 5000, 9, &raw);
  ASSERT_EQ(stats.size(), 4u);
  ASSERT_EQ(raw.size(), 4u);
  EXPECT_EQ(raw[0].size(), 5000u);
  EXPECT_DOUBLE_EQ(stats[1].level, 0.25);
  EXPECT_DOUBLE_EQ(stats[1].time_s, 86400.0);
  // Level 1 at t = 1 s (before t0): mean 25 uS up to the clamping-free noise (SE 0.015 uS);
  // after one day the median drift factor is 0.664 (nu ~0.049 at g = 1): mean within 2 %.
  EXPECT_NEAR(stats[2].mean_uS, 25.0, 0.1);
  EXPECT_NEAR(stats[3].mean_uS / 25.0, 0.664, 0.664 * 0.02);
  EXPECT_GT(stats[3].std_uS, 0.0);
}

}  // namespace
}  // namespace kirchhoff
