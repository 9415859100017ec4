// ONNX import and the float reference interpreter: the three test models load with the right
// shapes, the reference matches outputs computed independently with numpy (float64) by
// tools/make_test_models.py, and every bad input names the file, node, operator and what is
// allowed.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/common/thrown_message.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

std::string error_of(const std::string& file) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { import_onnx(kData + "/" + file); },
                                                        "no error");
}

// Sample s of an [N, ...] float32 array.
std::vector<float> sample(const std::vector<float>& all, const Shape& shape, int s) {
  const std::size_t n = static_cast<std::size_t>(numel(shape) / shape[0]);
  return {all.begin() + s * n, all.begin() + (s + 1) * n};
}

// Every element within 1e-5 of the expected value, relative to the largest magnitude.
void expect_close(const std::vector<float>& got, const std::vector<float>& want, int s) {
  ASSERT_EQ(got.size(), want.size());
  double scale = 0;
  for (float v : want) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1e-5 * scale) << "sample " << s << " element " << i;
  }
  EXPECT_LT(relative_l2_error(got, want), 1e-5) << "sample " << s;
}

void check_against_numpy(const WorkloadGraph& g, const std::string& inputs_file,
                         const std::string& expected_file) {
  Shape in_shape, out_shape;
  const auto inputs = read_npy_f32(kData + "/" + inputs_file, nullptr, &in_shape);
  const auto expected = read_npy_f32(kData + "/" + expected_file, nullptr, &out_shape);
  ASSERT_GE(out_shape[0], 4);
  for (int s = 0; s < out_shape[0]; ++s) {
    const auto outs = run_reference(g, sample(inputs, in_shape, s));
    ASSERT_EQ(outs.size(), g.layers.size());
    expect_close(outs[g.output_layer()], sample(expected, out_shape, s), s);
  }
}

TEST(OnnxImport, MlpLoadsWithShapesAndFoldsMatMulAdd) {
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  EXPECT_EQ(g.input_name, "x");
  EXPECT_EQ(g.input_shape, (Shape{1, 784}));  // symbolic batch N -> 1
  // fc1, relu1, fc2, relu2, fc3 (MatMul + Add folded into one Dense with a bias).
  ASSERT_EQ(g.layers.size(), 5u);
  EXPECT_EQ(g.layers[0].op, OpKind::kDense);
  EXPECT_EQ(g.layers[0].dense().in_features, 784);
  EXPECT_EQ(g.layers[0].dense().out_features, 256);
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 256}));
  EXPECT_EQ(g.layers[1].op, OpKind::kRelu);
  EXPECT_EQ(g.layers[2].matrix_rows(), 256);
  EXPECT_EQ(g.layers[2].matrix_cols(), 128);
  EXPECT_EQ(g.layers[4].name, "fc3");
  EXPECT_EQ(g.layers[4].dense().bias.size(), 10u);
  EXPECT_EQ(g.layers[4].shape, (Shape{1, 10}));
  EXPECT_EQ(g.output_layer(), 4);
  g.validate();
}

TEST(OnnxImport, MlpReferenceMatchesNumpy) {
  check_against_numpy(import_onnx(kData + "/mlp.onnx"), "fmnist_inputs.npy", "mlp_expected.npy");
}

