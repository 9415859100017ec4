// configs/devices/pcm.yaml must hold exactly the PcmParams defaults (the CALIBRATION.md
// coefficients) and G_max 25 uS. A line-based read of "key: number" pairs is enough for these
// flat presets and keeps test_models free of the YAML library.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "models/tile_params.h"

namespace kirchhoff {
namespace {

std::map<std::string, double> numeric_keys(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::map<std::string, double> out;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    key.erase(0, key.find_first_not_of(' '));
    std::istringstream value(line.substr(colon + 1));
    double v;
    if (value >> v) out[key] = v;
  }
  return out;
}

TEST(DevicePresets, PcmYamlHoldsTheCalibrationDefaults) {
  const auto k = numeric_keys(std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/devices/pcm.yaml");
  const PcmParams p;
  const std::map<std::string, double> expected = {{"g_max_uS", 25.0},
                                                  {"g_min_uS", 0.0},
                                                  {"t0_s", p.t0_s},
                                                  {"t_read_s", p.t_read_s},
                                                  {"g_ref_uS", p.g_ref_uS},
                                                  {"prog_c0_uS", p.prog_c0_uS},
                                                  {"prog_c1_uS", p.prog_c1_uS},
                                                  {"prog_c2_uS", p.prog_c2_uS},
                                                  {"nu_mu_a", p.nu_mu_a},
                                                  {"nu_mu_b", p.nu_mu_b},
                                                  {"nu_mu_min", p.nu_mu_min},
                                                  {"nu_mu_max", p.nu_mu_max},
                                                  {"nu_sigma_a", p.nu_sigma_a},
                                                  {"nu_sigma_b", p.nu_sigma_b},
                                                  {"nu_sigma_min", p.nu_sigma_min},
                                                  {"nu_sigma_max", p.nu_sigma_max},
                                                  {"read_q_a", p.read_q_a},
                                                  {"read_q_exp", p.read_q_exp},
                                                  {"read_q_g_min", p.read_q_g_min},
                                                  {"read_q_max", p.read_q_max}};
  for (const auto& [key, value] : expected) {
    ASSERT_TRUE(k.count(key)) << "pcm.yaml lacks " << key;
    EXPECT_DOUBLE_EQ(k.at(key), value) << key;
  }
}

TEST(DevicePresets, RramYamlMatchesTheDefaults) {
  const auto k = numeric_keys(std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/devices/rram.yaml");
  const RramParams r;
  EXPECT_DOUBLE_EQ(k.at("prog_sigma_rel"), r.prog_sigma_rel);
  EXPECT_DOUBLE_EQ(k.at("read_sigma_rel"), r.read_sigma_rel);
  EXPECT_DOUBLE_EQ(k.at("drift_nu"), r.drift_nu);
}

}  // namespace
}  // namespace kirchhoff
