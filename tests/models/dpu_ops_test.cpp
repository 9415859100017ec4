// Every DPU op against a plain double-precision reference, in each numeric format.
//
// Inputs are drawn as values of the format, so the reference sees exactly what the DPU sees.
// Tolerances: fp32 within 1e-6 relative of the reference; fp16 and fixed point within the
// rounding-error bound of the op, derived from the format's LSB / unit roundoff u and the
// number of roundings the op performs (NumericFormat::rounding_error_bound is the bound of one
// rounding: LSB/2 in fixed point, max(u|x|, eta) in floating point):
//  - one rounding (activations, add, multiply): eb(|ref|);
//  - a chain of n - 1 rounded adds: fixed point (n - 1) LSB/2; floating point
//    gamma_{n-1} * sum|x_i| with gamma_k = k u / (1 - k u) (Higham, Accuracy and Stability of
//    Numerical Algorithms, 2nd ed., eq. 4.4);
//  - affine x*s + b, product and sum rounded: eb(|xs|) + eb(|xs + b| + eb(|xs|));
//  - average = rounded sum / n, rounded: err_sum / n + eb(|sum| / n + err_sum / n).
#include "models/dpu_ops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "models/random_stream.h"

namespace kirchhoff {
namespace {

constexpr double kFp32RelTol = 1e-6;

// Values of `fmt`, uniform in [-limit, limit].
std::vector<float> random_values(const NumericFormat& fmt, std::size_t n, double limit,
                                 std::uint64_t event) {
  RandomStream rs(2024, "dpu_ops_test");
  std::vector<double> u(n);
  rs.uniforms(event, 0, u.data(), n);
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = fmt.round((2.0 * u[i] - 1.0) * limit);
  return v;
}

class DpuOpsTest : public ::testing::TestWithParam<NumericFormat> {
 protected:
  NumericFormat fmt() const { return GetParam(); }
  double eb(double x) const { return fmt().rounding_error_bound(std::fabs(x)); }
  // Bound of a chain of n - 1 rounded adds of values whose magnitudes sum to abs_sum.
  double sum_bound(std::size_t n, double abs_sum) const {
    if (n <= 1) return 0.0;
    const double k = static_cast<double>(n - 1);
    if (fmt().is_fixed_point()) return k * fmt().lsb() / 2.0;
    const double u = fmt().unit_roundoff();
    return k * u / (1.0 - k * u) * abs_sum;
  }
  // Checks got against ref: fp32 to 1e-6 relative (absolute near zero), else to `bound`.
  void expect_close(double got, double ref, double bound, std::size_t i) const {
    if (fmt().kind == NumberKind::kFp32) {
      EXPECT_NEAR(got, ref, kFp32RelTol * std::max(std::fabs(ref), 1.0))
          << fmt().name() << " element " << i;
    }
    EXPECT_LE(std::fabs(got - ref), bound)
        << fmt().name() << " element " << i << " got " << got << " ref " << ref;
    EXPECT_EQ(static_cast<float>(got), fmt().round(got)) << "not a value of " << fmt().name();
  }
  void check_unary(const std::vector<float>& x, const std::vector<float>& y,
                   double (*ref)(double)) const {
    ASSERT_EQ(y.size(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double r = ref(x[i]);
      expect_close(y[i], r, eb(r), i);
    }
  }
};

TEST_P(DpuOpsTest, AccumulateMatchesReference) {
  const std::size_t n = 4, len = 300;
  std::vector<std::vector<float>> in;
  for (std::size_t k = 0; k < n; ++k) in.push_back(random_values(fmt(), len, 1.5, k));
  const std::vector<float> y = dpu_accumulate(fmt(), in);
  ASSERT_EQ(y.size(), len);
  for (std::size_t i = 0; i < len; ++i) {
    double ref = 0.0, abs_sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      ref += in[k][i];
      abs_sum += std::fabs(in[k][i]);
    }
    expect_close(y[i], ref, sum_bound(n, abs_sum), i);
  }
}

TEST_P(DpuOpsTest, AffinePerChannelMatchesReference) {
  const std::size_t channels = 3, per_channel = 50;
  const std::vector<float> x = random_values(fmt(), channels * per_channel, 2.0, 10);
  const std::vector<float> scale = random_values(fmt(), channels, 1.5, 11);
  const std::vector<float> bias = random_values(fmt(), channels, 1.0, 12);
  const std::vector<float> y = dpu_affine(fmt(), x, scale, bias);
  ASSERT_EQ(y.size(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t c = i / per_channel;
    const double xs = static_cast<double>(x[i]) * scale[c];
    const double ref = xs + bias[c];
    expect_close(y[i], ref, eb(xs) + eb(std::fabs(ref) + eb(xs)), i);
  }
}

TEST_P(DpuOpsTest, ReluIsExact) {
  const std::vector<float> x = random_values(fmt(), 200, 4.0, 20);
  check_unary(x, dpu_relu(fmt(), x), [](double v) { return std::max(v, 0.0); });
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(dpu_relu(fmt(), x)[i], std::max(x[i], 0.0f));
  }
}

TEST_P(DpuOpsTest, SigmoidMatchesReference) {
  const std::vector<float> x = random_values(fmt(), 300, 6.0, 21);
  check_unary(x, dpu_sigmoid(fmt(), x), [](double v) { return 1.0 / (1.0 + std::exp(-v)); });
}

TEST_P(DpuOpsTest, TanhMatchesReference) {
  const std::vector<float> x = random_values(fmt(), 300, 4.0, 22);
  check_unary(x, dpu_tanh(fmt(), x), [](double v) { return std::tanh(v); });
}

TEST_P(DpuOpsTest, HardSigmoidMatchesOnnxDefinition) {
  const std::vector<float> x = random_values(fmt(), 300, 4.0, 23);
  check_unary(x, dpu_hard_sigmoid(fmt(), x),
              [](double v) { return std::max(0.0, std::min(1.0, 0.2 * v + 0.5)); });
  const std::vector<float> y = dpu_hard_sigmoid(fmt(), {0.0f, 3.0f, -3.0f});
  EXPECT_EQ(y[0], 0.5f);
  EXPECT_EQ(y[1], 1.0f);
  EXPECT_EQ(y[2], 0.0f);
}

TEST_P(DpuOpsTest, GeluMatchesErfReference) {
  const std::vector<float> x = random_values(fmt(), 300, 4.0, 24);
  check_unary(x, dpu_gelu(fmt(), x),
              [](double v) { return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))); });
}

