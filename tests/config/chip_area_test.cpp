// The area of a tile and of the chip from the area.* keys (config/chip_area.h), exactly.
#include <gtest/gtest.h>

#include <string>

#include "config/chip_area.h"
#include "config/config_loader.h"

namespace kirchhoff {
namespace {

// The default 256 x 256 tile, 2 devices per weight, on a one-node chip with one host port.
TEST(ChipArea, SumsEveryPartFromItsCountAndPerInstanceArea) {
  const config::ChipConfig cfg = config::load_config("", {});
  const ChipArea a = chip_area(cfg);
  EXPECT_DOUBLE_EQ(a.tile.crossbar_mm2, 256 * 256 * 2 * 1.0e-6);  // device_um2 = 1
  EXPECT_DOUBLE_EQ(a.tile.dac_mm2, 256 * 10.0e-6);                // one driver per row
  EXPECT_DOUBLE_EQ(a.tile.adc_mm2, 256 * 1200.0e-6);              // one ADC per column
  EXPECT_DOUBLE_EQ(a.tile.buffer_mm2, (256 + 256) * 32 * 0.158e-6);
  EXPECT_DOUBLE_EQ(a.tile.dpu_mm2, 0.02);
  EXPECT_NEAR(a.tile.total_mm2(), 0.131072 + 0.00256 + 0.3072 + 0.002588672 + 0.02, 1e-12);
  EXPECT_DOUBLE_EQ(a.tiles_mm2, a.tile.total_mm2());
  EXPECT_DOUBLE_EQ(a.network_mm2, 0.151);
  EXPECT_DOUBLE_EQ(a.host_ports_mm2, 1.0);
  EXPECT_NEAR(a.total_mm2(), a.tile.total_mm2() + 0.151 + 1.0, 1e-12);
}

// ADC sharing divides the ADCs (rounded up), the mesh and global DPUs count per instance.
TEST(ChipArea, FollowsSharingMeshAndGlobalDpus) {
  const config::ChipConfig cfg =
      config::load_config("", {"tile.cols=250", "tile.adc.columns_per_adc=4", "chip.tiles=6",
                               "chip.global_dpus=2", "chip.mesh_cols=4", "chip.mesh_rows=2",
                               "area.adc_um2=500", "area.other_mm2=3", "area.dpu_mm2=0.5"});
  const ChipArea a = chip_area(cfg);
  EXPECT_DOUBLE_EQ(a.tile.adc_mm2, 63 * 500.0e-6);  // ceil(250 / 4)
  EXPECT_DOUBLE_EQ(a.tiles_mm2, 6 * a.tile.total_mm2());
  EXPECT_DOUBLE_EQ(a.global_dpus_mm2, 1.0);
  EXPECT_DOUBLE_EQ(a.network_mm2, 8 * 0.151);
  EXPECT_DOUBLE_EQ(a.other_mm2, 3.0);
}

TEST(ChipArea, ANegativeAreaIsRefusedWithTheKeyAndRange) {
  try {
    config::load_config("", {"area.adc_um2=-1"});
    FAIL() << "accepted a negative area";
  } catch (const std::exception& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("area.adc_um2"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace kirchhoff
