#include "workloads/workload_graph.h"

#include <algorithm>
#include <stdexcept>

#include "workloads/checked_size.h"
#include "workloads/workload_error.h"

namespace kirchhoff {

std::int64_t numel(const Shape& s) {
  return checked_numel(s, "tensor size");
}

std::string shape_str(const Shape& s) {
  std::string r = "[";
  for (std::size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
  return r + "]";
}

const char* to_string(OpKind k) {
  switch (k) {
    case OpKind::kDense:
      return "Dense";
    case OpKind::kConv2d:
      return "Conv2d";
    case OpKind::kRelu:
      return "Relu";
    case OpKind::kSigmoid:
      return "Sigmoid";
    case OpKind::kTanh:
      return "Tanh";
    case OpKind::kAdd:
      return "Add";
    case OpKind::kMul:
      return "Mul";
    case OpKind::kBatchNorm:
      return "BatchNorm";
    case OpKind::kMaxPool:
      return "MaxPool";
    case OpKind::kAveragePool:
      return "AveragePool";
    case OpKind::kGlobalAveragePool:
      return "GlobalAveragePool";
    case OpKind::kFlatten:
      return "Flatten";
    case OpKind::kReshape:
      return "Reshape";
    case OpKind::kSoftmax:
      return "Softmax";
    case OpKind::kLstm:
      return "LSTM";
    case OpKind::kSlice:
      return "Slice";
  }
  return "?";
}

bool has_crossbar_weights(OpKind k) {
  return k == OpKind::kDense || k == OpKind::kConv2d || k == OpKind::kLstm;
}

std::vector<float> Conv2dOp::patch(const std::vector<float>& x, int p) const {
  const int oy = p / out_w, ox = p % out_w;
  std::vector<float> v(static_cast<std::size_t>(patch_size()), 0.0f);
  for (int c = 0; c < in_channels; ++c) {
    for (int i = 0; i < kernel_h; ++i) {
      const int iy = oy * stride_h - pad_top + i * dilation_h;
      if (iy < 0 || iy >= in_h) continue;
      for (int j = 0; j < kernel_w; ++j) {
        const int ix = ox * stride_w - pad_left + j * dilation_w;
        if (ix < 0 || ix >= in_w) continue;
        v[static_cast<std::size_t>((c * kernel_h + i) * kernel_w + j)] =
            x[(static_cast<std::size_t>(c) * in_h + iy) * in_w + ix];
      }
    }
  }
  return v;
}

std::int64_t Conv2dOp::out_size(std::int64_t in, std::int64_t kernel, std::int64_t stride,
                                std::int64_t pad_begin, std::int64_t pad_end,
                                std::int64_t dilation) {
  // int inputs: every term stays far below 2^63.
  const std::int64_t span = dilation * (kernel - 1) + 1;
  const std::int64_t padded = in + pad_begin + pad_end;
  if (stride < 1 || padded < span) return 0;
  return (padded - span) / stride + 1;
}

std::vector<float> slice_values(const SliceOp& s, const Shape& in, const std::vector<float>& x) {
  std::int64_t outer = 1, inner = 1;
  for (int d = 0; d < static_cast<int>(in.size()); ++d) {
    if (d < s.axis) outer *= in[static_cast<std::size_t>(d)];
    if (d > s.axis) inner *= in[static_cast<std::size_t>(d)];
  }
  const std::int64_t dim = in.at(static_cast<std::size_t>(s.axis));
  std::vector<float> y;
  y.reserve(static_cast<std::size_t>(outer * (s.end - s.start) * inner));
  for (std::int64_t o = 0; o < outer; ++o) {
    const auto first = x.begin() + static_cast<std::ptrdiff_t>((o * dim + s.start) * inner);
    y.insert(y.end(), first, first + static_cast<std::ptrdiff_t>((s.end - s.start) * inner));
  }
  return y;
}

std::vector<float> DenseOp::weight_matrix() const {
  return weights.empty() && draw_weights ? draw_weights() : weights;
}

std::vector<float> Conv2dOp::weight_matrix() const {
  return weights.empty() && draw_weights ? draw_weights() : weights;
}

std::vector<float> LstmOp::stacked_weights() const {
  const int I = input_size, H = hidden_size, G = 4 * hidden_size;
  std::vector<float> m(static_cast<std::size_t>(I + H) * G);
  // Transposes src [G][K] into rows row0.. of m in 64 x 64 blocks: an element-by-element
  // transpose writes one cache line per value (the RNN-T step's 8.4 M-weight LSTMs spent 7.6 %
  // of the run here, three calls per layer: sparsity, packing, programming).
  constexpr int kBlock = 64;
  auto transpose_into = [&](const std::vector<float>& src, int K, int row0) {
    for (int g0 = 0; g0 < G; g0 += kBlock) {
      const int g1 = std::min(G, g0 + kBlock);
      for (int k0 = 0; k0 < K; k0 += kBlock) {
        const int k1 = std::min(K, k0 + kBlock);
        for (int k = k0; k < k1; ++k) {
          float* dst = m.data() + static_cast<std::size_t>(row0 + k) * G;
          for (int g = g0; g < g1; ++g) dst[g] = src[static_cast<std::size_t>(g) * K + k];
        }
      }
    }
  };
  std::vector<float> drawn;  // one of W, R at a time when the graph does not hold them
  transpose_into(w.empty() && draw_w ? (drawn = draw_w()) : w, I, 0);
  transpose_into(r.empty() && draw_r ? (drawn = draw_r()) : r, H, I);
  return m;
}

namespace {
template <class T>
const T& get_op(const Layer& l, const char* what) {
  if (const T* p = std::get_if<T>(&l.params)) return *p;
  throw std::logic_error("layer '" + l.name + "' (" + to_string(l.op) + ") holds no " + what);
}
}  // namespace

const DenseOp& Layer::dense() const {
  return get_op<DenseOp>(*this, "DenseOp");
}
const Conv2dOp& Layer::conv() const {
  return get_op<Conv2dOp>(*this, "Conv2dOp");
}
const AffineOp& Layer::affine() const {
  return get_op<AffineOp>(*this, "AffineOp");
}
const PoolOp& Layer::pool() const {
  return get_op<PoolOp>(*this, "PoolOp");
}
const ElementwiseOp& Layer::elementwise() const {
  return get_op<ElementwiseOp>(*this, "ElementwiseOp");
}
const FlattenOp& Layer::flatten() const {
  return get_op<FlattenOp>(*this, "FlattenOp");
}
const ReshapeOp& Layer::reshape() const {
  return get_op<ReshapeOp>(*this, "ReshapeOp");
}
const SoftmaxOp& Layer::softmax() const {
  return get_op<SoftmaxOp>(*this, "SoftmaxOp");
}
const SliceOp& Layer::slice() const {
  return get_op<SliceOp>(*this, "SliceOp");
}
const LstmOp& Layer::lstm() const {
  return get_op<LstmOp>(*this, "LstmOp");
}

int Layer::matrix_rows() const {
  switch (op) {
    case OpKind::kDense:
      return dense().in_features;
    case OpKind::kConv2d:
      return conv().patch_size();
    case OpKind::kLstm:
      return lstm().input_size + lstm().hidden_size;
    default:
      return 0;
  }
}

int Layer::matrix_cols() const {
  switch (op) {
    case OpKind::kDense:
      return dense().out_features;
    case OpKind::kConv2d:
      return conv().out_channels;
    case OpKind::kLstm:
      return 4 * lstm().hidden_size;
    default:
      return 0;
  }
}

std::vector<float> Layer::matrix() const {
  switch (op) {
    case OpKind::kDense:
      return dense().weight_matrix();
    case OpKind::kConv2d:
      return conv().weight_matrix();
    case OpKind::kLstm:
      return lstm().stacked_weights();
    default:
      return {};
  }
}

int Layer::mvms_per_sample() const {
  switch (op) {
    case OpKind::kDense:
      return 1;
    case OpKind::kConv2d:
      return conv().patches();
    case OpKind::kLstm:
      return lstm().seq_len;
    default:
      return 0;
  }
}

const Shape& WorkloadGraph::shape_of(int layer) const {
  if (layer == Layer::kGraphInput) return input_shape;
  return layers.at(static_cast<std::size_t>(layer)).shape;
}

int WorkloadGraph::find(const std::string& layer_name) const {
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].name == layer_name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> WorkloadGraph::consumers(int layer) const {
  std::vector<int> r;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& in = layers[i].inputs;
    if (std::find(in.begin(), in.end(), layer) != in.end()) r.push_back(static_cast<int>(i));
  }
  return r;
}

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw WorkloadError(where + ": " + what);
}