TEST_P(DpuOpsTest, AddAndMultiplyMatchReference) {
  const std::vector<float> a = random_values(fmt(), 300, 2.5, 30);
  const std::vector<float> b = random_values(fmt(), 300, 2.5, 31);
  const std::vector<float> s = dpu_add(fmt(), a, b);
  const std::vector<float> p = dpu_multiply(fmt(), a, b);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double rs = static_cast<double>(a[i]) + b[i];
    const double rp = static_cast<double>(a[i]) * b[i];
    expect_close(s[i], rs, eb(rs), i);
    expect_close(p[i], rp, eb(rp), i);
  }
}

// Reference pooling, written independently of the DPU's loop structure: walk the padded
// window and skip positions outside the tensor.
std::vector<double> reference_pool(const std::vector<float>& x, const TensorShape& s,
                                   const PoolParams& p, bool is_max, std::vector<double>* abs_sums,
                                   std::vector<int>* counts) {
  const std::size_t oh = (s.height + 2 * p.pad_h - p.kernel_h) / p.stride_h + 1;
  const std::size_t ow = (s.width + 2 * p.pad_w - p.kernel_w) / p.stride_w + 1;
  std::vector<double> out;
  for (std::size_t c = 0; c < s.channels; ++c) {
    for (std::size_t oy = 0; oy < oh; ++oy) {
      for (std::size_t ox = 0; ox < ow; ++ox) {
        double best = -std::numeric_limits<double>::infinity(), sum = 0.0, abs_sum = 0.0;
        int count = 0;
        for (std::size_t ky = 0; ky < p.kernel_h; ++ky) {
          for (std::size_t kx = 0; kx < p.kernel_w; ++kx) {
            const long y = static_cast<long>(oy * p.stride_h + ky) - static_cast<long>(p.pad_h);
            const long xx = static_cast<long>(ox * p.stride_w + kx) - static_cast<long>(p.pad_w);
            if (y < 0 || xx < 0 || y >= static_cast<long>(s.height) ||
                xx >= static_cast<long>(s.width)) {
              continue;
            }
            const double v = x[(c * s.height + y) * s.width + xx];
            best = std::max(best, v);
            sum += v;
            abs_sum += std::fabs(v);
            ++count;
          }
        }
        out.push_back(is_max ? best : sum / count);
        if (abs_sums) abs_sums->push_back(abs_sum);
        if (counts) counts->push_back(count);
      }
    }
  }
  return out;
}

