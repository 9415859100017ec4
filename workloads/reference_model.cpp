#include "workloads/reference_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/mvm_kernel.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

using Tensor = std::vector<float>;

// Dense and convolution layers accumulate in float32 with the tiles' SIMD GEMV
// (models/mvm_kernel.h): y = b + x W, rows in order.
Tensor dense(const DenseOp& d, const Tensor& x) {
  Tensor y = d.bias.empty() ? Tensor(static_cast<std::size_t>(d.out_features), 0.0f) : d.bias;
  Tensor drawn;  // the layer's weights for this product when the graph does not hold them
  if (d.weights.empty() && d.draw_weights) drawn = d.draw_weights();
  const Tensor& w = d.weights.empty() && d.draw_weights ? drawn : d.weights;
  gemv_accumulate(w.data(), d.in_features, d.out_features, x.data(), y.data());
  return y;
}

// One im2col patch at output position (oy, ox): row (c*kh + i)*kw + j, zero outside the input.
void im2col_patch(const Conv2dOp& c, const Tensor& x, int oy, int ox, Tensor& p) {
  for (int ch = 0; ch < c.in_channels; ++ch) {
    for (int i = 0; i < c.kernel_h; ++i) {
      const int iy = oy * c.stride_h - c.pad_top + i * c.dilation_h;
      for (int j = 0; j < c.kernel_w; ++j) {
        const int ix = ox * c.stride_w - c.pad_left + j * c.dilation_w;
        const bool inside = iy >= 0 && iy < c.in_h && ix >= 0 && ix < c.in_w;
        p[(static_cast<std::size_t>(ch) * c.kernel_h + i) * c.kernel_w + j] =
            inside ? x[(static_cast<std::size_t>(ch) * c.in_h + iy) * c.in_w + ix] : 0.0f;
      }
    }
  }
}

Tensor conv(const Conv2dOp& c, const Tensor& x) {
  const std::size_t hw = static_cast<std::size_t>(c.out_h) * c.out_w;
  Tensor y(static_cast<std::size_t>(c.out_channels) * hw);
  Tensor patch(static_cast<std::size_t>(c.patch_size()));
  Tensor acc(static_cast<std::size_t>(c.out_channels));
  Tensor drawn;  // the layer's weights for this sample when the graph does not hold them
  if (c.weights.empty() && c.draw_weights) drawn = c.draw_weights();
  const Tensor& w = c.weights.empty() && c.draw_weights ? drawn : c.weights;
  for (int oy = 0; oy < c.out_h; ++oy) {
    for (int ox = 0; ox < c.out_w; ++ox) {
      im2col_patch(c, x, oy, ox, patch);
      if (c.bias.empty()) {
        std::fill(acc.begin(), acc.end(), 0.0f);
      } else {
        std::copy(c.bias.begin(), c.bias.end(), acc.begin());
      }
      gemv_accumulate(w.data(), c.patch_size(), c.out_channels, patch.data(), acc.data());
      for (int oc = 0; oc < c.out_channels; ++oc)
        y[oc * hw + static_cast<std::size_t>(oy) * c.out_w + ox] = acc[oc];
    }
  }
  return y;
}

Tensor pool(const PoolOp& p, bool is_max, const Shape& in, const Shape& out, const Tensor& x) {
  const int C = static_cast<int>(in[1]), H = static_cast<int>(in[2]), W = static_cast<int>(in[3]);
  const int OH = static_cast<int>(out[2]), OW = static_cast<int>(out[3]);
  Tensor y(static_cast<std::size_t>(C) * OH * OW);
  for (int c = 0; c < C; ++c) {
    for (int oy = 0; oy < OH; ++oy) {
      for (int ox = 0; ox < OW; ++ox) {
        double best = -std::numeric_limits<double>::infinity(), sum = 0;
        int count = 0;
        for (int i = 0; i < p.kernel_h; ++i) {
          for (int j = 0; j < p.kernel_w; ++j) {
            const int iy = oy * p.stride_h - p.pad_top + i;
            const int ix = ox * p.stride_w - p.pad_left + j;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            const double v = x[(static_cast<std::size_t>(c) * H + iy) * W + ix];
            best = std::max(best, v);
            sum += v;
            ++count;
          }
        }
        const int divisor = p.count_include_pad ? p.kernel_h * p.kernel_w : count;
        y[(static_cast<std::size_t>(c) * OH + oy) * OW + ox] =
            static_cast<float>(is_max ? best : (divisor > 0 ? sum / divisor : 0.0));
      }
    }
  }
  return y;
}

