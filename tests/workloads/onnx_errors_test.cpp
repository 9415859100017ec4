// ONNX import errors on models built in code: each names the file, the node (name, index and
// operator) and what is allowed.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

#include "tests/common/thrown_message.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

struct ModelBuilder {
  onnx::ModelProto model;
  onnx::GraphProto* g = model.mutable_graph();

  ModelBuilder(const std::vector<std::int64_t>& input_shape, const std::string& output) {
    model.set_ir_version(8);
    model.add_opset_import()->set_version(13);
    auto* in = g->add_input();
    in->set_name("x");
    auto* tt = in->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(onnx::TensorProto_DataType_FLOAT);
    for (auto d : input_shape) tt->mutable_shape()->add_dim()->set_dim_value(d);
    g->add_output()->set_name(output);
  }
  void weight(const std::string& name, const std::vector<std::int64_t>& dims) {
    auto* t = g->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto_DataType_FLOAT);
    std::int64_t n = 1;
    for (auto d : dims) {
      t->add_dims(d);
      n *= d;
    }
    for (std::int64_t i = 0; i < n; ++i) t->add_float_data(0.01f * static_cast<float>(i % 7));
  }
  onnx::NodeProto* node(const std::string& op, const std::string& name,
                        const std::vector<std::string>& in, const std::vector<std::string>& out) {
    auto* n = g->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const auto& s : in) n->add_input(s);
    for (const auto& s : out) n->add_output(s);
    return n;
  }
  std::string error() const {
    return kirchhoff::test::thrown_message<WorkloadError>(
        [&] { import_onnx_bytes(model.SerializeAsString(), "built.onnx"); }, "no error");
  }
};

void attr_int(onnx::NodeProto* n, const std::string& name, std::int64_t v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto_AttributeType_INT);
  a->set_i(v);
}

void attr_string(onnx::NodeProto* n, const std::string& name, const std::string& v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto_AttributeType_STRING);
  a->set_s(v);
}

TEST(OnnxErrors, GroupedConvolution) {
  ModelBuilder b({1, 4, 8, 8}, "y");
  b.weight("w", {4, 2, 3, 3});
  attr_int(b.node("Conv", "dw", {"x", "w"}, {"y"}), "group", 2);
  const std::string e = b.error();
  EXPECT_NE(e.find("built.onnx: node 'dw' (index 0, Conv): group = 2 is not supported; "
                   "supported: group = 1"),
            std::string::npos)
      << e;
}

TEST(OnnxErrors, BidirectionalLstm) {
  ModelBuilder b({5, 1, 8}, "y_h");
  b.weight("W", {1, 64, 8});
  b.weight("R", {1, 64, 16});
  auto* n = b.node("LSTM", "rnn", {"x", "W", "R"}, {"", "y_h"});
  attr_int(n, "hidden_size", 16);
  attr_string(n, "direction", "bidirectional");
  const std::string e = b.error();
  EXPECT_NE(e.find("node 'rnn' (index 0, LSTM): direction 'bidirectional' is not supported; "
                   "supported: forward"),
            std::string::npos)
      << e;
}

TEST(OnnxErrors, MissingWeightsAndActivationWeights) {
  ModelBuilder b({1, 16}, "y");
  b.node("Relu", "r", {"x"}, {"h"});
  b.node("Gemm", "fc", {"h", "w_missing"}, {"y"});
  std::string e = b.error();
  EXPECT_NE(e.find("node 'fc' (index 1, Gemm): input 'w_missing' is neither"), std::string::npos)
      << e;

  ModelBuilder c({1, 16}, "y");
  c.node("MatMul", "mm", {"x", "x"}, {"y"});
  e = c.error();
  EXPECT_NE(e.find("node 'mm' (index 0, MatMul): input B (weights) ('x') must be an initializer"),
            std::string::npos)
      << e;
}

TEST(OnnxErrors, MatMulShapeMismatchAndUnknownAttribute) {
  ModelBuilder b({1, 16}, "y");
  b.weight("w", {8, 4});
  b.node("MatMul", "mm", {"x", "w"}, {"y"});
  std::string e = b.error();
  EXPECT_NE(e.find("node 'mm' (index 0, MatMul): input shape [1, 16] does not match weights "
                   "[8, 4]"),
            std::string::npos)
      << e;

  ModelBuilder c({1, 16}, "y");
  attr_int(c.node("Relu", "r", {"x"}, {"y"}), "alpha", 1);
  e = c.error();
  EXPECT_NE(e.find("node 'r' (index 0, Relu): attribute 'alpha' is not supported"),
            std::string::npos)
      << e;
}

TEST(OnnxErrors, BroadcastMismatchInAdd) {
  ModelBuilder b({1, 16}, "y");
  b.weight("c", {3});
  b.node("Add", "add", {"x", "c"}, {"y"});
  const std::string e = b.error();
  EXPECT_NE(e.find("node 'add' (index 0, Add): shapes [1, 16] and [3] do not broadcast"),
            std::string::npos)
      << e;
}

TEST(OnnxErrors, EmptyBytesAreNotAModel) {
  try {
    import_onnx_bytes("", "empty.onnx");
    FAIL();
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("empty.onnx: not a valid ONNX model"), std::string::npos);
  }
}

}  // namespace
}  // namespace kirchhoff