TEST_P(DpuOpsTest, MaxPoolIsExact) {
  const TensorShape shape{3, 7, 6};
  for (const PoolParams& p :
       {PoolParams{2, 2, 2, 2, 0, 0}, PoolParams{3, 3, 2, 2, 1, 1}, PoolParams{3, 2, 1, 2, 2, 0}}) {
    const std::vector<float> x = random_values(fmt(), shape.size(), 4.0, 40);
    const std::vector<float> y = dpu_max_pool(fmt(), x, shape, p);
    const std::vector<double> ref = reference_pool(x, shape, p, true, nullptr, nullptr);
    ASSERT_EQ(y.size(), ref.size());
    ASSERT_EQ(y.size(), pool_output_shape(shape, p).size());
    for (std::size_t i = 0; i < y.size(); ++i) EXPECT_EQ(y[i], ref[i]) << i;
  }
}

TEST_P(DpuOpsTest, AvgPoolMatchesReferenceWithoutCountingPadding) {
  const TensorShape shape{2, 6, 7};
  for (const PoolParams& p :
       {PoolParams{2, 2, 2, 2, 0, 0}, PoolParams{3, 3, 2, 2, 1, 1}, PoolParams{3, 3, 1, 1, 1, 1}}) {
    const std::vector<float> x = random_values(fmt(), shape.size(), 0.8, 41);
    const std::vector<float> y = dpu_avg_pool(fmt(), x, shape, p);
    std::vector<double> abs_sums;
    std::vector<int> counts;
    const std::vector<double> ref = reference_pool(x, shape, p, false, &abs_sums, &counts);
    ASSERT_EQ(y.size(), ref.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double n = counts[i];
      const double err_sum = sum_bound(counts[i], abs_sums[i]);
      expect_close(y[i], ref[i], err_sum / n + eb(std::fabs(ref[i]) + err_sum / n), i);
    }
  }
}

TEST_P(DpuOpsTest, GlobalAvgPoolMatchesReference) {
  const TensorShape shape{4, 5, 3};
  const std::vector<float> x = random_values(fmt(), shape.size(), 0.4, 42);
  const std::vector<float> y = dpu_global_avg_pool(fmt(), x, shape);
  ASSERT_EQ(y.size(), shape.channels);
  const std::size_t plane = shape.height * shape.width;
  for (std::size_t c = 0; c < shape.channels; ++c) {
    double sum = 0.0, abs_sum = 0.0;
    for (std::size_t i = 0; i < plane; ++i) {
      sum += x[c * plane + i];
      abs_sum += std::fabs(x[c * plane + i]);
    }
    const double n = static_cast<double>(plane);
    const double err_sum = sum_bound(plane, abs_sum);
    expect_close(y[c], sum / n, err_sum / n + eb(std::fabs(sum / n) + err_sum / n), c);
  }
}

