// ONNX Slice (opset >= 10, one axis, step 1) imported into the IR's Slice, on models built in
// code: the resolved range follows ONNX's index rules, and what the IR cannot hold (several axes,
// a step other than 1, starts that are not initializers) is an error naming the node.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <limits>
#include <string>
#include <vector>

#include "tests/common/thrown_message.h"
#include "workloads/onnx_importer.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

// x [1, 6] -> Slice(starts, ends, axes[, steps]) -> y.
onnx::ModelProto slice_model(const std::vector<std::int64_t>& starts,
                             const std::vector<std::int64_t>& ends,
                             const std::vector<std::int64_t>& axes,
                             const std::vector<std::int64_t>& steps) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(13);
  auto* g = m.mutable_graph();
  auto* in = g->add_input();
  in->set_name("x");
  auto* tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto_DataType_FLOAT);
  tt->mutable_shape()->add_dim()->set_dim_value(1);
  tt->mutable_shape()->add_dim()->set_dim_value(6);
  g->add_output()->set_name("y");
  auto add_ints = [&](const std::string& name, const std::vector<std::int64_t>& v) {
    auto* t = g->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto_DataType_INT64);
    t->add_dims(static_cast<std::int64_t>(v.size()));
    for (auto e : v) t->add_int64_data(e);
  };
  add_ints("starts", starts);
  add_ints("ends", ends);
  add_ints("axes", axes);
  auto* n = g->add_node();
  n->set_op_type("Slice");
  n->set_name("cut");
  for (const char* s : {"x", "starts", "ends", "axes"}) n->add_input(s);
  if (!steps.empty()) {
    add_ints("steps", steps);
    n->add_input("steps");
  }
  n->add_output("y");
  return m;
}

std::string error_of(const onnx::ModelProto& m) {
  return kirchhoff::test::thrown_message<WorkloadError>(
      [&] { import_onnx_bytes(m.SerializeAsString(), "slice.onnx"); }, "no error");
}

TEST(OnnxSlice, OneAxisWithOnnxIndexRules) {
  const WorkloadGraph g = import_onnx_bytes(
      slice_model({-4}, {std::numeric_limits<std::int64_t>::max()}, {-1}, {1}).SerializeAsString(),
      "slice.onnx");
  ASSERT_EQ(g.layers.size(), 1u);
  EXPECT_EQ(g.layers[0].op, OpKind::kSlice);
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 4}));
  EXPECT_EQ(g.layers[0].slice().axis, 1);
  EXPECT_EQ(g.layers[0].slice().start, 2);
  EXPECT_EQ(g.layers[0].slice().end, 6);
  EXPECT_EQ(run_reference(g, {0, 1, 2, 3, 4, 5})[0], (std::vector<float>{2, 3, 4, 5}));
}

TEST(OnnxSlice, WhatTheIrCannotHoldNamesTheNode) {
  EXPECT_NE(error_of(slice_model({0, 0}, {1, 3}, {0, 1}, {}))
                .find("node 'cut' (index 0, Slice): slices 2 axes; supported: one axis"),
            std::string::npos)
      << error_of(slice_model({0, 0}, {1, 3}, {0, 1}, {}));
  EXPECT_NE(error_of(slice_model({0}, {6}, {1}, {2}))
                .find("node 'cut' (index 0, Slice): steps other than 1 are not supported"),
            std::string::npos)
      << error_of(slice_model({0}, {6}, {1}, {2}));
  EXPECT_NE(
      error_of(slice_model({3}, {3}, {1}, {})).find("is empty; allowed: at least one element"),
      std::string::npos)
      << error_of(slice_model({3}, {3}, {1}, {}));
}

}  // namespace
}  // namespace kirchhoff
