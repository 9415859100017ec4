// ONNX files under tests/data/bad/ (tools/make_bad_inputs.py) that used to crash, wrap or hang:
// each is a WorkloadError naming the file, the node or tensor and what is allowed.
#include <gtest/gtest.h>

#include <string>

#include "tests/common/thrown_message.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kBad = std::string(KIRCHHOFF_TEST_DATA_DIR) + "/bad/";

std::string error_of(const std::string& name) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { import_onnx(kBad + name); },
                                                        "no error");
}

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

TEST(OnnxBadFiles, ZeroDimensionWeightsAreRejected) {
  EXPECT_HAS(error_of("dense_zero_out.onnx"),
             kBad +
                 "dense_zero_out.onnx: node 'fc_empty' (index 0, MatMul): weights B [784, 0] "
                 "dimension 1 is 0; allowed: integer in [1, 2147483647]");
  EXPECT_HAS(error_of("conv_zero_out.onnx"),
             kBad +
                 "conv_zero_out.onnx: node 'conv1' (index 0, Conv): weights W [0, 1, 3, 3] "
                 "dimension 0 is 0; allowed: integer in [1, 2147483647]");
  EXPECT_HAS(error_of("conv_zero_kernel.onnx"),
             "node 'conv1' (index 0, Conv): weights W [8, 1, 0, 0] dimension 2 is 0");
}

TEST(OnnxBadFiles, DimensionsWhoseCountOrBytesOverflowAreRejected) {
  EXPECT_HAS(error_of("dims_overflow_bytes.onnx"),
             kBad +
                 "dims_overflow_bytes.onnx: tensor 'w' [4611686018427387905, 1] (bytes): "
                 "4611686018427387905 x 4 overflows a 64-bit size");
  EXPECT_HAS(error_of("dims_overflow_count.onnx"),
             kBad +
                 "dims_overflow_count.onnx: tensor 'w' [4294967296, 4294967296, 4]: shape "
                 "[4294967296, 4294967296, 4] has more elements than fit in a 64-bit count");
}

TEST(OnnxBadFiles, PadsAndStridesOutOfRangeAreRejectedNotTruncated) {
  EXPECT_HAS(error_of("conv_huge_pads.onnx"),
             kBad +
                 "conv_huge_pads.onnx: node 'conv1' (index 0, Conv): pad top = 500000000; "
                 "allowed: integer in [0, 2] (less than the kernel extent 3)");
  EXPECT_HAS(error_of("conv_negative_pads.onnx"),
             "node 'conv1' (index 0, Conv): pads[0] (top) is -1; allowed: integer in [0, ");
  EXPECT_HAS(error_of("conv_stride_wrap.onnx"),
             "node 'conv1' (index 0, Conv): strides[0] is 4294967297; allowed: integer in [1, "
             "2147483647]");
}

TEST(OnnxBadFiles, NonFiniteWeightsAreRejectedWithTheirIndex) {
  EXPECT_HAS(error_of("nan_weight.onnx"), kBad +
                                              "nan_weight.onnx: tensor 'w' element [2, 1] is "
                                              "NaN; allowed: finite float32 values");
  EXPECT_HAS(error_of("inf_weight.onnx"), "tensor 'w' element [0, 2] is +inf");
}

TEST(OnnxBadFiles, ADirectoryIsNotAModel) {
  EXPECT_HAS(error_of(""), kBad + ": is a directory; expected an ONNX model file");
}

TEST(OnnxBadFiles, AsymmetricPoolingStillImports) {
  // It maps; `run` rejects it before it writes anything (tests/app/bad_workload_cli_test.cpp).
  const WorkloadGraph g = import_onnx(kBad + "asym_pool.onnx");
  ASSERT_EQ(g.layers.size(), 4u);
  EXPECT_EQ(g.layers[1].shape, (Shape{1, 2, 2, 2}));
}

}  // namespace
}  // namespace kirchhoff
