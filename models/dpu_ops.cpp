#include "models/dpu_ops.h"

#include "models/fp16_span.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace kirchhoff {
namespace {

constexpr int kMaxRequantBits = 24;  // integer codes stay exact in a float's 24-bit significand

std::string size_str(std::size_t n) {
  return std::to_string(n);
}

void require_same_length(const char* op, std::size_t a, std::size_t b) {
  if (a != b) {
    throw std::invalid_argument(std::string(op) + ": operand lengths differ (" + size_str(a) +
                                " vs " + size_str(b) + "); element-wise ops need equal lengths");
  }
}

void require_shape(const char* op, const std::vector<float>& x, const TensorShape& shape) {
  if (shape.channels == 0 || shape.height == 0 || shape.width == 0) {
    throw std::invalid_argument(std::string(op) + ": tensor shape has a zero dimension");
  }
  if (x.size() != shape.size()) {
    throw std::invalid_argument(std::string(op) + ": input has " + size_str(x.size()) +
                                " elements but the shape C*H*W = " + size_str(shape.size()));
  }
}

// Rounds every element of x into the format (the DPU's input registers).
// (binary16: eight at a time, models/fp16_span.h.)
std::vector<float> load(const NumericFormat& fmt, const std::vector<float>& x) {
  std::vector<float> out(x.size());
  if (fmt.kind == NumberKind::kFp16) {
    round_floats_to_fp16(x.data(), out.data(), x.size());
    return out;
  }
  std::transform(x.begin(), x.end(), out.begin(), [&](float v) { return fmt.round(v); });
  return out;
}

template <typename F>
std::vector<float> unary(const NumericFormat& fmt, const std::vector<float>& x, F f) {
  std::vector<float> out = load(fmt, x);
  for (float& v : out) v = fmt.round(f(static_cast<double>(v)));
  return out;
}

template <typename F>
std::vector<float> binary(const char* op, const NumericFormat& fmt, const std::vector<float>& a,
                          const std::vector<float>& b, F f) {
  require_same_length(op, a.size(), b.size());
  std::vector<float> out = load(fmt, a);
  const std::vector<float> bl = load(fmt, b);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = fmt.round(f(static_cast<double>(out[i]), static_cast<double>(bl[i])));
  }
  return out;
}

enum class PoolKind { kMax, kAverage };