TEST(OnnxImport, CnnLoadsWithShapesAndIm2colGeometry) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  EXPECT_EQ(g.input_shape, (Shape{1, 1, 28, 28}));
  ASSERT_EQ(g.layers.size(), 10u);
  const auto& c1 = g.layers[0].conv();
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 8, 28, 28}));
  EXPECT_EQ(c1.patch_size(), 9);
  EXPECT_EQ(c1.patches(), 28 * 28);
  EXPECT_EQ(c1.pad_top, 1);
  EXPECT_EQ(g.layers[1].op, OpKind::kBatchNorm);
  EXPECT_EQ(g.layers[1].affine().scale.size(), 8u);
  EXPECT_EQ(g.layers[3].op, OpKind::kMaxPool);
  EXPECT_EQ(g.layers[3].shape, (Shape{1, 8, 14, 14}));
  const auto& c2 = g.layers[4].conv();
  EXPECT_EQ(g.layers[4].shape, (Shape{1, 16, 12, 12}));
  EXPECT_EQ(g.layers[4].matrix_rows(), 72);  // C*kh*kw = 8*3*3
  EXPECT_EQ(g.layers[4].matrix_cols(), 16);
  EXPECT_EQ(c2.patches(), 144);
  EXPECT_EQ(g.layers[6].shape, (Shape{1, 16, 1, 1}));
  EXPECT_EQ(g.layers[7].shape, (Shape{1, 16}));
  EXPECT_EQ(g.layers[8].shape, (Shape{1, 10}));
  EXPECT_EQ(g.layers[9].op, OpKind::kSoftmax);
  EXPECT_EQ(g.layers[9].softmax().axis, 1);
}

TEST(OnnxImport, CnnReferenceMatchesNumpy) {
  const WorkloadGraph g = import_onnx(kData + "/cnn.onnx");
  check_against_numpy(g, "fmnist_inputs.npy", "cnn_expected.npy");
  // The logits before the softmax too (layer 8, the Gemm).
  Shape in_shape, out_shape;
  const auto inputs = read_npy_f32(kData + "/fmnist_inputs.npy", nullptr, &in_shape);
  const auto logits = read_npy_f32(kData + "/cnn_expected_logits.npy", nullptr, &out_shape);
  for (int s = 0; s < out_shape[0]; ++s) {
    const auto outs = run_reference(g, sample(inputs, in_shape, s));
    expect_close(outs[8], sample(logits, out_shape, s), s);
  }
}

TEST(OnnxImport, LstmLoadsWithGateMatrices) {
  const WorkloadGraph g = import_onnx(kData + "/lstm.onnx");
  EXPECT_EQ(g.input_shape, (Shape{5, 1, 8}));
  ASSERT_EQ(g.layers.size(), 3u);
  const auto& m = g.layers[0].lstm();
  EXPECT_EQ(m.input_size, 8);
  EXPECT_EQ(m.hidden_size, 16);
  EXPECT_EQ(m.seq_len, 5);
  EXPECT_EQ(m.w.size(), 64u * 8);
  EXPECT_EQ(m.r.size(), 64u * 16);
  EXPECT_EQ(m.output, LstmOp::Output::kLastHidden);
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 1, 16}));
  EXPECT_EQ(g.layers[0].matrix_rows(), 24);  // I + H
  EXPECT_EQ(g.layers[0].matrix_cols(), 64);  // 4H
  EXPECT_EQ(g.layers[0].mvms_per_sample(), 5);
  // Stacked matrix: row k < I is W[:, k], row I + k is R[:, k].
  const auto s = m.stacked_weights();
  EXPECT_EQ(s[3 * 64 + 10], m.w[10 * 8 + 3]);
  EXPECT_EQ(s[(8 + 5) * 64 + 40], m.r[40 * 16 + 5]);
  EXPECT_EQ(g.layers[1].shape, (Shape{1, 16}));
  EXPECT_EQ(g.layers[2].shape, (Shape{1, 4}));
}

TEST(OnnxImport, LstmReferenceMatchesNumpy) {
  check_against_numpy(import_onnx(kData + "/lstm.onnx"), "lstm_inputs.npy", "lstm_expected.npy");
}