void expect_size(const std::string& where, const char* what, std::size_t got, std::int64_t want) {
  if (static_cast<std::int64_t>(got) != want) {
    fail(where, std::string(what) + " has " + std::to_string(got) + " values, expected " +
                    std::to_string(want));
  }
}

void expect_rank(const std::string& where, const Shape& s, std::size_t rank, const char* layout) {
  if (s.size() != rank) {
    fail(where, "input shape " + shape_str(s) + " has rank " + std::to_string(s.size()) +
                    "; expected " + layout);
  }
}

void expect_batch1(const std::string& where, const Shape& s) {
  if (s.empty() || s[0] != 1) {
    fail(where, "input shape " + shape_str(s) + " must have a batch of 1 (one sample)");
  }
}

// Kernel, stride, dilation and padding of a convolution or pooling window: kernel, stride and
// dilation >= 1, every pad in [0, kernel extent - 1] (a pad as wide as the kernel would only
// add outputs that see nothing but padding; SAME padding never needs that much).
void check_window(const std::string& where, const char* kernel_name, int kh, int kw, int sh, int sw,
                  int dh, int dw, int top, int left, int bottom, int right) {
  if (kh < 1 || kw < 1) {
    fail(where, std::string(kernel_name) + " " + std::to_string(kh) + "x" + std::to_string(kw) +
                    " is empty; allowed: kernel dimensions >= 1");
  }
  if (sh < 1 || sw < 1 || dh < 1 || dw < 1) {
    fail(where, "strides " + std::to_string(sh) + ", " + std::to_string(sw) + " and dilations " +
                    std::to_string(dh) + ", " + std::to_string(dw) + "; allowed: integers >= 1");
  }
  const std::int64_t span_h = static_cast<std::int64_t>(dh) * (kh - 1) + 1;
  const std::int64_t span_w = static_cast<std::int64_t>(dw) * (kw - 1) + 1;
  const std::int64_t pads[4] = {top, left, bottom, right};
  const std::int64_t spans[4] = {span_h, span_w, span_h, span_w};
  const char* names[4] = {"top", "left", "bottom", "right"};
  for (int i = 0; i < 4; ++i) {
    if (pads[i] < 0 || pads[i] >= spans[i]) {
      fail(where, std::string("pad ") + names[i] + " = " + std::to_string(pads[i]) +
                      "; allowed: integer in [0, " + std::to_string(spans[i] - 1) +
                      "] (less than the kernel extent " + std::to_string(spans[i]) + ")");
    }
  }
}