std::vector<float> pool(const char* op, PoolKind kind, const NumericFormat& fmt,
                        const std::vector<float>& x_in, const TensorShape& shape,
                        const PoolParams& p) {
  require_shape(op, x_in, shape);
  const TensorShape out_shape = pool_output_shape(shape, p);
  const std::vector<float> x = load(fmt, x_in);
  std::vector<float> out(out_shape.size());
  for (std::size_t c = 0; c < shape.channels; ++c) {
    const float* plane = x.data() + c * shape.height * shape.width;
    for (std::size_t oy = 0; oy < out_shape.height; ++oy) {
      for (std::size_t ox = 0; ox < out_shape.width; ++ox) {
        // Window rows/columns in unpadded coordinates, clipped to the tensor.
        const std::size_t y0_padded = oy * p.stride_h;
        const std::size_t x0_padded = ox * p.stride_w;
        const std::size_t y_begin = y0_padded > p.pad_h ? y0_padded - p.pad_h : 0;
        const std::size_t x_begin = x0_padded > p.pad_w ? x0_padded - p.pad_w : 0;
        const std::size_t y_end = std::min(y0_padded + p.kernel_h - p.pad_h, shape.height);
        const std::size_t x_end = std::min(x0_padded + p.kernel_w - p.pad_w, shape.width);
        double acc = kind == PoolKind::kMax ? -std::numeric_limits<double>::infinity() : 0.0;
        std::size_t count = 0;
        for (std::size_t y = y_begin; y < y_end; ++y) {
          for (std::size_t xx = x_begin; xx < x_end; ++xx) {
            const double v = plane[y * shape.width + xx];
            if (kind == PoolKind::kMax) {
              acc = std::max(acc, v);
            } else {
              acc = count == 0 ? v : fmt.round(acc + v);
            }
            ++count;
          }
        }
        float result = static_cast<float>(acc);  // max: already a format value
        if (kind == PoolKind::kAverage) result = fmt.round(acc / static_cast<double>(count));
        out[(c * out_shape.height + oy) * out_shape.width + ox] = result;
      }
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(DpuOp op) {
  switch (op) {
    case DpuOp::kAccumulate:
      return "accumulate";
    case DpuOp::kAffine:
      return "affine";
    case DpuOp::kRelu:
      return "relu";
    case DpuOp::kSigmoid:
      return "sigmoid";
    case DpuOp::kTanh:
      return "tanh";
    case DpuOp::kHardSigmoid:
      return "hard_sigmoid";
    case DpuOp::kGelu:
      return "gelu";
    case DpuOp::kAdd:
      return "add";
    case DpuOp::kMultiply:
      return "multiply";
    case DpuOp::kMaxPool:
      return "max_pool";
    case DpuOp::kAvgPool:
      return "avg_pool";
    case DpuOp::kGlobalAvgPool:
      return "global_avg_pool";
    case DpuOp::kRequantize:
      return "requantize";
  }
  return "?";
}

TensorShape pool_output_shape(const TensorShape& in, const PoolParams& p) {
  if (p.kernel_h == 0 || p.kernel_w == 0 || p.stride_h == 0 || p.stride_w == 0) {
    throw std::invalid_argument("pooling: kernel and stride must be >= 1");
  }
  if (p.pad_h >= p.kernel_h || p.pad_w >= p.kernel_w) {
    throw std::invalid_argument("pooling: padding must be smaller than the kernel (pad " +
                                size_str(p.pad_h) + "x" + size_str(p.pad_w) + ", kernel " +
                                size_str(p.kernel_h) + "x" + size_str(p.kernel_w) + ")");
  }
  const std::size_t padded_h = in.height + 2 * p.pad_h;
  const std::size_t padded_w = in.width + 2 * p.pad_w;
  if (padded_h < p.kernel_h || padded_w < p.kernel_w) {
    throw std::invalid_argument("pooling: kernel " + size_str(p.kernel_h) + "x" +
                                size_str(p.kernel_w) + " is larger than the padded input " +
                                size_str(padded_h) + "x" + size_str(padded_w));
  }
  return {in.channels, (padded_h - p.kernel_h) / p.stride_h + 1,
          (padded_w - p.kernel_w) / p.stride_w + 1};
}

std::vector<float> dpu_accumulate(const NumericFormat& fmt,
                                  const std::vector<std::vector<float>>& inputs) {
  if (inputs.empty()) throw std::invalid_argument("accumulate: needs at least one vector");
  std::vector<float> acc = load(fmt, inputs.front());
  for (std::size_t k = 1; k < inputs.size(); ++k) {
    require_same_length("accumulate", acc.size(), inputs[k].size());
    if (fmt.kind == NumberKind::kFp16) {
      accumulate_fp16(acc.data(), inputs[k].data(), acc.size());
      continue;
    }
    for (std::size_t i = 0; i < acc.size(); ++i) {
      acc[i] = fmt.round(static_cast<double>(acc[i]) + fmt.round(inputs[k][i]));
    }
  }
  return acc;
}

std::vector<float> dpu_affine(const NumericFormat& fmt, const std::vector<float>& x,
                              const std::vector<float>& scale, const std::vector<float>& bias) {
  require_same_length("affine (scale vs bias)", scale.size(), bias.size());
  if (scale.empty() || x.size() % scale.size() != 0) {
    throw std::invalid_argument("affine: " + size_str(scale.size()) +
                                " channels do not divide the input length " + size_str(x.size()));
  }
  const std::size_t per_channel = x.size() / scale.size();
  const std::vector<float> s = load(fmt, scale);
  const std::vector<float> b = load(fmt, bias);
  std::vector<float> out(x.size());
  const std::vector<float> xl = load(fmt, x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t c = i / per_channel;
    const float product = fmt.round(static_cast<double>(xl[i]) * s[c]);
    out[i] = fmt.round(static_cast<double>(product) + b[c]);
  }
  return out;
}

std::vector<float> dpu_relu(const NumericFormat& fmt, const std::vector<float>& x) {
  // max(v, 0) of a format value is a format value: its rounding is the identity.
  std::vector<float> out = load(fmt, x);
  for (float& v : out) v = v > 0.0f ? v : 0.0f;
  return out;
}

std::vector<float> dpu_sigmoid(const NumericFormat& fmt, const std::vector<float>& x) {
  return unary(fmt, x, [](double v) { return 1.0 / (1.0 + std::exp(-v)); });
}

std::vector<float> dpu_tanh(const NumericFormat& fmt, const std::vector<float>& x) {
  return unary(fmt, x, [](double v) { return std::tanh(v); });
}

std::vector<float> dpu_hard_sigmoid(const NumericFormat& fmt, const std::vector<float>& x,
                                    const HardSigmoidParams& p) {
  return unary(fmt, x, [&](double v) { return std::clamp(p.alpha * v + p.beta, 0.0, 1.0); });
}

std::vector<float> dpu_gelu(const NumericFormat& fmt, const std::vector<float>& x) {
  return unary(fmt, x, [](double v) { return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))); });
}

