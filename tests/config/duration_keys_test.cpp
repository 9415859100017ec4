// tile.output_conversion and tile.duration.* load into TileParams, and a bad value names the key
// and what is allowed.
#include <gtest/gtest.h>

#include <string>

#include "config/config_error.h"
#include "config/config_loader.h"

namespace kirchhoff::config {
namespace {

TEST(DurationKeys, LoadIntoTheTileParams) {
  const ChipConfig c = load_config_text(
      "d.yaml",
      "tile:\n  output_conversion: duration\n  duration:\n    bits: 6\n    t_lsb_ns: 0.5\n"
      "    activation: relu\n    ramp_power_mW: 1.5\n    comparator_power_mW: 0.02\n");
  EXPECT_EQ(c.tile.output_conversion, OutputConversion::kDuration);
  EXPECT_EQ(c.tile.duration.bits, 6);
  EXPECT_DOUBLE_EQ(c.tile.duration.t_lsb_ns, 0.5);
  EXPECT_EQ(c.tile.duration.activation, DurationActivation::kRelu);
  EXPECT_DOUBLE_EQ(c.tile.duration.ramp_power_mW, 1.5);
  EXPECT_DOUBLE_EQ(c.tile.duration.comparator_power_mW, 0.02);
  EXPECT_EQ(load_config_text("d.yaml", "tile:\n  rows: 8\n").tile.output_conversion,
            OutputConversion::kAdc);
  // The mapper fuses a layer's Relu into its readout unless told not to.
  EXPECT_TRUE(load_config_text("d.yaml", "tile:\n  rows: 8\n").tile.duration.fuse_activation);
  EXPECT_FALSE(load_config_text("d.yaml", "tile:\n  duration:\n    fuse_activation: false\n")
                   .tile.duration.fuse_activation);
}

TEST(DurationKeys, BadValuesNameTheKeyAndTheChoices) {
  std::string msg;
  try {
    (void)load_config_text("d.yaml", "tile:\n  duration:\n    activation: gelu\n");
  } catch (const ConfigError& e) {
    msg = e.what();
  }
  EXPECT_NE(msg.find("d.yaml:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("hard_sigmoid"), std::string::npos) << msg;
  msg.clear();
  try {
    (void)load_config_text("d.yaml", "tile:\n  duration:\n    bits: 1\n");
  } catch (const ConfigError& e) {
    msg = e.what();
  }
  EXPECT_NE(msg.find("tile.duration.bits"), std::string::npos) << msg;
}

}  // namespace
}  // namespace kirchhoff::config
