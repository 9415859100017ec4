// The Slice operator (ONNX Slice on one axis, step 1) in the native YAML format: its output
// shape, ONNX's index rules (negative counts from the end, clamped to the axis), its float
// reference values, and the messages for an empty slice, a bad axis and an unknown key.
#include <gtest/gtest.h>

#include "tests/workloads/workload_test_files.h"
#include "workloads/native_workload.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

std::string write(const std::string& name, const std::string& text) {
  return test::write_workload_file(name, text);
}
std::string error_of(const std::string& path) {
  return test::workload_error_of([&] { load_native_workload(path); });
}

// Input [1, 2, 3]: slices of axis 2 keep, in each of the 2 rows, the chosen columns.
const char* kThreeSlices = R"(input: {name: x, shape: [1, 2, 3]}
layers:
  - {name: mid, op: slice, axis: 2, start: 1, end: 2, inputs: [input]}
  - {name: tail, op: slice, axis: -1, start: -2, inputs: [input]}
  - {name: clamped, op: slice, axis: 1, start: -9, end: 99, inputs: [input]}
  - {name: flat, op: flatten, inputs: [tail]}
  - {name: fc, op: dense, out: 2}
)";

TEST(Slice, ShapesFollowOnnxIndexRules) {
  const WorkloadGraph g = load_native_workload(write("three.yaml", kThreeSlices));
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 2, 1}));
  EXPECT_EQ(g.layers[1].shape, (Shape{1, 2, 2}));
  EXPECT_EQ(g.layers[2].shape, (Shape{1, 2, 3}));
  // Normalised in place: axis -1 -> 2, start -2 -> 1, end (absent) -> 3; clamped to [0, 2].
  EXPECT_EQ(g.layers[1].slice().axis, 2);
  EXPECT_EQ(g.layers[1].slice().start, 1);
  EXPECT_EQ(g.layers[1].slice().end, 3);
  EXPECT_EQ(g.layers[2].slice().start, 0);
  EXPECT_EQ(g.layers[2].slice().end, 2);
  EXPECT_STREQ(to_string(g.layers[0].op), "Slice");
  EXPECT_FALSE(has_crossbar_weights(OpKind::kSlice));
  g.validate();  // the normalised slices resolve to the same shapes again
}

TEST(Slice, ReferenceKeepsTheChosenElementsInOrder) {
  const WorkloadGraph g = load_native_workload(write("three.yaml", kThreeSlices));
  const std::vector<float> x = {0, 1, 2, 10, 11, 12};  // [[0, 1, 2], [10, 11, 12]]
  const auto out = run_reference(g, x);
  EXPECT_EQ(out[0], (std::vector<float>{1, 11}));
  EXPECT_EQ(out[1], (std::vector<float>{1, 2, 11, 12}));
  EXPECT_EQ(out[2], x);
  EXPECT_EQ(slice_values(g.layers[1].slice(), g.input_shape, x), out[1]);
}

TEST(Slice, AnEmptySliceNamesTheLayerAndTheRange) {
  const std::string p = write("empty.yaml", R"(input: {name: x, shape: [1, 8]}
layers:
  - {name: none, op: slice, axis: 1, start: 5, end: 5}
  - {name: fc, op: dense, out: 2}
)");
  EXPECT_EQ(error_of(p), p + ":3:5: layer 'none' (slice): slice [5, 5) of axis 1 (size 8) of "
                             "[1, 8] is empty; allowed: at least one element");
}

TEST(Slice, AnAxisOutOfRangeAndAnUnknownKeyAreErrors) {
  const std::string axis = write("axis.yaml", R"(input: {name: x, shape: [1, 8]}
layers:
  - {name: s, op: slice, axis: 2, end: 4}
)");
  EXPECT_EQ(error_of(axis), axis + ":3:5: layer 's' (slice): axis out of range for input [1, 8]");
  const std::string key = write("key.yaml", R"(input: {name: x, shape: [1, 8]}
layers:
  - {name: s, op: slice, axis: 1, ends: 4}
)");
  EXPECT_EQ(error_of(key), key +
                               ":3:35: layer 's': unknown key 'ends'; allowed: name, op, inputs, "
                               "axis, end, start");
  const std::string missing = write("missing.yaml", R"(input: {name: x, shape: [1, 8]}
layers:
  - {name: s, op: slice, end: 4}
)");
  EXPECT_EQ(error_of(missing), missing + ":3:5: layer 's' (slice): missing key 'axis'");
}

}  // namespace
}  // namespace kirchhoff
