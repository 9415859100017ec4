// Patch packing of convolutions (compiler/conv_packing.h): the option's text, the number of
// kernel copies per crossbar, the block-diagonal matrix, the packed input vector, and the plan
// (packing and MVMs per sample per layer, utilisation, the plan printers).
#include <gtest/gtest.h>

#include <stdexcept>

#include "compiler/conv_packing.h"
#include "compiler/mapper.h"
#include "compiler/plan_report.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

config::ChipConfig chip(int tile_size) {
  config::ChipConfig c;
  c.tile.rows = tile_size;
  c.tile.cols = tile_size;
  c.chip.tiles = 4;
  c.chip.mesh_cols = 3;
  c.chip.mesh_rows = 2;
  c.chip.global_dpus = 0;
  c.host.ports = 1;
  return c;
}

Layer conv_layer(int cin, int cout, int k, int out_hw) {
  Layer l;
  l.name = "conv";
  l.op = OpKind::kConv2d;
  Conv2dOp c;
  c.in_channels = cin;
  c.out_channels = cout;
  c.kernel_h = c.kernel_w = k;
  c.in_h = c.in_w = out_hw + k - 1;
  c.out_h = c.out_w = out_hw;
  l.params = c;
  return l;
}

TEST(ConvPacking, ParsesAutoOffAndCopiesAndRefusesOtherText) {
  EXPECT_EQ(parse_conv_packing("auto").mode, ConvPacking::Mode::kAuto);
  EXPECT_EQ(parse_conv_packing("off").mode, ConvPacking::Mode::kOff);
  const ConvPacking four = parse_conv_packing("4");
  EXPECT_EQ(four.mode, ConvPacking::Mode::kCopies);
  EXPECT_EQ(four.copies, 4);
  EXPECT_EQ(to_string(four), "4");
  EXPECT_EQ(to_string(parse_conv_packing("auto")), "auto");
  for (const char* bad : {"0", "-2", "", "2x", "on", "9999999999"}) {
    try {
      parse_conv_packing(bad);
      ADD_FAILURE() << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                "'" + std::string(bad) +
                    "' is not a packing; allowed: auto, off or an integer 1 .. 999999999 (copies "
                    "of the kernel per crossbar)");
    }
  }
}

TEST(ConvPacking, CopiesAreWhatFitsInRowsAndColumnsAndPixels) {
  const ConvPacking automatic{ConvPacking::Mode::kAuto, 0};
  // K = 9 rows, 8 columns in 256 x 256: 28 by rows (256 / 9), 32 by columns.
  EXPECT_EQ(conv_packing_copies(conv_layer(1, 8, 3, 28), 256, 256, automatic), 28);
  // K = 72, 16 columns: 3 by rows.
  EXPECT_EQ(conv_packing_copies(conv_layer(8, 16, 3, 12), 256, 256, automatic), 3);
  // Columns limit: 64 output channels in 128 columns.
  EXPECT_EQ(conv_packing_copies(conv_layer(1, 64, 3, 8), 512, 128, automatic), 2);
  // No more copies than output pixels (a 2 x 2 output map).
  EXPECT_EQ(conv_packing_copies(conv_layer(1, 8, 3, 2), 256, 256, automatic), 4);
  // A kernel matrix of more than half a crossbar, or more than one block: one copy.
  EXPECT_EQ(conv_packing_copies(conv_layer(16, 16, 3, 8), 256, 256, automatic), 1);
  EXPECT_EQ(conv_packing_copies(conv_layer(64, 16, 3, 8), 256, 256, automatic), 1);
  // off and N (N above what fits takes what fits).
  EXPECT_EQ(conv_packing_copies(conv_layer(1, 8, 3, 28), 256, 256, parse_conv_packing("off")), 1);
  EXPECT_EQ(conv_packing_copies(conv_layer(1, 8, 3, 28), 256, 256, parse_conv_packing("5")), 5);
  EXPECT_EQ(conv_packing_copies(conv_layer(8, 16, 3, 12), 256, 256, parse_conv_packing("5")), 3);
  // A dense layer is never packed.
  Layer d;
  d.op = OpKind::kDense;
  d.params = DenseOp{2, 2, {0, 0, 0, 0}, {}};
  EXPECT_EQ(conv_packing_copies(d, 256, 256, automatic), 1);
}