// Row-major strides of `s` aligned to `out`'s rank; broadcast dimensions get stride 0.
std::vector<std::int64_t> broadcast_strides(const Shape& s, const Shape& out) {
  std::vector<std::int64_t> st(out.size(), 0);
  std::int64_t stride = 1;
  for (int i = static_cast<int>(s.size()) - 1; i >= 0; --i) {
    const std::size_t o = out.size() - s.size() + static_cast<std::size_t>(i);
    st[o] = s[i] == 1 ? 0 : stride;
    stride *= s[i];
  }
  return st;
}

Tensor elementwise(bool is_add, const Shape& sa, const Tensor& a, const Shape& sb, const Tensor& b,
                   const Shape& out) {
  const auto ta = broadcast_strides(sa, out), tb = broadcast_strides(sb, out);
  Tensor y(static_cast<std::size_t>(numel(out)));
  std::vector<std::int64_t> idx(out.size(), 0);
  for (std::size_t n = 0; n < y.size(); ++n) {
    std::int64_t ia = 0, ib = 0;
    for (std::size_t d = 0; d < out.size(); ++d) {
      ia += idx[d] * ta[d];
      ib += idx[d] * tb[d];
    }
    y[n] = is_add ? a[ia] + b[ib] : a[ia] * b[ib];
    for (int d = static_cast<int>(out.size()) - 1; d >= 0; --d) {
      if (++idx[d] < out[d]) break;
      idx[d] = 0;
    }
  }
  return y;
}

Tensor softmax(int axis, const Shape& s, const Tensor& x) {
  std::int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= s[i];
  for (std::size_t i = static_cast<std::size_t>(axis) + 1; i < s.size(); ++i) inner *= s[i];
  const std::int64_t n = s[axis];
  Tensor y(x.size());
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t in = 0; in < inner; ++in) {
      auto at = [&](std::int64_t k) { return (o * n + k) * inner + in; };
      double m = -std::numeric_limits<double>::infinity(), sum = 0;
      for (std::int64_t k = 0; k < n; ++k) m = std::max(m, static_cast<double>(x[at(k)]));
      for (std::int64_t k = 0; k < n; ++k) sum += std::exp(x[at(k)] - m);
      for (std::int64_t k = 0; k < n; ++k)
        y[at(k)] = static_cast<float>(std::exp(x[at(k)] - m) / sum);
    }
  }
  return y;
}

double sigmoid(double v) {
  return 1.0 / (1.0 + std::exp(-v));
}

Tensor lstm(const LstmOp& m, const Tensor& x) {
  const int I = m.input_size, H = m.hidden_size, G = 4 * H;
  std::vector<double> h(H, 0.0), c(H, 0.0), gates(G);
  Tensor drawn_w, drawn_r;  // W and R for this sample when the graph does not hold them
  if (m.w.empty() && m.draw_w) drawn_w = m.draw_w();
  if (m.r.empty() && m.draw_r) drawn_r = m.draw_r();
  const Tensor& W = m.w.empty() && m.draw_w ? drawn_w : m.w;
  const Tensor& R = m.r.empty() && m.draw_r ? drawn_r : m.r;
  Tensor seq;
  for (int t = 0; t < m.seq_len; ++t) {
    const float* xt = x.data() + static_cast<std::size_t>(t) * I;
    for (int g = 0; g < G; ++g) {
      double acc = m.bias[g];
      for (int k = 0; k < I; ++k) acc += static_cast<double>(W[g * I + k]) * xt[k];
      for (int k = 0; k < H; ++k) acc += static_cast<double>(R[g * H + k]) * h[k];
      gates[g] = acc;
    }
    for (int k = 0; k < H; ++k) {  // ONNX gate order: i, o, f, c
      const double ig = sigmoid(gates[k]), og = sigmoid(gates[H + k]);
      const double fg = sigmoid(gates[2 * H + k]), cg = std::tanh(gates[3 * H + k]);
      c[k] = fg * c[k] + ig * cg;
      h[k] = og * std::tanh(c[k]);
    }
    if (m.output == LstmOp::Output::kSequence) seq.insert(seq.end(), h.begin(), h.end());
  }
  if (m.output == LstmOp::Output::kSequence) return seq;
  return Tensor(h.begin(), h.end());
}

}  // namespace