TEST_P(DpuOpsTest, RequantizeGivesNearestCodeInRange) {
  const std::vector<float> x = random_values(fmt(), 300, 3.0, 50);
  for (const RequantParams& p :
       {RequantParams{8, true, 1.0 / 32, -1e9, 1e9}, RequantParams{4, false, 0.25, 0.0, 3.0},
        RequantParams{7, true, 0.05, -1.0, 1.0}}) {
    const std::vector<float> codes = dpu_requantize(fmt(), x, p);
    const double code_min = p.is_signed ? -std::ldexp(1.0, p.bits - 1) : 0.0;
    const double code_max =
        p.is_signed ? std::ldexp(1.0, p.bits - 1) - 1.0 : std::ldexp(1.0, p.bits) - 1.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double ideal = std::clamp(static_cast<double>(x[i]), p.clip_min, p.clip_max) / p.scale;
      EXPECT_EQ(codes[i], std::round(codes[i])) << "not an integer code";
      EXPECT_GE(codes[i], code_min);
      EXPECT_LE(codes[i], code_max);
      EXPECT_LE(std::fabs(codes[i] - std::clamp(ideal, code_min, code_max)), 0.5) << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, DpuOpsTest,
                         ::testing::Values(NumericFormat::fp32(), NumericFormat::fp16(),
                                           NumericFormat::int8(4), NumericFormat::int16(8)),
                         [](const ::testing::TestParamInfo<NumericFormat>& info) {
                           switch (info.param.kind) {
                             case NumberKind::kFp32:
                               return std::string("fp32");
                             case NumberKind::kFp16:
                               return std::string("fp16");
                             case NumberKind::kInt8:
                               return "int8q" + std::to_string(info.param.frac_bits);
                             case NumberKind::kInt16:
                               return "int16q" + std::to_string(info.param.frac_bits);
                           }
                           return std::string("unknown");
                         });

// Format-specific behaviour.

TEST(DpuOps, FixedPointIntermediateSumsSaturate) {
  const NumericFormat f = NumericFormat::int8(4);  // range [-8, 7.9375]
  // 6 + 6 saturates at 7.9375, then - 6 gives 1.9375 (not 6): every intermediate honours the
  // format.
  const std::vector<float> y = dpu_accumulate(f, {{6.0f}, {6.0f}, {-6.0f}});
  EXPECT_EQ(y[0], 1.9375f);
  EXPECT_EQ(dpu_add(f, {7.0f}, {7.0f})[0], 7.9375f);
  EXPECT_EQ(dpu_multiply(f, {-4.0f}, {4.0f})[0], -8.0f);
}

TEST(DpuOps, Fp16OverflowsToInfinityAndRoundsEveryAdd) {
  const NumericFormat f = NumericFormat::fp16();
  EXPECT_TRUE(std::isinf(dpu_add(f, {60000.0f}, {60000.0f})[0]));
  // 2048 + 1 + 1: each add rounds to 2048 (tie to even), the exact sum 2050 is representable.
  EXPECT_EQ(dpu_accumulate(f, {{2048.0f}, {1.0f}, {1.0f}})[0], 2048.0f);
  EXPECT_EQ(dpu_accumulate(NumericFormat::fp32(), {{2048.0f}, {1.0f}, {1.0f}})[0], 2050.0f);
}

TEST(DpuOps, AffineRoundsProductBeforeAddingBias) {
  const NumericFormat f = NumericFormat::int8(4);
  // 0.0625 * 0.5 = 0.03125 = half an LSB: rounds to 0 (tie to even), then + 1 -> 1. A fused
  // multiply-add would give 1.03125 -> 1.0 as well, so also check a case that differs:
  // 0.1875 * 0.5 = 0.09375 = 1.5 LSB -> 2 LSB = 0.125, + 0.0625 -> 0.1875.
  EXPECT_EQ(dpu_affine(f, {0.0625f}, {0.5f}, {1.0f})[0], 1.0f);
  EXPECT_EQ(dpu_affine(f, {0.1875f}, {0.5f}, {0.0625f})[0], 0.1875f);
  // Operands are rounded into the format on entry.
  EXPECT_EQ(dpu_affine(f, {1.01f}, {1.0f}, {0.0f})[0], 1.0f);
}

TEST(DpuOps, RequantizeClipsAndSaturates) {
  const NumericFormat f = NumericFormat::fp32();
  RequantParams p;
  p.bits = 8;
  p.is_signed = false;
  p.scale = 0.5;
  p.clip_min = 0.0;
  p.clip_max = 6.0;  // ReLU6
  EXPECT_EQ(dpu_requantize(f, {-1.0f, 0.25f, 0.75f, 3.3f, 100.0f}, p),
            (std::vector<float>{0.0f, 0.0f, 2.0f, 7.0f, 12.0f}));
  p.clip_max = 1000.0;
  EXPECT_EQ(dpu_requantize(f, {1000.0f}, p)[0], 255.0f);
  p.is_signed = true;
  p.clip_min = -1000.0;
  EXPECT_EQ(dpu_requantize(f, {-1000.0f, 1000.0f}, p), (std::vector<float>{-128.0f, 127.0f}));
  EXPECT_EQ(dpu_requantize(f, {std::nanf("")}, p)[0], 0.0f);
}

TEST(DpuOps, BadShapesThrow) {
  const NumericFormat f = NumericFormat::fp32();
  EXPECT_THROW(dpu_add(f, {1.0f}, {1.0f, 2.0f}), std::invalid_argument);
  EXPECT_THROW(dpu_accumulate(f, {}), std::invalid_argument);
  EXPECT_THROW(dpu_accumulate(f, {{1.0f}, {1.0f, 2.0f}}), std::invalid_argument);
  EXPECT_THROW(dpu_affine(f, {1.0f, 2.0f, 3.0f}, {1.0f, 1.0f}, {0.0f, 0.0f}),
               std::invalid_argument);
  EXPECT_THROW(dpu_affine(f, {1.0f, 2.0f}, {1.0f, 1.0f}, {0.0f}), std::invalid_argument);
  EXPECT_THROW(dpu_max_pool(f, {1.0f, 2.0f}, TensorShape{1, 1, 3}, PoolParams{}),
               std::invalid_argument);
  EXPECT_THROW(dpu_max_pool(f, {1.0f}, TensorShape{1, 1, 1}, PoolParams{2, 2, 1, 1, 0, 0}),
               std::invalid_argument);  // kernel larger than input
  EXPECT_THROW(pool_output_shape(TensorShape{1, 4, 4}, PoolParams{2, 2, 1, 1, 2, 0}),
               std::invalid_argument);  // pad >= kernel
  EXPECT_THROW(pool_output_shape(TensorShape{1, 4, 4}, PoolParams{2, 2, 0, 1, 0, 0}),
               std::invalid_argument);  // zero stride
  RequantParams bad;
  bad.bits = 0;
  EXPECT_THROW(dpu_requantize(f, {1.0f}, bad), std::invalid_argument);
  bad.bits = 8;
  bad.scale = 0.0;
  EXPECT_THROW(dpu_requantize(f, {1.0f}, bad), std::invalid_argument);
}

TEST(DpuOps, PoolShapesAndElementOps) {
  const TensorShape in{16, 32, 32};
  const TensorShape out = pool_output_shape(in, PoolParams{3, 3, 2, 2, 1, 1});
  EXPECT_EQ(out.channels, 16u);
  EXPECT_EQ(out.height, 16u);  // (32 + 2 - 3) / 2 + 1
  EXPECT_EQ(out.width, 16u);
  EXPECT_EQ(dpu_element_ops_pool(in, PoolParams{3, 3, 2, 2, 1, 1}), 16u * 16 * 16 * 9);
  EXPECT_EQ(dpu_element_ops_accumulate(4, 256), 3u * 256);
  EXPECT_EQ(dpu_element_ops_accumulate(1, 256), 0u);
}

}  // namespace
}  // namespace kirchhoff