std::vector<float> dpu_add(const NumericFormat& fmt, const std::vector<float>& a,
                           const std::vector<float>& b) {
  return binary("add", fmt, a, b, [](double u, double v) { return u + v; });
}

std::vector<float> dpu_multiply(const NumericFormat& fmt, const std::vector<float>& a,
                                const std::vector<float>& b) {
  return binary("multiply", fmt, a, b, [](double u, double v) { return u * v; });
}

std::vector<float> dpu_max_pool(const NumericFormat& fmt, const std::vector<float>& x,
                                const TensorShape& shape, const PoolParams& pool_params) {
  return pool("max_pool", PoolKind::kMax, fmt, x, shape, pool_params);
}

std::vector<float> dpu_avg_pool(const NumericFormat& fmt, const std::vector<float>& x,
                                const TensorShape& shape, const PoolParams& pool_params) {
  return pool("avg_pool", PoolKind::kAverage, fmt, x, shape, pool_params);
}

std::vector<float> dpu_global_avg_pool(const NumericFormat& fmt, const std::vector<float>& x_in,
                                       const TensorShape& shape) {
  require_shape("global_avg_pool", x_in, shape);
  const std::vector<float> x = load(fmt, x_in);
  const std::size_t plane = shape.height * shape.width;
  std::vector<float> out(shape.channels);
  for (std::size_t c = 0; c < shape.channels; ++c) {
    double acc = x[c * plane];
    for (std::size_t i = 1; i < plane; ++i) acc = fmt.round(acc + x[c * plane + i]);
    out[c] = fmt.round(acc / static_cast<double>(plane));
  }
  return out;
}

std::vector<float> dpu_requantize(const NumericFormat& fmt, const std::vector<float>& x,
                                  const RequantParams& p) {
  if (p.bits < 1 || p.bits > kMaxRequantBits) {
    throw std::invalid_argument("requantize: bits = " + std::to_string(p.bits) +
                                " out of range: allowed 1 .. " + std::to_string(kMaxRequantBits));
  }
  if (!(p.scale > 0.0) || !std::isfinite(p.scale)) {
    throw std::invalid_argument("requantize: scale must be finite and > 0");
  }
  if (!(p.clip_min <= p.clip_max)) {
    throw std::invalid_argument("requantize: clip_min must be <= clip_max");
  }
  const double code_max =
      p.is_signed ? std::ldexp(1.0, p.bits - 1) - 1.0 : std::ldexp(1.0, p.bits) - 1.0;
  const double code_min = p.is_signed ? -std::ldexp(1.0, p.bits - 1) : 0.0;
  std::vector<float> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double loaded = fmt.round(x[i]);
    // NaN has no integer code: it maps to code 0 (documented in the header).
    const double v = std::isnan(loaded) ? 0.0 : std::clamp(loaded, p.clip_min, p.clip_max);
    const double code = round_half_even(std::clamp(v / p.scale, code_min - 1.0, code_max + 1.0));
    out[i] = static_cast<float>(std::clamp(code, code_min, code_max));
  }
  return out;
}

std::uint64_t dpu_element_ops_accumulate(std::size_t num_vectors, std::size_t length) {
  if (num_vectors == 0) return 0;
  return static_cast<std::uint64_t>(num_vectors - 1) * length;
}

std::uint64_t dpu_element_ops_pool(const TensorShape& in, const PoolParams& pool_params) {
  const TensorShape out = pool_output_shape(in, pool_params);
  return static_cast<std::uint64_t>(out.size()) * pool_params.kernel_h * pool_params.kernel_w;
}

}  // namespace kirchhoff
