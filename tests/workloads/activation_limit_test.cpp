// A workload's activations are not backed by data in its file (only weights are), so a shape
// may ask for any size: the graph refuses more than kMaxActivationValues per sample, naming the
// tensor (found by fuzz_onnx: a 3.2 G-value input broadcast a constant into 12.9 GB).
#include <gtest/gtest.h>

#include <string>

#include "tests/common/thrown_message.h"
#include "workloads/workload_error.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {
namespace {

WorkloadGraph relu_graph(const Shape& input) {
  WorkloadGraph g;
  g.name = "big";
  g.source = "big.onnx";
  g.input_name = "x";
  g.input_shape = input;
  Layer relu;
  relu.name = "relu1";
  relu.op = OpKind::kRelu;
  relu.inputs = {Layer::kGraphInput};
  relu.shape = input;
  g.layers.push_back(relu);
  return g;
}

std::string error_of(const WorkloadGraph& g) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { g.validate(); }, "no error");
}

TEST(ActivationLimit, ALayerOutputLargerThanTheLimitIsRefusedByName) {
  EXPECT_EQ(error_of(relu_graph({1, 2, 8192, 8192})),
            "big.onnx: layer 'relu1' (index 0, Relu): output shape [1, 2, 8192, 8192] has "
            "134217728 values per sample; allowed: at most 67108864 (256 MiB of float32)");
}

TEST(ActivationLimit, TheImporterRefusesTheFuzzersGraph) {
  // The input shape fuzz_onnx found (fuzz/onnx_mutator), through the first layer's shape.
  Layer relu = relu_graph({1, 2, 65535, 65536}).layers[0];
  try {
    resolve_shape(relu, {Shape{1, 2, 65535, 65536}}, "oom.onnx: node 'c1'");
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_EQ(std::string(e.what()),
              "oom.onnx: node 'c1': output shape [1, 2, 65535, 65536] has 8589803520 values per "
              "sample; allowed: at most 67108864 (256 MiB of float32)");
  }
}

TEST(ActivationLimit, AReshapeTargetOfMoreThan32DimensionsIsRefused) {
  // fuzz_onnx's timeout: a 4096-dimension target (a [16, 256] shape constant) whose message
  // was rebuilt for every dimension took 20 s under ASan; it is now refused before that loop.
  Layer rs;
  rs.name = "r1";
  rs.op = OpKind::kReshape;
  rs.inputs = {Layer::kGraphInput};
  rs.params = ReshapeOp{Shape(4096, 1)};
  try {
    resolve_shape(rs, {Shape{1, 1}}, "slow.onnx: node 'r1'");
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_EQ(std::string(e.what()),
              "slow.onnx: node 'r1': target shape has 4096 dimensions; allowed: at most 32");
  }
  rs.params = ReshapeOp{Shape(32, 1)};
  resolve_shape(rs, {Shape{1, 1}}, "ok.onnx: node 'r1'");
  EXPECT_EQ(rs.shape, Shape(32, 1));
}

TEST(ActivationLimit, ALayerOutputOfMoreThan32DimensionsIsRefused) {
  EXPECT_EQ(error_of(relu_graph(Shape(33, 1))),
            "big.onnx: layer 'relu1' (index 0, Relu): output has 33 dimensions; allowed: at "
            "most 32");
  EXPECT_EQ(error_of(relu_graph(Shape(32, 1))), "no error");
}

TEST(ActivationLimit, TheLimitItselfIsAllowed) {
  EXPECT_EQ(error_of(relu_graph({1, 1, 8192, 8192})), "no error");
}

}  // namespace
}  // namespace kirchhoff