TEST(OnnxImport, OtherOperatorsLoadWithShapes) {
  const WorkloadGraph g = import_onnx(kData + "/ops.onnx");
  ASSERT_EQ(g.layers.size(), 9u);
  const auto& c1 = g.layers[0].conv();
  EXPECT_EQ(c1.stride_h, 2);
  EXPECT_EQ(c1.pad_top, 1);
  EXPECT_EQ(c1.pad_left, 0);
  EXPECT_EQ(c1.pad_right, 1);
  EXPECT_EQ(g.layers[0].shape, (Shape{1, 4, 4, 4}));
  EXPECT_EQ(g.layers[2].op, OpKind::kAveragePool);
  EXPECT_FALSE(g.layers[2].pool().count_include_pad);
  EXPECT_EQ(g.layers[2].shape, (Shape{1, 4, 4, 4}));
  EXPECT_EQ(g.layers[3].conv().dilation_h, 2);
  EXPECT_EQ(g.layers[3].shape, (Shape{1, 3, 2, 2}));
  EXPECT_EQ(g.layers[5].elementwise().constant_shape, (Shape{1, 3, 1, 1}));
  EXPECT_EQ(g.layers[6].inputs, (std::vector<int>{4, 5}));  // Add of two activations
  EXPECT_EQ(g.layers[7].shape, (Shape{1, 12}));             // Reshape [1, -1]
  EXPECT_EQ(g.layers[8].shape, (Shape{1, 5}));
}

TEST(OnnxImport, OtherOperatorsReferenceMatchesNumpy) {
  check_against_numpy(import_onnx(kData + "/ops.onnx"), "ops_inputs.npy", "ops_expected.npy");
}

TEST(OnnxImport, UnsupportedOperatorNamesNodeOperatorAndSupportedList) {
  const std::string e = error_of("bad_einsum.onnx");
  EXPECT_NE(e.find("bad_einsum.onnx"), std::string::npos) << e;
  EXPECT_NE(e.find("node 'einsum1' (index 1, Einsum)"), std::string::npos) << e;
  EXPECT_NE(e.find("operator 'Einsum' is not supported"), std::string::npos) << e;
  EXPECT_NE(e.find("supported: " + supported_onnx_operators()), std::string::npos) << e;
  EXPECT_NE(supported_onnx_operators().find("Conv"), std::string::npos);
  EXPECT_NE(supported_onnx_operators().find("LSTM"), std::string::npos);
}

TEST(OnnxImport, TruncatedFileNamesTheFile) {
  const std::string e = error_of("bad_truncated.onnx");
  EXPECT_NE(e.find("bad_truncated.onnx"), std::string::npos) << e;
  EXPECT_NE(e.find("not a valid ONNX model"), std::string::npos) << e;
}

TEST(OnnxImport, MissingFileNamesTheFile) {
  const std::string e = error_of("no_such_model.onnx");
  EXPECT_NE(e.find("no_such_model.onnx: cannot open"), std::string::npos) << e;
}

TEST(OnnxImport, ShapeMismatchNamesNodeAndShapes) {
  const std::string e = error_of("bad_shape.onnx");
  EXPECT_NE(e.find("bad_shape.onnx: node 'fc_wrong' (index 0, Gemm)"), std::string::npos) << e;
  EXPECT_NE(e.find("[1, 784]"), std::string::npos) << e;
  EXPECT_NE(e.find("expected [1, 100]"), std::string::npos) << e;
}

TEST(OnnxImport, WorkloadErrorIsAnInvalidArgument) {
  // The CLI maps std::invalid_argument to exit code 2.
  EXPECT_THROW(import_onnx(kData + "/bad_einsum.onnx"), std::invalid_argument);
}

TEST(ReferenceModel, WrongInputSizeIsAWorkloadError) {
  const WorkloadGraph g = import_onnx(kData + "/lstm.onnx");
  EXPECT_THROW(run_reference(g, std::vector<float>(7)), WorkloadError);
}

TEST(ReferenceModel, RelativeL2Error) {
  EXPECT_DOUBLE_EQ(relative_l2_error({3, 4}, {3, 4}), 0.0);
  EXPECT_NEAR(relative_l2_error({3, 5}, {3, 4}), 0.2, 1e-12);
}

}  // namespace
}  // namespace kirchhoff
