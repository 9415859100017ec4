// A workload's activations are not backed by data in its file (only weights are), so a shape
// may ask for any size: the graph refuses more than kMaxActivationValues per sample, naming the
// tensor (found by fuzz_onnx: a 3.2 G-value input broadcast a constant into 12.9 GB).
#include <gtest/gtest.h>

#include <string>

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
  try {
    g.validate();
  } catch (const WorkloadError& e) {
    return e.what();
  }
  return "no error";
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

TEST(ActivationLimit, TheLimitItselfIsAllowed) {
  EXPECT_EQ(error_of(relu_graph({1, 1, 8192, 8192})), "no error");
}

}  // namespace
}  // namespace kirchhoff
