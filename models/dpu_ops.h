// Vector operations of a digital processing unit (DPU): what a tile's local DPU or a global
// DPU does after the crossbars (partial sums, affine / batch-norm / drift scale, activations,
// pooling, requantisation). Pure C++, no SystemC; the cost of each op is in dpu_cost.h.
//
// Numerics. Every value lives in the DPU's NumericFormat (numeric_format.h):
//  - Operands are rounded into the format on entry (the DPU's registers hold that format);
//    parameters (scale, bias) too.
//  - Arithmetic ops round *every* intermediate result: an accumulation rounds after each add,
//    affine rounds the product and then the sum (no fused multiply-add), average pooling
//    rounds each add of its window sum and then the division. In fixed point this means
//    intermediate sums saturate at the format's range: choose frac_bits with head-room.
//  - Activation functions (sigmoid, tanh, hard-sigmoid, GELU) model a function unit that is
//    correctly rounded: computed in double from the format value, rounded once. (A real
//    piece-wise-linear / LUT unit adds its own approximation error on top.)
//  - Requantisation models a dedicated requantiser (a wide multiplier and shift, as in
//    integer-only inference): the only rounding is the one to the output integer code.
// All ops are deterministic and independent of the floating-point environment.
//
// Tensors are CHW, channel-major (element (c, y, x) at c*H*W + y*W + x). Errors a caller can
// cause (mismatched lengths, bad shapes) throw std::invalid_argument with a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "models/numeric_format.h"

namespace kirchhoff {

// The DPU's operation types; the cost model keeps one throughput and energy per type.
enum class DpuOp : std::uint8_t {
  kAccumulate,     // element-wise sum of several partial-sum vectors
  kAffine,         // per-channel y = x * scale[c] + bias[c]
  kRelu,           // max(x, 0)
  kSigmoid,        // 1 / (1 + exp(-x))
  kTanh,           // tanh(x)
  kHardSigmoid,    // max(0, min(1, alpha * x + beta)), ONNX alpha = 0.2, beta = 0.5
  kGelu,           // x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))
  kAdd,            // a + b element-wise
  kMultiply,       // a * b element-wise
  kMaxPool,        // 2-D max pooling of a CHW tensor
  kAvgPool,        // 2-D average pooling of a CHW tensor
  kGlobalAvgPool,  // mean over H x W per channel
  kRequantize,     // to the next layer's input integer codes
};
inline constexpr std::size_t kNumDpuOps = 13;
std::string_view to_string(DpuOp op);

struct TensorShape {
  std::size_t channels = 1;
  std::size_t height = 1;
  std::size_t width = 1;
  std::size_t size() const { return channels * height * width; }
};

// 2-D pooling window (ONNX MaxPool / AveragePool semantics with symmetric padding).
// Output height = floor((H + 2 * pad_h - kernel_h) / stride_h) + 1 (width alike). Padded
// positions never win a max and are not counted in an average (ONNX count_include_pad = 0).
struct PoolParams {
  std::size_t kernel_h = 2;
  std::size_t kernel_w = 2;
  std::size_t stride_h = 2;
  std::size_t stride_w = 2;
  std::size_t pad_h = 0;  // must be < kernel_h
  std::size_t pad_w = 0;  // must be < kernel_w
};
// The output shape of pooling `in`; throws std::invalid_argument on a bad window.
TensorShape pool_output_shape(const TensorShape& in, const PoolParams& pool);

// Hard-sigmoid definition: y = max(0, min(1, alpha * x + beta)) with the ONNX HardSigmoid
// defaults (opset 6+: alpha = 0.2, beta = 0.5). PyTorch's Hardsigmoid is alpha = 1/6.
struct HardSigmoidParams {
  double alpha = 0.2;  // slope, ONNX HardSigmoid default
  double beta = 0.5;   // offset, ONNX HardSigmoid default
};

// Requantisation to the next layer's input: clip x to [clip_min, clip_max] (real units), then
// code = round_half_even(x / scale), saturated to the code range of `bits` (signed:
// [-2^(bits-1), 2^(bits-1) - 1]; unsigned: [0, 2^bits - 1]). The result holds the integer
// codes (as floats: exact up to 24 bits). A NaN input (float formats) gives code 0.
struct RequantParams {
  int bits = 8;           // 1 .. 24
  bool is_signed = true;  // signed or unsigned codes
  double scale = 1.0;     // real value of one code step, > 0
  // Real units; default: no clipping beyond the code range.
  double clip_min = -std::numeric_limits<double>::infinity();
  double clip_max = std::numeric_limits<double>::infinity();
};

// sum_k inputs[k]; at least one vector, all of the same length; rounds after each add.
std::vector<float> dpu_accumulate(const NumericFormat& fmt,
                                  const std::vector<std::vector<float>>& inputs);
// y[c*S + i] = round(round(x * scale[c]) + bias[c]) with S = x.size() / channels, channels =
// scale.size() = bias.size() (which must divide x.size()). One channel = per-tensor affine.
std::vector<float> dpu_affine(const NumericFormat& fmt, const std::vector<float>& x,
                              const std::vector<float>& scale, const std::vector<float>& bias);
std::vector<float> dpu_relu(const NumericFormat& fmt, const std::vector<float>& x);
std::vector<float> dpu_sigmoid(const NumericFormat& fmt, const std::vector<float>& x);
std::vector<float> dpu_tanh(const NumericFormat& fmt, const std::vector<float>& x);
std::vector<float> dpu_hard_sigmoid(const NumericFormat& fmt, const std::vector<float>& x,
                                    const HardSigmoidParams& p = {});
std::vector<float> dpu_gelu(const NumericFormat& fmt, const std::vector<float>& x);
std::vector<float> dpu_add(const NumericFormat& fmt, const std::vector<float>& a,
                           const std::vector<float>& b);
std::vector<float> dpu_multiply(const NumericFormat& fmt, const std::vector<float>& a,
                                const std::vector<float>& b);
std::vector<float> dpu_max_pool(const NumericFormat& fmt, const std::vector<float>& x,
                                const TensorShape& shape, const PoolParams& pool);
std::vector<float> dpu_avg_pool(const NumericFormat& fmt, const std::vector<float>& x,
                                const TensorShape& shape, const PoolParams& pool);
// One value per channel: round(sum / (H * W)), the sum rounded after each add.
std::vector<float> dpu_global_avg_pool(const NumericFormat& fmt, const std::vector<float>& x,
                                       const TensorShape& shape);
// Throws std::invalid_argument on bits outside 1 .. 24, scale <= 0 or clip_min > clip_max.
std::vector<float> dpu_requantize(const NumericFormat& fmt, const std::vector<float>& x,
                                  const RequantParams& p);

// The number of element-operations an op performs: what the cost model charges for.
// accumulate of n vectors of length L: (n - 1) * L adds; pooling: output elements x window
// elements (padding included: the datapath steps over it); global average pooling: C*H*W;
// element-wise ops and requantisation: the vector length.
std::uint64_t dpu_element_ops_accumulate(std::size_t num_vectors, std::size_t length);
std::uint64_t dpu_element_ops_pool(const TensorShape& in, const PoolParams& pool);

}  // namespace kirchhoff
