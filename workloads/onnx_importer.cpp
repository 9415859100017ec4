#include "workloads/onnx_importer.h"

#include <onnx/onnx_pb.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "workloads/checked_size.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::vector<std::string>& supported_list() {
  static const std::vector<std::string> ops = {"Add",      "AveragePool", "BatchNormalization",
                                               "Constant", "Conv",        "Dropout",
                                               "Flatten",  "Gemm",        "GlobalAveragePool",
                                               "Identity", "LSTM",        "MatMul",
                                               "MaxPool",  "Mul",         "Relu",
                                               "Reshape",  "Sigmoid",     "Slice",
                                               "Softmax",  "Tanh"};
  return ops;
}

struct Constant {
  Shape shape;
  std::vector<float> f32;
  std::vector<std::int64_t> i64;
  bool is_int = false;
};

// "[0, 17]": the index of flat element `i` of `shape` (row-major).
std::string index_str(const Shape& shape, std::int64_t i) {
  Shape idx(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    idx[d] = i % shape[d];
    i /= shape[d];
  }
  return shape_str(idx);
}

// What an ONNX value name refers to: a layer output (or the graph input) or a constant.
struct Value {
  int layer = Layer::kGraphInput;
  const Constant* constant = nullptr;
};

class Importer {
 public:
  Importer(const onnx::ModelProto& m, std::string file) : model_(m), file_(std::move(file)) {}

  WorkloadGraph run();

 private:
  [[noreturn]] void fail_node(const std::string& what) const {
    throw WorkloadError(where_ + ": " + what);
  }
  [[noreturn]] void fail_file(const std::string& what) const {
    throw WorkloadError(file_ + ": " + what);
  }

  Constant read_tensor(const onnx::TensorProto& t) const;
  const Value& value(const std::string& name) const;
  const Constant& constant_input(const onnx::NodeProto& n, int i, const char* role) const;
  int layer_input(const onnx::NodeProto& n, int i) const;
  bool has_input(const onnx::NodeProto& n, int i) const {
    return i < n.input_size() && !n.input(i).empty();
  }
  const onnx::AttributeProto* attr(const onnx::NodeProto& n, const char* name) const;
  std::int64_t attr_int(const onnx::NodeProto& n, const char* name, std::int64_t dflt) const;
  float attr_float(const onnx::NodeProto& n, const char* name, float dflt) const;
  std::vector<std::int64_t> attr_ints(const onnx::NodeProto& n, const char* name,
                                      std::vector<std::int64_t> dflt) const;
  std::string attr_string(const onnx::NodeProto& n, const char* name, std::string dflt) const;
  void check_attrs(const onnx::NodeProto& n, const std::set<std::string>& allowed) const;
  // Dimension d of a weight tensor as an int in [1, INT_MAX] (an empty weight has no crossbar).
  int weight_dim(const Constant& w, std::size_t d, const char* role) const {
    return checked_int(
        w.shape.at(d), where_,
        std::string(role) + " " + shape_str(w.shape) + " dimension " + std::to_string(d), 1);
  }
  // An integer attribute value narrowed to int in [lo, INT_MAX].
  int attr_value(std::int64_t v, const std::string& what, std::int64_t lo) const {
    return checked_int(v, where_, what, lo);
  }
  void only_first_output(const onnx::NodeProto& n) const;

  // Adds a layer reading `inputs`, resolves its shape and binds the node's first output.
  int add_layer(const onnx::NodeProto& n, OpKind op, std::vector<int> inputs,
                decltype(Layer::params) params);
  void import_node(const onnx::NodeProto& n);
  void import_gemm(const onnx::NodeProto& n);
  void import_matmul(const onnx::NodeProto& n);
  void import_conv(const onnx::NodeProto& n);
  void import_elementwise(const onnx::NodeProto& n, OpKind op);
  void import_batchnorm(const onnx::NodeProto& n);
  void import_pool(const onnx::NodeProto& n, OpKind op);
  void import_reshape(const onnx::NodeProto& n);
  void import_slice(const onnx::NodeProto& n);
  void import_lstm(const onnx::NodeProto& n);
  void pads_2d(const onnx::NodeProto& n, const Shape& x, int kh, int kw, int sh, int sw, int dh,
               int dw, int& top, int& left, int& bottom, int& right) const;

  const onnx::ModelProto& model_;
  std::string file_;
  std::string where_;
  std::int64_t opset_ = 13;
  std::map<std::string, Constant> constants_;
  std::map<std::string, Value> values_;
  std::map<std::string, int> uses_;  // how often each value is read (graph outputs count)
  std::map<int, bool> from_matmul_;  // Dense layers that may still take an Add's bias
  WorkloadGraph g_;
};