std::vector<std::vector<float>> run_reference(const WorkloadGraph& g, const Tensor& input) {
  if (static_cast<std::int64_t>(input.size()) != numel(g.input_shape)) {
    throw WorkloadError((g.source.empty() ? g.name : g.source) + ": input has " +
                        std::to_string(input.size()) + " values, the graph input '" + g.input_name +
                        "' has shape " + shape_str(g.input_shape));
  }
  std::vector<Tensor> out(g.layers.size());
  auto value = [&](int i) -> const Tensor& { return i == Layer::kGraphInput ? input : out[i]; };
  for (std::size_t li = 0; li < g.layers.size(); ++li) {
    const Layer& l = g.layers[li];
    const Tensor& x = value(l.inputs.at(0));
    const Shape& xs = g.shape_of(l.inputs.at(0));
    Tensor y;
    switch (l.op) {
      case OpKind::kDense:
        y = dense(l.dense(), x);
        break;
      case OpKind::kConv2d:
        y = conv(l.conv(), x);
        break;
      case OpKind::kRelu:
        y = x;
        for (auto& v : y) v = std::max(v, 0.0f);
        break;
      case OpKind::kSigmoid:
        y = x;
        for (auto& v : y) v = static_cast<float>(sigmoid(v));
        break;
      case OpKind::kTanh:
        y = x;
        for (auto& v : y) v = std::tanh(v);
        break;
      case OpKind::kAdd:
      case OpKind::kMul: {
        const auto& e = l.elementwise();
        const bool add = l.op == OpKind::kAdd;
        if (e.constant.empty()) {
          y = elementwise(add, xs, x, g.shape_of(l.inputs.at(1)), value(l.inputs.at(1)), l.shape);
        } else {
          y = elementwise(add, xs, x, e.constant_shape, e.constant, l.shape);
        }
        break;
      }
      case OpKind::kBatchNorm: {
        const auto& a = l.affine();
        const std::int64_t C = xs[1];
        const std::int64_t inner = numel(xs) / C;
        y = x;
        for (std::int64_t c = 0; c < C; ++c) {
          for (std::int64_t k = 0; k < inner; ++k) {
            y[c * inner + k] =
                static_cast<float>(static_cast<double>(a.scale[c]) * x[c * inner + k] + a.shift[c]);
          }
        }
        break;
      }
      case OpKind::kMaxPool:
      case OpKind::kAveragePool:
        y = pool(l.pool(), l.op == OpKind::kMaxPool, xs, l.shape, x);
        break;
      case OpKind::kGlobalAveragePool: {
        const std::int64_t C = xs[1], hw = xs[2] * xs[3];
        y.resize(static_cast<std::size_t>(C));
        for (std::int64_t c = 0; c < C; ++c) {
          double s = 0;
          for (std::int64_t k = 0; k < hw; ++k) s += x[c * hw + k];
          y[c] = static_cast<float>(s / static_cast<double>(hw));
        }
        break;
      }
      case OpKind::kFlatten:
      case OpKind::kReshape:
        y = x;
        break;
      case OpKind::kSoftmax:
        y = softmax(l.softmax().axis, xs, x);
        break;
      case OpKind::kLstm:
        y = lstm(l.lstm(), x);
        break;
      case OpKind::kSlice:
        y = slice_values(l.slice(), xs, x);
        break;
    }
    if (static_cast<std::int64_t>(y.size()) != numel(l.shape)) {
      throw std::logic_error("reference: layer '" + l.name + "' produced " +
                             std::to_string(y.size()) + " values for shape " + shape_str(l.shape));
    }
    out[li] = std::move(y);
  }
  return out;
}

double relative_l2_error(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("relative_l2_error: sizes differ");
  double e2 = 0, r2 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    e2 += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
    r2 += static_cast<double>(b[i]) * b[i];
  }
  if (r2 == 0) return e2 == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return std::sqrt(e2 / r2);
}

}  // namespace kirchhoff
