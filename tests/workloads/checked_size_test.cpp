// Checked size arithmetic and the geometry that used to overflow an int: each overflow is a
// WorkloadError starting with the caller's context, never a wrapped value.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <limits>

#include "tests/common/thrown_message.h"
#include "workloads/checked_size.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {
namespace {

std::string error_of(void (*f)()) {
  return test::thrown_message<WorkloadError>(f, "no error");
}

TEST(CheckedSize, ProductsAndSumsThatFitAreExact) {
  EXPECT_EQ(checked_mul(3037000499LL, 3037000499LL, "x"), 9223372030926249001LL);
  EXPECT_EQ(checked_add(std::numeric_limits<std::int64_t>::max() - 1, 1, "x"),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(checked_numel(Shape{2, 3, 4}, "x"), 24);
  EXPECT_EQ(checked_numel(Shape{}, "x"), 1);
  EXPECT_EQ(checked_numel(Shape{5, 0, 7}, "x"), 0);
  EXPECT_EQ(checked_int(INT_MAX, "x", "v"), INT_MAX);
}

TEST(CheckedSize, OverflowsThrowWithTheContext) {
  EXPECT_EQ(error_of([] { checked_mul(1LL << 62, 4, "f.onnx: tensor 'w'"); }),
            "f.onnx: tensor 'w': 4611686018427387904 x 4 overflows a 64-bit size; allowed: at "
            "most 2^63 - 1");
  EXPECT_EQ(error_of([] { checked_add(std::numeric_limits<std::int64_t>::max(), 1, "c"); }),
            "c: 9223372036854775807 + 1 overflows a 64-bit size; allowed: at most 2^63 - 1");
  EXPECT_EQ(error_of([] {
              checked_numel(Shape{1LL << 32, 1LL << 32}, "x.npy");
            }),
            "x.npy: shape [4294967296, 4294967296] has more elements than fit in a 64-bit count; "
            "allowed: at most 2^63 - 1 elements");
  EXPECT_EQ(error_of([] {
              checked_numel(Shape{3, -2}, "x.npy");
            }),
            "x.npy: dimension -2 is negative; allowed: dimensions >= 0");
  EXPECT_EQ(error_of([] { checked_int((1LL << 32) + 1, "n", "strides[0]", 1); }),
            "n: strides[0] is 4294967297; allowed: integer in [1, 2147483647]");
}

TEST(CheckedSize, NumelOfAShapeChecksToo) {
  EXPECT_EQ(error_of([] {
              numel(Shape{1LL << 40, 1LL << 40});
            }),
            "tensor size: shape [1099511627776, 1099511627776] has more elements than fit in a "
            "64-bit count; allowed: at most 2^63 - 1 elements");
}

TEST(CheckedSize, ConvolutionOutputSizeIsComputedIn64Bits) {
  // 28 + 2 * 5e8 padded, 3x3 kernel, stride 1: beyond an int, computed exactly.
  EXPECT_EQ(Conv2dOp::out_size(28, 3, 1, 500000000, 500000000, 1), 1000000026);
  EXPECT_EQ(Conv2dOp::out_size(INT_MAX, 1, 1, INT_MAX, INT_MAX, 1), 3LL * INT_MAX);
  EXPECT_EQ(Conv2dOp::out_size(2, 5, 1, 0, 0, 1), 0);  // the kernel does not fit
}

TEST(CheckedSize, ResolveShapeRejectsAConvolutionWhosePatchesOverflowAnInt) {
  Layer l;
  l.name = "conv";
  l.op = OpKind::kConv2d;
  Conv2dOp c;
  c.in_channels = 1;
  c.out_channels = 1;
  c.weights = {1.0f};
  l.params = c;
  // 1x1 kernel on a 50000 x 50000 input: 2.5e9 patches per sample.
  try {
    resolve_shape(l, {Shape{1, 1, 50000, 50000}}, "w.yaml: layer 'conv'");
    ADD_FAILURE() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_STREQ(e.what(),
                 "w.yaml: layer 'conv': patches per sample (output height x width) is "
                 "2500000000; allowed: integer in [1, 2147483647]");
  }
}

TEST(CheckedSize, ReshapeTargetWhoseKnownProductOverflowsIsRejected) {
  Layer l;
  l.name = "r";
  l.op = OpKind::kReshape;
  l.params = ReshapeOp{Shape{1LL << 40, 1LL << 40, -1}};
  try {
    resolve_shape(l, {Shape{1, 16}}, "m.onnx: node 'r'");
    ADD_FAILURE() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("m.onnx: node 'r': target shape [1099511627776, "
                                         "1099511627776, -1]: 1099511627776 x 1099511627776 "
                                         "overflows a 64-bit size"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace kirchhoff