void check_conv_geometry(const std::string& where, const Conv2dOp& c) {
  if (c.in_channels < 1 || c.out_channels < 1) {
    fail(where, "weights have " + std::to_string(c.out_channels) + " output and " +
                    std::to_string(c.in_channels) + " input channels; allowed: at least 1 of each");
  }
  check_window(where, "kernel", c.kernel_h, c.kernel_w, c.stride_h, c.stride_w, c.dilation_h,
               c.dilation_w, c.pad_top, c.pad_left, c.pad_bottom, c.pad_right);
  const std::int64_t rows =
      checked_mul(checked_mul(c.in_channels, c.kernel_h, where), c.kernel_w, where);
  checked_int(rows, where, "patch size (channels x kernel height x kernel width)", 1);
}

}  // namespace

Shape broadcast_shapes(const Shape& a, const Shape& b, const std::string& where) {
  const std::size_t n = std::max(a.size(), b.size());
  Shape r(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const std::int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1) {
      fail(where, "shapes " + shape_str(a) + " and " + shape_str(b) + " do not broadcast");
    }
    r[i] = std::max(da, db);
  }
  return r;
}

static void resolve_output_shape(Layer& l, const std::vector<Shape>& in, const std::string& where) {
  const std::size_t want_inputs = (l.op == OpKind::kAdd || l.op == OpKind::kMul) &&
                                          std::get<ElementwiseOp>(l.params).constant.empty()
                                      ? 2
                                      : 1;
  if (in.size() != want_inputs) {
    fail(where,
         "has " + std::to_string(in.size()) + " inputs, expected " + std::to_string(want_inputs));
  }
  const Shape& x = in[0];
  switch (l.op) {
    case OpKind::kDense: {
      auto& d = std::get<DenseOp>(l.params);
      if (d.in_features < 1 || d.out_features < 1) {
        fail(where, "weight matrix " + std::to_string(d.in_features) + " x " +
                        std::to_string(d.out_features) +
                        " is empty; allowed: at least 1 input and 1 output");
      }
      if (x.size() != 2 || x[0] != 1 || x[1] != d.in_features) {
        fail(where, "input shape " + shape_str(x) + " does not match the weight matrix " +
                        std::to_string(d.in_features) + " x " + std::to_string(d.out_features) +
                        " (expected [1, " + std::to_string(d.in_features) + "])");
      }
      if (!d.draw_weights)  // drawn weights have in x out values by construction
        expect_size(where, "weight matrix", d.weights.size(),
                    static_cast<std::int64_t>(d.in_features) * d.out_features);
      if (!d.bias.empty()) expect_size(where, "bias", d.bias.size(), d.out_features);
      l.shape = {1, d.out_features};
      return;
    }
    case OpKind::kConv2d: {
      auto& c = std::get<Conv2dOp>(l.params);
      expect_rank(where, x, 4, "NCHW [1, C, H, W]");
      expect_batch1(where, x);
      if (x[1] != c.in_channels) {
        fail(where, "input shape " + shape_str(x) + " has " + std::to_string(x[1]) +
                        " channels but the kernel expects " + std::to_string(c.in_channels));
      }
      check_conv_geometry(where, c);
      c.in_h = checked_int(x[2], where, "input height", 1);
      c.in_w = checked_int(x[3], where, "input width", 1);
      const std::int64_t oh =
          Conv2dOp::out_size(c.in_h, c.kernel_h, c.stride_h, c.pad_top, c.pad_bottom, c.dilation_h);
      const std::int64_t ow =
          Conv2dOp::out_size(c.in_w, c.kernel_w, c.stride_w, c.pad_left, c.pad_right, c.dilation_w);
      if (oh <= 0 || ow <= 0) {
        fail(where, "kernel " + std::to_string(c.kernel_h) + "x" + std::to_string(c.kernel_w) +
                        " does not fit the input " + shape_str(x));
      }
      c.out_h = checked_int(oh, where, "output height", 1);
      c.out_w = checked_int(ow, where, "output width", 1);
      checked_int(checked_mul(oh, ow, where), where, "patches per sample (output height x width)",
                  1);
      if (!c.draw_weights)  // drawn weights have patch_size x out_channels values by construction
        expect_size(where, "weight matrix", c.weights.size(),
                    checked_mul(c.patch_size(), c.out_channels, where));
      if (!c.bias.empty()) expect_size(where, "bias", c.bias.size(), c.out_channels);
      l.shape = {1, c.out_channels, c.out_h, c.out_w};
      return;
    }
    case OpKind::kRelu:
    case OpKind::kSigmoid:
    case OpKind::kTanh:
      l.shape = x;
      return;
    case OpKind::kAdd:
    case OpKind::kMul: {
      const auto& e = std::get<ElementwiseOp>(l.params);
      if (!e.constant.empty()) {
        expect_size(where, "constant", e.constant.size(), numel(e.constant_shape));
        l.shape = broadcast_shapes(x, e.constant_shape, where);
      } else {
        l.shape = broadcast_shapes(x, in[1], where);
      }
      if (numel(l.shape) != numel(x) && (in.size() < 2 || numel(l.shape) != numel(in[1]))) {
        fail(where, "broadcast result " + shape_str(l.shape) + " is larger than its inputs");
      }
      return;
    }
    case OpKind::kBatchNorm: {
      const auto& a = std::get<AffineOp>(l.params);
      if (x.size() < 2) fail(where, "input shape " + shape_str(x) + " has no channel axis");
      expect_size(where, "scale", a.scale.size(), x[1]);
      expect_size(where, "shift", a.shift.size(), x[1]);
      l.shape = x;
      return;
    }
    case OpKind::kMaxPool:
    case OpKind::kAveragePool: {
      const auto& p = std::get<PoolOp>(l.params);
      expect_rank(where, x, 4, "NCHW [1, C, H, W]");
      expect_batch1(where, x);
      check_window(where, "kernel", p.kernel_h, p.kernel_w, p.stride_h, p.stride_w, 1, 1, p.pad_top,
                   p.pad_left, p.pad_bottom, p.pad_right);
      checked_int(x[1], where, "input channels", 1);  // the DPU and the reference index in int
      checked_int(x[2], where, "input height", 1);
      checked_int(x[3], where, "input width", 1);
      const std::int64_t oh =
          Conv2dOp::out_size(x[2], p.kernel_h, p.stride_h, p.pad_top, p.pad_bottom, 1);
      const std::int64_t ow =
          Conv2dOp::out_size(x[3], p.kernel_w, p.stride_w, p.pad_left, p.pad_right, 1);
      if (oh <= 0 || ow <= 0) fail(where, "pooling window does not fit the input " + shape_str(x));
      l.shape = {1, x[1], oh, ow};
      return;
    }
    case OpKind::kGlobalAveragePool:
      expect_rank(where, x, 4, "NCHW [1, C, H, W]");
      expect_batch1(where, x);
      l.shape = {1, x[1], 1, 1};
      return;
    case OpKind::kFlatten: {
      auto& f = std::get<FlattenOp>(l.params);
      const int r = static_cast<int>(x.size());
      if (f.axis < 0) f.axis += r;
      if (f.axis < 0 || f.axis > r) {
        fail(where, "axis out of range for input " + shape_str(x));
      }
      std::int64_t a = 1, b = 1;
      for (int i = 0; i < r; ++i) {
        std::int64_t& part = i < f.axis ? a : b;
        part = checked_mul(part, x[i], where);
      }
      l.shape = {a, b};
      return;
    }
    case OpKind::kReshape: {
      auto& rs = std::get<ReshapeOp>(l.params);
      if (rs.shape.size() > kMaxRank) {
        fail(where, "target shape has " + std::to_string(rs.shape.size()) +
                        " dimensions; allowed: at most " + std::to_string(kMaxRank));
      }
      Shape s = rs.shape;
      const std::string target = where + ": target shape " + shape_str(rs.shape);
      int infer = -1;
      std::int64_t known = 1;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == 0) {
          if (i >= x.size()) fail(where, "target dimension 0 copies a missing input dimension");
          s[i] = x[i];
        }
        if (s[i] == -1) {
          if (infer >= 0) fail(where, "target shape has more than one -1");
          infer = static_cast<int>(i);
        } else if (s[i] < 0) {
          fail(where, "target shape " + shape_str(rs.shape) + " has a negative dimension");
        } else {
          known = checked_mul(known, s[i], target);
        }
      }
      if (infer >= 0) s[infer] = known > 0 ? numel(x) / known : 0;
      if (checked_numel(s, where + ": target shape " + shape_str(s)) != numel(x)) {
        fail(where, "cannot reshape " + shape_str(x) + " (" + std::to_string(numel(x)) +
                        " values) to " + shape_str(rs.shape));
      }
      rs.shape = s;
      l.shape = s;
      return;
    }
    case OpKind::kSoftmax: {
      auto& sm = std::get<SoftmaxOp>(l.params);
      const int r = static_cast<int>(x.size());
      if (sm.axis < 0) sm.axis += r;
      if (sm.axis < 0 || sm.axis >= r) fail(where, "axis out of range for input " + shape_str(x));
      l.shape = x;
      return;
    }
    case OpKind::kSlice: {
      auto& sl = std::get<SliceOp>(l.params);
      const int r = static_cast<int>(x.size());
      if (sl.axis < 0) sl.axis += r;
      if (sl.axis < 0 || sl.axis >= r) fail(where, "axis out of range for input " + shape_str(x));
      const std::int64_t dim = x[static_cast<std::size_t>(sl.axis)];
      // ONNX: a negative index counts from the end; both are clamped to [0, dim].
      auto clamp = [dim](std::int64_t v) {
        if (v < 0) v = v < -dim ? 0 : v + dim;
        return std::min(v, dim);
      };
      const std::int64_t start = clamp(sl.start), end = clamp(sl.end);
      if (end <= start) {
        fail(where, "slice [" + std::to_string(sl.start) + ", " + std::to_string(sl.end) +
                        ") of axis " + std::to_string(sl.axis) + " (size " + std::to_string(dim) +
                        ") of " + shape_str(x) + " is empty; allowed: at least one element");
      }
      sl.start = start;
      sl.end = end;
      l.shape = x;
      l.shape[static_cast<std::size_t>(sl.axis)] = end - start;
      return;
    }
    case OpKind::kLstm: {
      auto& m = std::get<LstmOp>(l.params);
      if (x.size() != 3 || x[1] != 1 || x[2] != m.input_size) {
        fail(where, "input shape " + shape_str(x) + " does not match [seq_len, 1, " +
                        std::to_string(m.input_size) + "]");
      }
      if (m.input_size < 1 || m.hidden_size < 1 || m.hidden_size > INT_MAX / 4) {
        fail(where, "input size " + std::to_string(m.input_size) + " and hidden size " +
                        std::to_string(m.hidden_size) + "; allowed: input size >= 1, hidden size " +
                        "in [1, " + std::to_string(INT_MAX / 4) + "]");
      }
      m.seq_len = checked_int(x[0], where, "sequence length", 1);
      const std::int64_t G = 4 * static_cast<std::int64_t>(m.hidden_size);
      if (!m.draw_w)
        expect_size(where, "W", m.w.size(), G * m.input_size);  // drawn: by construction
      if (!m.draw_r) expect_size(where, "R", m.r.size(), G * m.hidden_size);
      expect_size(where, "bias", m.bias.size(), G);
      if (m.output == LstmOp::Output::kSequence) {
        l.shape = {m.seq_len, 1, 1, m.hidden_size};
      } else {
        l.shape = {1, 1, m.hidden_size};
      }
      return;
    }
  }
}

