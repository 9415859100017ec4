// Conv2dOp::patch: the im2col crossbar input of one output pixel, the one definition the host's
// tile inputs and the compiler's ADC-range calibration both use.
#include <gtest/gtest.h>

#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {
namespace {

Conv2dOp two_by_two_padded() {  // 2 channels of 3 x 3, 2 x 2 kernel, stride 2, padding 1
  Conv2dOp g;
  g.in_channels = 2;
  g.kernel_h = g.kernel_w = 2;
  g.stride_h = g.stride_w = 2;
  g.pad_top = g.pad_left = g.pad_bottom = g.pad_right = 1;
  g.in_h = g.in_w = 3;
  g.out_h = g.out_w = 2;
  return g;
}

TEST(ConvPatch, ZerosWhereTheKernelReachesIntoThePadding) {
  const Conv2dOp g = two_by_two_padded();
  std::vector<float> x(18);
  for (int i = 0; i < 18; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
  // Pixel 0 (oy 0, ox 0): rows -1..0, columns -1..0: only (0, 0) of each channel is inside.
  EXPECT_EQ(g.patch(x, 0), (std::vector<float>{0, 0, 0, 1, 0, 0, 0, 10}));
  // Pixel 3 (oy 1, ox 1): rows 1..2, columns 1..2, all inside.
  EXPECT_EQ(g.patch(x, 3), (std::vector<float>{5, 6, 8, 9, 14, 15, 17, 18}));
  // Pixel 1 (oy 0, ox 1): row -1 is padding, row 0 columns 1..2.
  EXPECT_EQ(g.patch(x, 1), (std::vector<float>{0, 0, 2, 3, 0, 0, 11, 12}));
}

TEST(ConvPatch, DilationSpreadsTheKernel) {
  Conv2dOp g;
  g.in_channels = 1;
  g.kernel_h = g.kernel_w = 2;
  g.dilation_h = g.dilation_w = 2;
  g.in_h = g.in_w = 3;
  g.out_h = g.out_w = 1;
  const std::vector<float> x{1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(g.patch(x, 0), (std::vector<float>{1, 3, 7, 9}));
}

}  // namespace
}  // namespace kirchhoff