Constant Importer::read_tensor(const onnx::TensorProto& t) const {
  Constant c;
  for (auto d : t.dims()) c.shape.push_back(d);
  const std::string name = "tensor '" + t.name() + "'";
  const std::string context = file_ + ": " + name + " " + shape_str(c.shape);
  const std::int64_t count = checked_numel(c.shape, context);
  const std::size_t n = static_cast<std::size_t>(count);
  if (t.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
    fail_file(name +
              " uses external data, which is not supported (save the model with the "
              "weights inside the file)");
  }
  if (t.data_type() == onnx::TensorProto_DataType_FLOAT) {
    if (!t.raw_data().empty()) {
      const std::int64_t want = checked_mul(count, 4, context + " (bytes)");
      if (t.raw_data().size() != static_cast<std::size_t>(want)) {
        fail_file(name + " has " + std::to_string(t.raw_data().size()) + " raw bytes, shape " +
                  shape_str(c.shape) + " needs " + std::to_string(want));
      }
      c.f32.resize(n);
      std::memcpy(c.f32.data(), t.raw_data().data(), n * 4);  // ONNX raw data is little-endian
    } else {
      c.f32.assign(t.float_data().begin(), t.float_data().end());
    }
    if (c.f32.size() != n) {
      fail_file(name + " has " + std::to_string(c.f32.size()) + " values, shape " +
                shape_str(c.shape) + " needs " + std::to_string(n));
    }
    // Rejected rather than counted: a NaN or infinite weight cannot be programmed into a
    // conductance (the per-tile scale max|w| becomes inf or NaN) and would turn every output
    // it reaches, and the reference it is compared with, into NaN.
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(c.f32[i])) {
        fail_file(name + " element " + index_str(c.shape, static_cast<std::int64_t>(i)) + " is " +
                  (std::isnan(c.f32[i]) ? "NaN"
                   : c.f32[i] > 0       ? "+inf"
                                        : "-inf") +
                  "; allowed: finite float32 values");
      }
    }
  } else if (t.data_type() == onnx::TensorProto_DataType_INT64) {
    c.is_int = true;
    if (!t.raw_data().empty()) {
      const std::int64_t want = checked_mul(count, 8, context + " (bytes)");
      if (t.raw_data().size() != static_cast<std::size_t>(want)) {
        fail_file(name + " has " + std::to_string(t.raw_data().size()) + " raw bytes, shape " +
                  shape_str(c.shape) + " needs " + std::to_string(want));
      }
      c.i64.resize(n);
      std::memcpy(c.i64.data(), t.raw_data().data(), n * 8);
    } else {
      c.i64.assign(t.int64_data().begin(), t.int64_data().end());
    }
    if (c.i64.size() != n) fail_file(name + " has the wrong number of values");
    c.f32.assign(c.i64.begin(), c.i64.end());
  } else {
    fail_file(name + " has data type " + std::to_string(t.data_type()) +
              "; supported: FLOAT (1) weights and INT64 (7) shapes");
  }
  return c;
}

const Value& Importer::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) {
    fail_node("input '" + name +
              "' is neither the graph input, an initializer nor an earlier "
              "node's output");
  }
  return it->second;
}

const Constant& Importer::constant_input(const onnx::NodeProto& n, int i, const char* role) const {
  if (!has_input(n, i)) fail_node(std::string("missing input ") + role);
  const Value& v = value(n.input(i));
  if (!v.constant) {
    fail_node(std::string("input ") + role + " ('" + n.input(i) +
              "') must be an initializer or constant (weights are programmed into crossbars)");
  }
  return *v.constant;
}

int Importer::layer_input(const onnx::NodeProto& n, int i) const {
  if (!has_input(n, i)) fail_node("missing input " + std::to_string(i));
  const Value& v = value(n.input(i));
  if (v.constant) {
    fail_node("input '" + n.input(i) + "' is a constant; expected an activation");
  }
  return v.layer;
}