namespace {

// RFC 3629 UTF-8: no overlong forms, no surrogates, at most U+10FFFF.
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07u;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    const unsigned min_cp[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

void WorkloadGraph::check_names() const {
  const std::string file = source.empty() ? name : source;
  const std::string allowed =
      " is not valid UTF-8; allowed: UTF-8 text (names are written into "
      "summary.json, the plan and the traces)";
  if (!valid_utf8(name)) throw WorkloadError(file + ": the graph's name" + allowed);
  if (!valid_utf8(input_name)) throw WorkloadError(file + ": the graph input's name" + allowed);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (!valid_utf8(layers[i].name)) {
      throw WorkloadError(file + ": the name of layer " + std::to_string(i) + " (" +
                          to_string(layers[i].op) + ")" + allowed);
    }
  }
}

void resolve_shape(Layer& l, const std::vector<Shape>& in, const std::string& where) {
  resolve_output_shape(l, in, where);
  if (l.shape.size() > kMaxRank) {
    fail(where, "output has " + std::to_string(l.shape.size()) + " dimensions; allowed: at most " +
                    std::to_string(kMaxRank));
  }
  const std::int64_t n = numel(l.shape);
  if (n > kMaxActivationValues) {
    fail(where, "output shape " + shape_str(l.shape) + " has " + std::to_string(n) +
                    " values per sample; allowed: at most " + std::to_string(kMaxActivationValues) +
                    " (256 MiB of float32)");
  }
}

void WorkloadGraph::validate() const {
  const std::string file = source.empty() ? name : source;
  if (layers.empty()) throw WorkloadError(file + ": the workload has no layers");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& l = layers[i];
    const std::string where = file + ": layer '" + l.name + "' (index " + std::to_string(i) + ", " +
                              to_string(l.op) + ")";
    std::vector<Shape> in;
    for (int p : l.inputs) {
      if (p != Layer::kGraphInput && (p < 0 || p >= static_cast<int>(i))) {
        fail(where, "input " + std::to_string(p) + " is not an earlier layer");
      }
      in.push_back(shape_of(p));
    }
    Layer copy = l;
    resolve_shape(copy, in, where);
    if (copy.shape != l.shape) {
      fail(where, "output shape " + shape_str(l.shape) + " should be " + shape_str(copy.shape));
    }
  }
  if (output >= static_cast<int>(layers.size())) {
    throw WorkloadError(file + ": output layer index " + std::to_string(output) +
                        " is out of range");
  }
}

}  // namespace kirchhoff
