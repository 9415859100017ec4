// Statistical checks of the PCM model against the sanity values of docs/published_figures.md.
// Fixed seeds; tolerances are several standard errors of the estimate (stated per test).
#include "models/pcm_device.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "models/device_model.h"
#include "models/random_stream.h"

namespace kirchhoff {
namespace {

constexpr double kGMaxUs = 25.0;
constexpr std::size_t kN = 200000;

PcmDevice pcm() {
  return PcmDevice(PcmParams{}, kGMaxUs);
}

ProgrammedDevices program_at(double g, std::uint64_t seed) {
  ProgrammedDevices d;
  pcm().program(std::vector<float>(kN, static_cast<float>(g * kGMaxUs)),
                RandomStream(seed, "pcm_test"), 0, &d);
  return d;
}

TEST(PcmDevice, ProgrammingSigmaFormulaMatchesSanityValues) {
  const PcmDevice m = pcm();
  EXPECT_NEAR(m.prog_sigma_uS(0.0), 0.26, 0.005);
  EXPECT_NEAR(m.prog_sigma_uS(0.5 * kGMaxUs), 0.95, 0.005);
  EXPECT_NEAR(m.prog_sigma_uS(1.0 * kGMaxUs), 1.06, 0.005);
  // Scaled by G_max / g_ref.
  EXPECT_NEAR(PcmDevice(PcmParams{}, 50.0).prog_sigma_uS(25.0), 2.0 * m.prog_sigma_uS(12.5), 1e-12);
}

// Sample std of G_prog - target at g = 0.5 and 1 (no clamping: 12 sigma from 0). Relative
// standard error of a std estimate is 1/sqrt(2N) = 0.16 %; tolerance 1 % (6 SE).
TEST(PcmDevice, ProgrammingNoiseStatistics) {
  for (double g : {0.5, 1.0}) {
    const ProgrammedDevices d = program_at(g, 11);
    double s = 0.0, s2 = 0.0;
    for (float v : d.g_prog_uS) {
      const double e = v - g * kGMaxUs;
      s += e;
      s2 += e * e;
    }
    const double mean = s / kN, sd = std::sqrt(s2 / kN - mean * mean);
    const double expected = pcm().prog_sigma_uS(g * kGMaxUs);
    EXPECT_NEAR(sd / expected, 1.0, 0.01) << "g = " << g << " measured " << sd;
    EXPECT_NEAR(mean, 0.0, 6.0 * expected / std::sqrt(kN));
  }
  // g = 0: G_prog = max(0, sigma z); E[G^2] = sigma^2 / 2, so sigma = sqrt(2 E[G^2]); half the
  // devices clamp to 0 (binomial SE 0.11 %, tolerance 0.6 %).
  const ProgrammedDevices d = program_at(0.0, 12);
  double s2 = 0.0;
  std::size_t zeros = 0;
  for (float v : d.g_prog_uS) {
    s2 += static_cast<double>(v) * v;
    zeros += v == 0.0f;
  }
  EXPECT_NEAR(std::sqrt(2.0 * s2 / kN), 0.26348, 0.26348 * 0.01);
  EXPECT_NEAR(static_cast<double>(zeros) / kN, 0.5, 0.006);
}

// mu_nu at g = 0.1 is 0.060; sigma_nu = 0.0229, so the SE of the mean of 200k draws is 5e-5.
// E|X| differs from mu by 4e-4 (folding at 2.6 sigma), inside the 1e-3 tolerance.
TEST(PcmDevice, DriftExponentAtTenPercent) {
  EXPECT_NEAR(pcm().nu_mean(0.1 * kGMaxUs), 0.060, 5e-4);
  const ProgrammedDevices d = program_at(0.1, 13);
  const double mean = std::accumulate(d.nu.begin(), d.nu.end(), 0.0) / kN;
  EXPECT_NEAR(mean, 0.060, 1e-3);
}

// At g = 1: nu ~ |N(0.049, 0.008)|. Drift factor (t/t0)^-nu at the median nu = 0.049 must give
// 0.775 / 0.664 / 0.497 after 1 h / 1 day / 1 year (3 decimals: tolerance 1e-3). The measured
// distribution: median factor within 2e-3 (SE of the median of nu ~2.2e-5 -> 3e-4 in factor
// at 1 year), the spread of ln(factor) / ln(t/t0) = sigma_nu = 0.008 within 2 %, and the mean
// factor equal to the lognormal mean exp(-mu L + sigma^2 L^2 / 2) within 0.2 %.
TEST(PcmDevice, DriftFactorsAndTheirDistribution) {
  const ProgrammedDevices d = program_at(1.0, 14);
  const double t0 = PcmParams{}.t0_s;
  const double hour = 3600.0, day = 86400.0, year = 365.0 * 86400.0;
  const double expected[3] = {0.775, 0.664, 0.497};
  const double times[3] = {hour, day, year};
  std::vector<float> g_t(kN);
  for (int k = 0; k < 3; ++k) {
    const double l = std::log(times[k] / t0);
    EXPECT_NEAR(std::exp(-0.049 * l), expected[k], 1e-3);
    drifted_conductance(d, times[k], t0, g_t.data());
    std::vector<double> f(kN);
    double sum = 0.0, lsum = 0.0, lsum2 = 0.0;
    for (std::size_t i = 0; i < kN; ++i) {
      f[i] = g_t[i] / d.g_prog_uS[i];
      sum += f[i];
      const double nu = -std::log(f[i]) / l;
      lsum += nu;
      lsum2 += nu * nu;
    }
    std::nth_element(f.begin(), f.begin() + kN / 2, f.end());
    EXPECT_NEAR(f[kN / 2], expected[k], 2e-3) << "t = " << times[k];
    const double nu_mean = lsum / kN, nu_sd = std::sqrt(lsum2 / kN - nu_mean * nu_mean);
    EXPECT_NEAR(nu_sd, 0.008, 0.008 * 0.02);
    const double lognormal_mean = std::exp(-0.049 * l + 0.5 * 0.008 * 0.008 * l * l);
    EXPECT_NEAR(sum / kN / lognormal_mean, 1.0, 2e-3);
  }
}

// Two reads of the same devices differ by sigma_read * sqrt(2) per device, so
// sum (r1 - r2)^2 / 2 estimates sum sigma_i^2 with relative SE sqrt(2/N) = 0.3 %; 2 % tolerance.
TEST(PcmDevice, ReadNoiseSigma) {
  const PcmDevice m = pcm();
  const ProgrammedDevices d = program_at(0.5, 15);
  const double t = 3600.0;
  std::vector<float> g_t(kN), r1(kN), r2(kN);
  drifted_conductance(d, t, m.drift_t0_s(), g_t.data());
  const RandomStream rng(15, "pcm_test");
  read_conductance(d, m, t, rng, 1, g_t.data(), r1.data());
  read_conductance(d, m, t, rng, 2, g_t.data(), r2.data());
  const double tf = std::sqrt(std::log((t + 250e-9) / (2 * 250e-9)));
  double measured = 0.0, expected = 0.0;
  for (std::size_t i = 0; i < kN; ++i) {
    measured += 0.5 * (r1[i] - r2[i]) * (r1[i] - r2[i]);
    const double q = std::min(0.0088 / std::pow(d.g_prog_uS[i] / kGMaxUs, 0.65), 0.2);
    const double s = g_t[i] * q * tf;
    expected += s * s;
  }
  EXPECT_NEAR(measured / expected, 1.0, 0.02);
  // For one typical device at g = 0.5 after 1 h: sigma = G Q_s sqrt(L) = 0.97 uS -> ~0.16 G(t).
  EXPECT_NEAR(m.read_q(12.5f), 0.0088 / std::pow(0.5, 0.65), 1e-6);
  EXPECT_NEAR(m.read_noise_time_factor(t), tf, 1e-12);
  EXPECT_EQ(m.read_noise_time_factor(0.0), 0.0);
}

}  // namespace
}  // namespace kirchhoff