const onnx::AttributeProto* Importer::attr(const onnx::NodeProto& n, const char* name) const {
  for (const auto& a : n.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::int64_t Importer::attr_int(const onnx::NodeProto& n, const char* name,
                                std::int64_t dflt) const {
  const auto* a = attr(n, name);
  return a ? a->i() : dflt;
}

float Importer::attr_float(const onnx::NodeProto& n, const char* name, float dflt) const {
  const auto* a = attr(n, name);
  return a ? a->f() : dflt;
}

std::vector<std::int64_t> Importer::attr_ints(const onnx::NodeProto& n, const char* name,
                                              std::vector<std::int64_t> dflt) const {
  const auto* a = attr(n, name);
  if (!a) return dflt;
  return {a->ints().begin(), a->ints().end()};
}

std::string Importer::attr_string(const onnx::NodeProto& n, const char* name,
                                  std::string dflt) const {
  const auto* a = attr(n, name);
  return a ? a->s() : dflt;
}

void Importer::check_attrs(const onnx::NodeProto& n, const std::set<std::string>& allowed) const {
  for (const auto& a : n.attribute()) {
    if (!allowed.count(a.name())) {
      std::string list;
      for (const auto& s : allowed) list += (list.empty() ? "" : ", ") + s;
      fail_node("attribute '" + a.name() +
                "' is not supported; supported: " + (list.empty() ? "none" : list));
    }
  }
}

void Importer::only_first_output(const onnx::NodeProto& n) const {
  for (int i = 1; i < n.output_size(); ++i) {
    if (!n.output(i).empty() && uses_.count(n.output(i))) {
      fail_node("output " + std::to_string(i) + " ('" + n.output(i) +
                "') is used, only the first output is supported");
    }
  }
}

int Importer::add_layer(const onnx::NodeProto& n, OpKind op, std::vector<int> inputs,
                        decltype(Layer::params) params) {
  Layer l;
  l.name = n.name().empty() ? n.op_type() + "_" + std::to_string(g_.layers.size()) : n.name();
  l.op = op;
  l.inputs = std::move(inputs);
  l.params = std::move(params);
  std::vector<Shape> shapes;
  for (int i : l.inputs) shapes.push_back(g_.shape_of(i));
  resolve_shape(l, shapes, where_);
  g_.layers.push_back(std::move(l));
  const int idx = static_cast<int>(g_.layers.size()) - 1;
  if (n.output_size() < 1 || n.output(0).empty()) fail_node("has no output");
  values_[n.output(0)] = Value{idx, nullptr};
  return idx;
}

void Importer::pads_2d(const onnx::NodeProto& n, const Shape& x, int kh, int kw, int sh, int sw,
                       int dh, int dw, int& top, int& left, int& bottom, int& right) const {
  const std::string auto_pad = attr_string(n, "auto_pad", "NOTSET");
  const auto pads = attr_ints(n, "pads", {0, 0, 0, 0});
  if (pads.size() != 4) fail_node("pads must have 4 values [top, left, bottom, right]");
  top = attr_value(pads[0], "pads[0] (top)", 0);
  left = attr_value(pads[1], "pads[1] (left)", 0);
  bottom = attr_value(pads[2], "pads[2] (bottom)", 0);
  right = attr_value(pads[3], "pads[3] (right)", 0);
  if (auto_pad == "NOTSET") return;
  if (auto_pad == "VALID") {
    top = left = bottom = right = 0;
    return;
  }
  if (auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER") {
    fail_node("auto_pad '" + auto_pad +
              "' is not supported; supported: NOTSET, VALID, "
              "SAME_UPPER, SAME_LOWER");
  }
  if (x.size() != 4) fail_node("input shape " + shape_str(x) + " is not NCHW");
  auto same = [&](std::int64_t in, int k, int s, int d, int& b, int& e) {
    const std::int64_t out = (in + s - 1) / s;
    const std::int64_t total = std::max<std::int64_t>((out - 1) * s + d * (k - 1) + 1 - in, 0);
    const int small = static_cast<int>(total / 2), big = static_cast<int>(total - total / 2);
    b = auto_pad == "SAME_UPPER" ? small : big;
    e = auto_pad == "SAME_UPPER" ? big : small;
  };
  same(x[2], kh, sh, dh, top, bottom);
  same(x[3], kw, sw, dw, left, right);
}

void Importer::import_gemm(const onnx::NodeProto& n) {
  check_attrs(n, {"alpha", "beta", "transA", "transB"});
  if (attr_int(n, "transA", 0) != 0) fail_node("transA = 1 is not supported");
  const int x = layer_input(n, 0);
  const Constant& b = constant_input(n, 1, "B (weights)");
  if (b.shape.size() != 2) fail_node("weights B must be 2-D, got " + shape_str(b.shape));
  const bool tb = attr_int(n, "transB", 0) != 0;
  const float alpha = attr_float(n, "alpha", 1.0f), beta = attr_float(n, "beta", 1.0f);
  DenseOp d;
  d.in_features = weight_dim(b, tb ? 1 : 0, "weights B");
  d.out_features = weight_dim(b, tb ? 0 : 1, "weights B");
  const Shape& xs = g_.shape_of(x);
  if (xs.size() != 2 || xs[1] != d.in_features) {
    fail_node("input shape " + shape_str(xs) + " does not match weights B " + shape_str(b.shape) +
              (tb ? " (transB = 1)" : "") + ": expected [1, " + std::to_string(d.in_features) +
              "]");
  }
  d.weights.resize(static_cast<std::size_t>(d.in_features) * d.out_features);
  for (int r = 0; r < d.in_features; ++r) {
    for (int c = 0; c < d.out_features; ++c) {
      const float w = tb ? b.f32[static_cast<std::size_t>(c) * d.in_features + r]
                         : b.f32[static_cast<std::size_t>(r) * d.out_features + c];
      d.weights[static_cast<std::size_t>(r) * d.out_features + c] = alpha * w;
    }
  }
  if (has_input(n, 2)) {
    const Constant& c = constant_input(n, 2, "C (bias)");
    if (numel(c.shape) != d.out_features) {
      fail_node("bias C has shape " + shape_str(c.shape) + ", expected [" +
                std::to_string(d.out_features) + "]");
    }
    d.bias = c.f32;
    for (auto& v : d.bias) v *= beta;
  }
  add_layer(n, OpKind::kDense, {x}, std::move(d));
}

void Importer::import_matmul(const onnx::NodeProto& n) {
  check_attrs(n, {});
  const int x = layer_input(n, 0);
  const Constant& b = constant_input(n, 1, "B (weights)");
  if (b.shape.size() != 2) fail_node("weights B must be 2-D, got " + shape_str(b.shape));
  const Shape& xs = g_.shape_of(x);
  if (xs.size() != 2 || xs[0] != 1 || xs[1] != b.shape[0]) {
    fail_node("input shape " + shape_str(xs) + " does not match weights " + shape_str(b.shape) +
              ": expected [1, " + std::to_string(b.shape[0]) + "]");
  }
  DenseOp d;
  d.in_features = weight_dim(b, 0, "weights B");
  d.out_features = weight_dim(b, 1, "weights B");
  d.weights = b.f32;
  const int idx = add_layer(n, OpKind::kDense, {x}, std::move(d));
  from_matmul_[idx] = true;
}

void Importer::import_conv(const onnx::NodeProto& n) {
  check_attrs(n, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"});
  if (attr_int(n, "group", 1) != 1) {
    fail_node("group = " + std::to_string(attr_int(n, "group", 1)) +
              " is not supported; supported: group = 1");
  }
  const int x = layer_input(n, 0);
  const Constant& w = constant_input(n, 1, "W (weights)");
  if (w.shape.size() != 4) {
    fail_node("weights W must be [M, C, kh, kw] (2-D convolution), got " + shape_str(w.shape));
  }
  Conv2dOp c;
  c.out_channels = weight_dim(w, 0, "weights W");
  c.in_channels = weight_dim(w, 1, "weights W");
  c.kernel_h = weight_dim(w, 2, "weights W");
  c.kernel_w = weight_dim(w, 3, "weights W");
  const auto ks = attr_ints(n, "kernel_shape", {w.shape[2], w.shape[3]});
  if (ks.size() != 2 || ks[0] != c.kernel_h || ks[1] != c.kernel_w) {
    fail_node("kernel_shape does not match weights " + shape_str(w.shape));
  }
  const auto st = attr_ints(n, "strides", {1, 1});
  const auto dl = attr_ints(n, "dilations", {1, 1});
  if (st.size() != 2 || dl.size() != 2) fail_node("strides and dilations must have 2 values");
  c.stride_h = attr_value(st[0], "strides[0]", 1);
  c.stride_w = attr_value(st[1], "strides[1]", 1);
  c.dilation_h = attr_value(dl[0], "dilations[0]", 1);
  c.dilation_w = attr_value(dl[1], "dilations[1]", 1);
  pads_2d(n, g_.shape_of(x), c.kernel_h, c.kernel_w, c.stride_h, c.stride_w, c.dilation_h,
          c.dilation_w, c.pad_top, c.pad_left, c.pad_bottom, c.pad_right);
  const int rows = checked_int(numel(w.shape) / c.out_channels, where_, "patch size", 1);
  c.weights.resize(static_cast<std::size_t>(rows) * c.out_channels);
  for (int m = 0; m < c.out_channels; ++m) {
    for (int r = 0; r < rows; ++r) {
      c.weights[static_cast<std::size_t>(r) * c.out_channels + m] =
          w.f32[static_cast<std::size_t>(m) * rows + r];
    }
  }
  if (has_input(n, 2)) {
    const Constant& b = constant_input(n, 2, "B (bias)");
    if (numel(b.shape) != c.out_channels) {
      fail_node("bias B has shape " + shape_str(b.shape) + ", expected [" +
                std::to_string(c.out_channels) + "]");
    }
    c.bias = b.f32;
  }
  add_layer(n, OpKind::kConv2d, {x}, std::move(c));
}

void Importer::import_elementwise(const onnx::NodeProto& n, OpKind op) {
  check_attrs(n, {});
  if (n.input_size() != 2) fail_node("expects 2 inputs");
  const Value& a = value(n.input(0));
  const Value& b = value(n.input(1));
  if (a.constant && b.constant) fail_node("both inputs are constants (fold them before export)");
  const Value& act = a.constant ? b : a;
  const Value& other = a.constant ? a : b;
  if (other.constant) {
    // MatMul followed by Add of a bias vector: one Dense layer with a bias.
    if (op == OpKind::kAdd && act.layer >= 0 && from_matmul_.count(act.layer) &&
        uses_[n.input(a.constant ? 1 : 0)] == 1) {
      auto& d = std::get<DenseOp>(g_.layers[act.layer].params);
      if (d.bias.empty() && numel(other.constant->shape) == d.out_features &&
          broadcast_shapes(g_.layers[act.layer].shape, other.constant->shape, where_) ==
              g_.layers[act.layer].shape) {
        d.bias = other.constant->f32;
        from_matmul_.erase(act.layer);
        values_[n.output(0)] = Value{act.layer, nullptr};
        return;
      }
    }
    ElementwiseOp e;
    e.constant_shape = other.constant->shape;
    e.constant = other.constant->f32;
    add_layer(n, op, {act.layer}, std::move(e));
  } else {
    add_layer(n, op, {a.layer, b.layer}, ElementwiseOp{});
  }
}

void Importer::import_batchnorm(const onnx::NodeProto& n) {
  check_attrs(n, {"epsilon", "momentum", "training_mode", "spatial"});
  if (attr_int(n, "training_mode", 0) != 0) fail_node("training_mode = 1 is not supported");
  only_first_output(n);
  const int x = layer_input(n, 0);
  const Constant& s = constant_input(n, 1, "scale");
  const Constant& b = constant_input(n, 2, "B");
  const Constant& mean = constant_input(n, 3, "input_mean");
  const Constant& var = constant_input(n, 4, "input_var");
  const Shape& xs = g_.shape_of(x);
  if (xs.size() < 2) fail_node("input shape " + shape_str(xs) + " has no channel axis");
  const std::int64_t C = xs[1];
  for (const Constant* t : {&s, &b, &mean, &var}) {
    if (numel(t->shape) != C) {
      fail_node("scale, B, mean and var must have " + std::to_string(C) + " values (channels of " +
                shape_str(xs) + "), got " + shape_str(t->shape));
    }
  }
  const double eps = attr_float(n, "epsilon", 1e-5f);
  AffineOp a;
  for (std::int64_t c = 0; c < C; ++c) {
    const double k = s.f32[c] / std::sqrt(static_cast<double>(var.f32[c]) + eps);
    a.scale.push_back(static_cast<float>(k));
    a.shift.push_back(static_cast<float>(b.f32[c] - k * mean.f32[c]));
  }
  add_layer(n, OpKind::kBatchNorm, {x}, std::move(a));
}

void Importer::import_pool(const onnx::NodeProto& n, OpKind op) {
  check_attrs(n, {"auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads",
                  "storage_order", "strides"});
  only_first_output(n);
  if (attr_int(n, "ceil_mode", 0) != 0) fail_node("ceil_mode = 1 is not supported");
  const auto dl = attr_ints(n, "dilations", {1, 1});
  if (dl.size() != 2 || dl[0] != 1 || dl[1] != 1) fail_node("dilations other than 1 unsupported");
  const int x = layer_input(n, 0);
  const auto ks = attr_ints(n, "kernel_shape", {});
  if (ks.size() != 2) fail_node("kernel_shape must have 2 values (2-D pooling)");
  PoolOp p;
  p.kernel_h = attr_value(ks[0], "kernel_shape[0]", 1);
  p.kernel_w = attr_value(ks[1], "kernel_shape[1]", 1);
  const auto st = attr_ints(n, "strides", {1, 1});
  if (st.size() != 2) fail_node("strides must have 2 values");
  p.stride_h = attr_value(st[0], "strides[0]", 1);
  p.stride_w = attr_value(st[1], "strides[1]", 1);
  p.count_include_pad = attr_int(n, "count_include_pad", 0) != 0;
  pads_2d(n, g_.shape_of(x), p.kernel_h, p.kernel_w, p.stride_h, p.stride_w, 1, 1, p.pad_top,
          p.pad_left, p.pad_bottom, p.pad_right);
  add_layer(n, op, {x}, p);
}

void Importer::import_reshape(const onnx::NodeProto& n) {
  check_attrs(n, {"allowzero"});
  if (attr_int(n, "allowzero", 0) != 0) fail_node("allowzero = 1 is not supported");
  const int x = layer_input(n, 0);
  const Constant& s = constant_input(n, 1, "shape");
  if (!s.is_int) fail_node("shape must be an INT64 tensor");
  add_layer(n, OpKind::kReshape, {x}, ReshapeOp{Shape(s.i64.begin(), s.i64.end())});
}

// Slice (opset >= 10: starts, ends, axes, steps as INT64 initializers) of one axis, step 1.
void Importer::import_slice(const onnx::NodeProto& n) {
  check_attrs(n, {});
  if (opset_ < 10)
    fail_node("opset < 10 Slice (attributes) is not supported; supported: opset >= 10");
  const int x = layer_input(n, 0);
  auto ints = [&](int i, const char* role) {
    const Constant& c = constant_input(n, i, role);
    if (!c.is_int) fail_node(std::string(role) + " must be an INT64 tensor");
    return c.i64;
  };
  const std::vector<std::int64_t> starts = ints(1, "starts"), ends = ints(2, "ends");
  const std::vector<std::int64_t> axes =
      has_input(n, 3) ? ints(3, "axes") : std::vector<std::int64_t>(starts.size(), 0);
  if (starts.size() != 1 || ends.size() != 1 || axes.size() != 1) {
    fail_node("slices " + std::to_string(starts.size()) + " axes; supported: one axis");
  }
  if (has_input(n, 4) && ints(4, "steps") != std::vector<std::int64_t>{1})
    fail_node("steps other than 1 are not supported");
  SliceOp sl;
  sl.axis = attr_value(axes[0], "axes[0]", INT_MIN);
  sl.start = starts[0];
  sl.end = ends[0];
  add_layer(n, OpKind::kSlice, {x}, sl);
}

void Importer::import_lstm(const onnx::NodeProto& n) {
  check_attrs(n, {"activations", "direction", "hidden_size", "input_forget", "layout", "clip",
                  "activation_alpha", "activation_beta"});
  if (attr_string(n, "direction", "forward") != "forward") {
    fail_node("direction '" + attr_string(n, "direction", "forward") +
              "' is not supported; supported: forward");
  }
  if (attr_int(n, "layout", 0) != 0) fail_node("layout = 1 is not supported; supported: 0");
  if (attr_int(n, "input_forget", 0) != 0) fail_node("input_forget = 1 is not supported");
  if (attr(n, "clip")) fail_node("clip is not supported");
  if (const auto* a = attr(n, "activations")) {
    const std::vector<std::string> want = {"Sigmoid", "Tanh", "Tanh"};
    if (a->strings_size() != 3 || a->strings(0) != want[0] || a->strings(1) != want[1] ||
        a->strings(2) != want[2]) {
      fail_node("activations other than the default (Sigmoid, Tanh, Tanh) are not supported");
    }
  }
  const int x = layer_input(n, 0);
  const Constant& w = constant_input(n, 1, "W");
  const Constant& r = constant_input(n, 2, "R");
  if (w.shape.size() != 3 || w.shape[0] != 1 || r.shape.size() != 3 || r.shape[0] != 1) {
    fail_node("W must be [1, 4H, I] and R [1, 4H, H]; got " + shape_str(w.shape) + " and " +
              shape_str(r.shape));
  }
  LstmOp m;
  m.hidden_size =
      checked_int(attr_int(n, "hidden_size", r.shape[2]), where_, "hidden_size", 1, INT_MAX / 4);
  m.input_size = weight_dim(w, 2, "W");
  const std::int64_t G = 4 * static_cast<std::int64_t>(m.hidden_size);
  if (w.shape[1] != G || r.shape[1] != G || r.shape[2] != m.hidden_size) {
    fail_node("W " + shape_str(w.shape) + " and R " + shape_str(r.shape) +
              " do not match hidden_size " + std::to_string(m.hidden_size));
  }
  m.w = w.f32;
  m.r = r.f32;
  m.bias.assign(static_cast<std::size_t>(G), 0.0f);
  if (has_input(n, 3)) {
    const Constant& b = constant_input(n, 3, "B");
    if (numel(b.shape) != 2 * G) {
      fail_node("B has shape " + shape_str(b.shape) + ", expected [1, " + std::to_string(2 * G) +
                "]");
    }
    for (std::int64_t g = 0; g < G; ++g) m.bias[g] = b.f32[g] + b.f32[G + g];
  }
  const Shape& xs = g_.shape_of(x);
  if (has_input(n, 4)) {
    const Constant& sl = constant_input(n, 4, "sequence_lens");
    for (float v : sl.f32) {
      if (xs.empty() || static_cast<double>(v) != static_cast<double>(xs[0])) {
        fail_node("sequence_lens must equal the sequence length of the input " + shape_str(xs));
      }
    }
  }
  for (int i = 5; i < n.input_size(); ++i) {
    if (!n.input(i).empty()) {
      fail_node("input " + std::to_string(i) +
                " (initial_h, initial_c or peepholes P) is not supported; the initial state is 0");
    }
  }
  const bool y_used = n.output_size() > 0 && !n.output(0).empty() && uses_.count(n.output(0));
  const bool yh_used = n.output_size() > 1 && !n.output(1).empty() && uses_.count(n.output(1));
  if (n.output_size() > 2 && !n.output(2).empty() && uses_.count(n.output(2))) {
    fail_node("output Y_c is used; supported outputs: Y or Y_h");
  }
  if (y_used && yh_used) fail_node("both Y and Y_h are used; supported: one of them");
  m.output = y_used ? LstmOp::Output::kSequence : LstmOp::Output::kLastHidden;
  Layer l;
  l.name = n.name().empty() ? "LSTM_" + std::to_string(g_.layers.size()) : n.name();
  l.op = OpKind::kLstm;
  l.inputs = {x};
  l.params = std::move(m);
  resolve_shape(l, {xs}, where_);
  g_.layers.push_back(std::move(l));
  const int idx = static_cast<int>(g_.layers.size()) - 1;
  const bool bind_yh = !y_used && n.output_size() > 1 && !n.output(1).empty();
  if (n.output_size() < 1) fail_node("has no output");
  values_[n.output(bind_yh ? 1 : 0)] = Value{idx, nullptr};
}

void Importer::import_node(const onnx::NodeProto& n) {
  const std::string& t = n.op_type();
  if (!n.domain().empty() && n.domain() != "ai.onnx") {
    fail_node("operator domain '" + n.domain() + "' is not supported; supported: ai.onnx");
  }
  if (t == "Gemm") return import_gemm(n);
  if (t == "MatMul") return import_matmul(n);
  if (t == "Conv") return import_conv(n);
  if (t == "Add") return import_elementwise(n, OpKind::kAdd);
  if (t == "Mul") return import_elementwise(n, OpKind::kMul);
  if (t == "BatchNormalization") return import_batchnorm(n);
  if (t == "MaxPool") return import_pool(n, OpKind::kMaxPool);
  if (t == "AveragePool") return import_pool(n, OpKind::kAveragePool);
  if (t == "Reshape") return import_reshape(n);
  if (t == "Slice") return import_slice(n);
  if (t == "LSTM") return import_lstm(n);
  if (t == "Relu" || t == "Sigmoid" || t == "Tanh" || t == "GlobalAveragePool") {
    check_attrs(n, {});
    const OpKind op = t == "Relu"      ? OpKind::kRelu
                      : t == "Sigmoid" ? OpKind::kSigmoid
                      : t == "Tanh"    ? OpKind::kTanh
                                       : OpKind::kGlobalAveragePool;
    add_layer(n, op, {layer_input(n, 0)}, std::monostate{});
    return;
  }
  if (t == "Flatten") {
    check_attrs(n, {"axis"});
    add_layer(n, OpKind::kFlatten, {layer_input(n, 0)},
              FlattenOp{attr_value(attr_int(n, "axis", 1), "axis", INT_MIN)});
    return;
  }
  if (t == "Softmax") {
    check_attrs(n, {"axis"});
    const int x = layer_input(n, 0);
    const int axis = attr_value(attr_int(n, "axis", opset_ >= 13 ? -1 : 1), "axis", INT_MIN);
    if (opset_ < 13) {  // opset < 13 normalises over the flattened dims [axis:]
      const Shape& xs = g_.shape_of(x);
      const int a = axis < 0 ? axis + static_cast<int>(xs.size()) : axis;
      if (a < 0 || a >= static_cast<int>(xs.size())) {
        fail_node("axis " + std::to_string(axis) + " is out of range for input " + shape_str(xs));
      }
      for (std::size_t i = static_cast<std::size_t>(a) + 1; i < xs.size(); ++i) {
        if (xs[i] != 1) fail_node("opset < 13 Softmax over several axes is not supported");
      }
    }
    add_layer(n, OpKind::kSoftmax, {x}, SoftmaxOp{axis});
    return;
  }
  if (t == "Identity" || t == "Dropout") {
    only_first_output(n);
    if (n.input_size() < 1 || n.output_size() < 1) fail_node("needs one input and one output");
    values_[n.output(0)] = value(n.input(0));
    return;
  }
  if (t == "Constant") {
    const auto* v = attr(n, "value");
    if (!v || !v->has_t()) fail_node("only Constant with a 'value' tensor is supported");
    if (n.output_size() < 1) fail_node("has no output");
    constants_[n.output(0)] = read_tensor(v->t());
    values_[n.output(0)] = Value{Layer::kGraphInput, &constants_[n.output(0)]};
    return;
  }
  std::string list;
  for (const auto& s : supported_list()) list += (list.empty() ? "" : ", ") + s;
  fail_node("operator '" + t + "' is not supported; supported: " + list);
}

WorkloadGraph Importer::run() {
  if (!model_.has_graph()) fail_file("the model has no graph");
  const auto& graph = model_.graph();
  for (const auto& o : model_.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx") opset_ = o.version();
  }
  g_.source = file_;
  g_.name = graph.name().empty() ? file_ : graph.name();
  for (const auto& t : graph.initializer()) {
    if (t.name().empty()) fail_file("an initializer has no name");
    constants_[t.name()] = read_tensor(t);
    values_[t.name()] = Value{Layer::kGraphInput, &constants_[t.name()]};
  }
  int inputs = 0;
  for (const auto& in : graph.input()) {
    if (constants_.count(in.name())) continue;  // initializers may be listed as inputs
    ++inputs;
    if (inputs > 1) {
      fail_file("graph input '" + in.name() + "': only one graph input is supported (found '" +
                g_.input_name + "' first)");
    }
    g_.input_name = in.name();
    if (!in.type().has_tensor_type() || !in.type().tensor_type().has_shape()) {
      fail_file("graph input '" + in.name() + "' has no tensor shape");
    }
    if (in.type().tensor_type().elem_type() != onnx::TensorProto_DataType_FLOAT) {
      fail_file("graph input '" + in.name() + "' is not FLOAT");
    }
    const auto& dims = in.type().tensor_type().shape().dim();
    for (int i = 0; i < dims.size(); ++i) {
      if (dims[i].has_dim_value()) {
        if (dims[i].dim_value() < 1) {
          fail_file("graph input '" + in.name() + "' dimension " + std::to_string(i) + " is " +
                    std::to_string(dims[i].dim_value()) + "; allowed: integer >= 1");
        }
        g_.input_shape.push_back(dims[i].dim_value());
      } else if (i == 0 && dims.size() != 3) {
        g_.input_shape.push_back(1);  // symbolic batch dimension: one sample at a time
      } else if (i == 1 && dims.size() == 3) {
        g_.input_shape.push_back(1);  // LSTM [seq_len, batch, input]: batch of one
      } else {
        fail_file("graph input '" + in.name() + "' dimension " + std::to_string(i) +
                  " is symbolic ('" + dims[i].dim_param() + "'); only the batch may be");
      }
    }
    if (g_.input_shape.size() > kMaxRank) {
      fail_file("graph input '" + in.name() + "' has " + std::to_string(g_.input_shape.size()) +
                " dimensions; allowed: at most " + std::to_string(kMaxRank));
    }
    checked_numel(g_.input_shape,
                  file_ + ": graph input '" + in.name() + "' " + shape_str(g_.input_shape));
    values_[in.name()] = Value{Layer::kGraphInput, nullptr};
  }
  if (inputs == 0) fail_file("the graph has no input besides its initializers");
  for (const auto& node : graph.node()) {
    for (const auto& i : node.input()) {
      if (!i.empty()) ++uses_[i];
    }
  }
  for (const auto& o : graph.output()) ++uses_[o.name()];
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto& n = graph.node(i);
    where_ = file_ + ": node '" + (n.name().empty() ? std::string("<unnamed>") : n.name()) +
             "' (index " + std::to_string(i) + ", " + n.op_type() + ")";
    import_node(n);
  }
  if (graph.output_size() != 1) {
    fail_file("the graph has " + std::to_string(graph.output_size()) +
              " outputs; supported: exactly one");
  }
  where_ = file_ + ": graph output '" + graph.output(0).name() + "'";
  const Value& out = value(graph.output(0).name());
  if (out.constant || out.layer < 0) fail_node("is not computed by any layer");
  g_.output = out.layer;
  if (g_.layers.empty()) fail_file("the graph has no layers");
  return std::move(g_);
}

}  // namespace

std::string supported_onnx_operators() {
  std::string list;
  for (const auto& s : supported_list()) list += (list.empty() ? "" : ", ") + s;
  return list;
}

WorkloadGraph import_onnx_bytes(const std::string& bytes, const std::string& file) {
  onnx::ModelProto model;
  if (bytes.empty() || !model.ParseFromString(bytes)) {
    throw WorkloadError(file +
                        ": not a valid ONNX model (protobuf parsing failed; the file is "
                        "truncated or not ONNX)");
  }
  try {
    WorkloadGraph g = Importer(model, file).run();
    g.check_names();
    return g;
  } catch (const WorkloadError& e) {
    // Every message names the file, also one thrown by a shared helper without context.
    const std::string what = e.what();
    if (what.compare(0, file.size() + 1, file + ":") == 0) throw;
    throw WorkloadError(file + ": " + what);
  }
}

WorkloadGraph import_onnx(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw WorkloadError(path + ": is a directory; expected an ONNX model file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WorkloadError(path + ": cannot open ONNX file");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return import_onnx_bytes(bytes, path);
}

}  // namespace kirchhoff
