// The compact device storage of a tile (models/device_storage.h): the bits of the binary16
// conversion, the precision of stored conductances and drift exponents, and the bytes a PCM tile
// keeps per weight.
#include "models/device_storage.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "models/analog_tile_model.h"
#include "models/numeric_format.h"
#include "models/pcm_device.h"

namespace kirchhoff {
namespace {

// Every finite non-negative half decodes to the value numeric_format gives, and encoding any
// non-negative float (ties, subnormal halves, overflow) gives numeric_format's bits (saturating
// at the largest half 65504 instead of infinity).
TEST(DeviceStorage, Fp16ConversionMatchesNumericFormatBitForBit) {
  for (std::uint32_t h = 0; h <= 0x7bffu; ++h) {
    const auto bits = static_cast<std::uint16_t>(h);
    float x = 0.0f;
    decode_fp16(&bits, &x, 1);
    ASSERT_EQ(x, float_from_fp16_bits(bits)) << h;
    std::uint16_t back = 0;
    encode_fp16(&x, &back, 1);
    ASSERT_EQ(back, bits) << h;
  }
  std::vector<float> x;
  for (std::uint32_t b = 0; b < 0x477ff000u; b += 4093) {  // floats below 65520
    float f;
    std::memcpy(&f, &b, sizeof f);
    x.push_back(f);
  }
  for (float f :
       {5.9604645e-8f, 2.9802322e-8f, 6.1035156e-5f, 1.0009766f, 1.0004883f, 65504.0f, 65519.0f}) {
    x.push_back(f);  // the smallest subnormal, ties to even, the largest half
  }
  std::vector<std::uint16_t> h(x.size());
  encode_fp16(x.data(), h.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_EQ(h[i], fp16_bits_from_float(x[i])) << x[i];
  }
  const float big = 1e6f;
  std::uint16_t sat = 0;
  encode_fp16(&big, &sat, 1);
  EXPECT_EQ(sat, 0x7bffu);
}

ProgrammedDevices pcm_devices(std::size_t n) {
  std::vector<float> target(n);
  for (std::size_t i = 0; i < n; ++i) target[i] = static_cast<float>(25.0 * (i % 101) / 100.0);
  ProgrammedDevices d;
  PcmDevice(PcmParams{}, 25.0).program(target, RandomStream(9, "storage"), 0, &d);
  d.g_prog_uS[3] = 0.0f;  // a device stuck at G_min: holds exactly 0 and does not drift
  d.nu[3] = 0.0f;
  return d;
}

// The precision the storage costs: conductance within half a binary16 step (2^-11 relative),
// drift exponent within half a code (nu_max / 131070), G(t) within both, stuck devices exact.
TEST(DeviceStorage, PrecisionOfStoredConductancesAndDriftExponents) {
  const ProgrammedDevices d = pcm_devices(10007);
  DeviceStorage s;
  s.store(d, false);
  EXPECT_EQ(s.stored_bytes(), 4u * d.size());
  const ProgrammedDevices back = s.decode();
  float nu_max = 0.0f;
  for (float v : back.nu) nu_max = std::max(nu_max, v);
  EXPECT_EQ(s.nu_max(), nu_max);
  EXPECT_NEAR(s.nu_max(), d.nu_max, d.nu_max / 131070.0 + 1e-7);
  const double t0 = 20.0, year = 365.0 * 86400.0, log_t = std::log(year / t0);
  std::vector<float> g_t(d.size()), g_exact(d.size());
  s.drifted(log_t, 0, d.size(), g_t.data());
  drifted_conductance(d, year, t0, g_exact.data());
  for (std::size_t i = 0; i < d.size(); ++i) {
    ASSERT_LE(std::fabs(back.g_prog_uS[i] - d.g_prog_uS[i]), d.g_prog_uS[i] * 0x1p-11f + 3e-8f);
    ASSERT_LE(std::fabs(back.nu[i] - d.nu[i]), nu_max / 131070.0f + 1e-7f);
    // 2^-11 from the conductance, log_t * nu_max / 131070 (5e-5) from the exponent.
    ASSERT_NEAR(g_t[i], g_exact[i], g_exact[i] * (0x1p-11 + log_t * nu_max / 131070.0) + 1e-7);
  }
  EXPECT_EQ(back.g_prog_uS[3], 0.0f);
  EXPECT_EQ(back.nu[3], 0.0f);
  EXPECT_EQ(g_t[3], 0.0f);
}

// Models without programming noise keep their conductances exactly; no exponents stored when
// nothing drifts.
TEST(DeviceStorage, ExactProgrammingKeepsFloatAndDropsZeroExponents) {
  ProgrammedDevices d;
  d.resize(5);
  d.g_prog_uS = {0.0f, 1.0f / 3.0f, 12.345678f, 25.0f, 7e-9f};
  DeviceStorage s;
  s.store(d, true);
  EXPECT_EQ(s.stored_bytes(), 5u * sizeof(float));
  EXPECT_EQ(s.decode().g_prog_uS, d.g_prog_uS);
  EXPECT_EQ(s.nu_max(), 0.0);
  std::vector<float> g(5);
  s.drifted(10.0, 0, 5, g.data());
  EXPECT_EQ(g, d.g_prog_uS);
}

// A 256 x 256 PCM tile with 4 devices per weight keeps 4 bytes per device (16 per weight), the
// normalised weights (4) and the read-noise variances (2), and per-row and per-column figures:
// at most 22.1 bytes per weight, after programming and after a drift recomputation.
TEST(DeviceStorage, PcmTileKeepsAtMost22BytesPerWeight) {
  TileParams p;
  p.rows = p.cols = 256;
  p.device.type = DeviceType::kPcm;
  p.mapping.devices_per_weight = 4;
  AnalogTileModel tile(p, RandomStream(4, "tile"));
  std::vector<float> w(256 * 256);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>((i % 37) - 18.0) / 18.0f;
  tile.program(w, 256, 256);
  EXPECT_LE(tile.stored_bytes(), 22.1 * w.size());
  std::vector<float> x(256, 0.25f), y(256);
  tile.mvm(x.data(), y.data(), 3600.0);
  EXPECT_EQ(tile.drift_recomputations(), 2u);
  EXPECT_LE(tile.stored_bytes(), 22.1 * w.size());
  EXPECT_GE(tile.stored_bytes(), 22.0 * w.size());
}

}  // namespace
}  // namespace kirchhoff