TEST(ConvPacking, BlockDiagonalPlacesEachCopyOnItsOwnRowsAndColumns) {
  const std::vector<float> m = {1, 2, 3, 4, 5, 6};  // 3 x 2
  const std::vector<float> expected = {
      1, 2, 0, 0,  //
      3, 4, 0, 0,  //
      5, 6, 0, 0,  //
      0, 0, 1, 2,  //
      0, 0, 3, 4,  //
      0, 0, 5, 6,  //
  };
  EXPECT_EQ(block_diagonal(m, 3, 2, 2), expected);
  EXPECT_EQ(block_diagonal(m, 3, 2, 1), m);
}

TEST(ConvPacking, PackedPatchesAreConsecutivePatchesEndToEndWithZerosPastTheLast) {
  const Layer l = conv_layer(1, 1, 2, 2);  // 3 x 3 input, 2 x 2 kernel, 4 pixels
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const Conv2dOp& c = l.conv();
  EXPECT_EQ(packed_patches(c, x, 0, 2), (std::vector<float>{1, 2, 4, 5, 2, 3, 5, 6}));
  // Pixels 3 and the two past the end: zeros.
  EXPECT_EQ(packed_patches(c, x, 3, 3), (std::vector<float>{5, 6, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(ConvPacking, ThePlanShowsPackingAndFewerMvmsPerLayer) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  MapperOptions automatic;
  automatic.conv_packing = parse_conv_packing("auto");
  const MappingPlan packed = map_workload(g, chip(256), automatic);
  ASSERT_EQ(packed.layers.size(), 3u);
  // conv1 (1 -> 8, 3 x 3, 28 x 28 pixels), conv2 (8 -> 16, 3 x 3, 12 x 12), fc.
  EXPECT_EQ(packed.layers[0].packing, 28);
  EXPECT_EQ(packed.layers[0].mvms_per_sample, 28);  // ceil(784 / 28)
  EXPECT_EQ(packed.layers[1].packing, 3);
  EXPECT_EQ(packed.layers[1].mvms_per_sample, 48);  // 144 / 3
  EXPECT_EQ(packed.layers[2].packing, 1);
  EXPECT_EQ(packed.layers[2].mvms_per_sample, 1);
  EXPECT_EQ(packed.tiles_used, 3);  // packing needs no extra tile
  EXPECT_DOUBLE_EQ(packed.layers[0].row_utilisation, 28.0 * 9 / 256);
  EXPECT_DOUBLE_EQ(packed.layers[0].col_utilisation, 28.0 * 8 / 256);
  EXPECT_DOUBLE_EQ(packed.layers[0].cell_utilisation, 28.0 * 9 * 8 / (256.0 * 256));
  EXPECT_EQ(plan_json(packed)["layers"][0]["packing"], 28);
  EXPECT_NE(plan_text(packed).find("mvm/smp  pack"), std::string::npos);

  MapperOptions off;
  off.conv_packing = parse_conv_packing("off");
  const MappingPlan unpacked = map_workload(g, chip(256), off);
  EXPECT_EQ(unpacked.layers[0].packing, 1);
  EXPECT_EQ(unpacked.layers[0].mvms_per_sample, 784);
  EXPECT_EQ(unpacked.layers[1].mvms_per_sample, 144);
  EXPECT_DOUBLE_EQ(unpacked.layers[0].row_utilisation, 9.0 / 256);
}

}  // namespace
}  // namespace kirchhoff
