#include "workloads/native_workload.h"

#include <yaml-cpp/yaml.h>

#include <climits>
#include <cmath>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <set>

#include "models/random_stream.h"
#include "workloads/checked_size.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

namespace fs = std::filesystem;

// The seeded random values of a layer: `count` normals x `std` of stream "workload.<layer>",
// event `event` (0 weights, 1 bias, 2 an LSTM's R). Held copies and drawn-on-use copies
// (`random_weights: on_use`) both come from here, so they are the same bits.
std::vector<float> draw_random(std::uint64_t seed, const std::string& layer, std::uint64_t event,
                               std::size_t count, double std) {
  const RandomStream rs(seed, "workload." + layer);
  std::vector<float> v(count);
  rs.normals(event, 0, v.data(), count);
  for (auto& x : v) x = static_cast<float>(x * std);
  return v;
}

// What draws them again on every use.
std::function<std::vector<float>()> drawer(std::uint64_t seed, const std::string& layer,
                                           std::uint64_t event, std::size_t count, double std) {
  return [=] { return draw_random(seed, layer, event, count, std); };
}

class Loader {
 public:
  explicit Loader(std::string path) : path_(std::move(path)) {}
  WorkloadGraph run();

 private:
  [[noreturn]] void fail(const YAML::Node& at, const std::string& what) const {
    const auto m = at.Mark();
    std::string where = path_;
    if (m.line >= 0) where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    throw WorkloadError(where + ": " + what);
  }
  std::string loc(const YAML::Node& at) const {
    const auto m = at.Mark();
    return path_ + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
  }
  template <class T>
  T scalar(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a scalar");
    try {
      return n.as<T>();
    } catch (const YAML::Exception&) {
      fail(n, what + ": cannot read '" + n.Scalar() + "' as a number");
    }
  }
  int positive_int(const YAML::Node& n, const std::string& what) const {
    const int v = scalar<int>(n, what);
    if (v < 1) fail(n, what + " must be >= 1, got " + std::to_string(v));
    return v;
  }
  // A shape list read into `fields` in order: k (every field), or one number per field; for
  // four fields also [a, b], meaning [a, b, a, b]. An absent n leaves the fields as they are.
  void ints(const YAML::Node& n, const std::string& what, std::initializer_list<int*> fields,
            bool allow_zero) const;
  std::vector<float> floats_or_npy(const YAML::Node& n, const std::string& what,
                                   Shape& shape) const;
  std::string resolve(const std::string& rel) const {
    const fs::path p(rel);
    return p.is_absolute() ? rel : (fs::path(path_).parent_path() / p).string();
  }
  std::vector<float> npy(const YAML::Node& n, const Shape& expected) const;
  void check_finite(const YAML::Node& n, const std::vector<float>& v) const;
  std::size_t weight_count(const YAML::Node& at, std::int64_t rows, std::int64_t cols) const;
  std::vector<float> random(const std::string& layer, std::uint64_t event, std::size_t count,
                            double std) const;
  void check_keys(const YAML::Node& layer, const std::string& name,
                  const std::set<std::string>& allowed) const;
  std::vector<float> bias(const YAML::Node& l, const std::string& name, int count,
                          double weight_std) const;
  Layer make_layer(const YAML::Node& l, const std::string& name, const std::string& op,
                   const std::vector<Shape>& in) const;

  std::string path_;
  std::uint64_t seed_ = 1;
  bool hold_random_weights_ = true;  // random_weights: held (default) or on_use
};

void Loader::ints(const YAML::Node& n, const std::string& what, std::initializer_list<int*> fields,
                  bool allow_zero) const {
  if (!n) return;
  const std::size_t count = fields.size();
  std::vector<int> v;
  if (n.IsScalar()) {
    v.assign(count, scalar<int>(n, what));
  } else if (n.IsSequence() && (n.size() == count || (count == 4 && n.size() == 2))) {
    for (const auto& e : n) v.push_back(scalar<int>(e, what));
    if (v.size() == 2 && count == 4) v = {v[0], v[1], v[0], v[1]};
  } else {
    fail(n, what + " must be a number or a list of " + std::to_string(count) + " numbers");
  }
  for (int x : v) {
    if (x < (allow_zero ? 0 : 1)) fail(n, what + " must be >= " + (allow_zero ? "0" : "1"));
  }
  auto value = v.begin();
  for (int* field : fields) *field = *value++;
}

std::vector<float> Loader::npy(const YAML::Node& n, const Shape& expected) const {
  std::vector<float> v;
  try {
    v = read_npy_f32(resolve(n.as<std::string>()), &expected);
  } catch (const WorkloadError& e) {
    fail(n, e.what());
  }
  check_finite(n, v);
  return v;
}

// Weights and constants must be finite, as in ONNX files (onnx_importer.cpp says why).
void Loader::check_finite(const YAML::Node& n, const std::vector<float>& v) const {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      fail(n, resolve(n.as<std::string>()) + ": element " + std::to_string(i) + " is " +
                  (std::isnan(v[i]) ? "NaN" : "infinite") + "; allowed: finite float32 values");
    }
  }
}

// Values of a random weight matrix rows x cols: the product must fit the IR's int sizes.
std::size_t Loader::weight_count(const YAML::Node& at, std::int64_t rows, std::int64_t cols) const {
  const std::int64_t n = checked_mul(rows, cols, loc(at));
  if (n > INT_MAX) {
    fail(at, std::to_string(rows) + " x " + std::to_string(cols) + " = " + std::to_string(n) +
                 " weights; allowed: at most " + std::to_string(INT_MAX) + " per layer");
  }
  return static_cast<std::size_t>(n);
}

std::vector<float> Loader::floats_or_npy(const YAML::Node& n, const std::string& what,
                                         Shape& shape) const {
  std::vector<float> v;
  if (n.IsSequence()) {
    for (const auto& e : n) v.push_back(scalar<float>(e, what));
    shape = {static_cast<std::int64_t>(v.size())};
  } else if (n.IsScalar()) {
    const std::string s = n.Scalar();
    if (s.size() > 4 && s.compare(s.size() - 4, 4, ".npy") == 0) {
      try {
        v = read_npy_f32(resolve(s), nullptr, &shape);
      } catch (const WorkloadError& e) {
        fail(n, e.what());
      }
      check_finite(n, v);
    } else {
      v = {scalar<float>(n, what)};
      shape = {1};
    }
  } else {
    fail(n, what + " must be a number, a list or a .npy file");
  }
  return v;
}

std::vector<float> Loader::random(const std::string& layer, std::uint64_t event, std::size_t count,
                                  double std) const {
  return draw_random(seed_, layer, event, count, std);
}

void Loader::check_keys(const YAML::Node& layer, const std::string& name,
                        const std::set<std::string>& allowed) const {
  for (const auto& kv : layer) {
    const std::string k = kv.first.as<std::string>();
    if (k == "name" || k == "op" || k == "inputs" || allowed.count(k)) continue;
    std::string list = "name, op, inputs";
    for (const auto& a : allowed) list += ", " + a;
    fail(kv.first, "layer '" + name + "': unknown key '" + k + "'; allowed: " + list);
  }
}

std::vector<float> Loader::bias(const YAML::Node& l, const std::string& name, int count,
                                double weight_std) const {
  const YAML::Node b = l["bias"];
  const std::string kind = b ? b.as<std::string>() : "zeros";
  if (kind == "zeros") return std::vector<float>(static_cast<std::size_t>(count), 0.0f);
  if (kind == "none") return {};
  if (kind == "random") {
    const double s = l["bias_std"] ? scalar<double>(l["bias_std"], "bias_std") : weight_std;
    return random(name, 1, static_cast<std::size_t>(count), s);
  }
  return npy(b, {count});
}

Layer Loader::make_layer(const YAML::Node& l, const std::string& name, const std::string& op,
                         const std::vector<Shape>& in) const {
  Layer layer;
  layer.name = name;
  const Shape& x = in.at(0);
  auto need = [&](const char* key) {
    if (!l[key]) fail(l, "layer '" + name + "' (" + op + "): missing key '" + key + "'");
    return l[key];
  };
  auto weight_std = [&](int fan_in) {
    return l["weight_std"] ? scalar<double>(l["weight_std"], "weight_std")
                           : 1.0 / std::sqrt(static_cast<double>(fan_in));
  };
  const std::string where = loc(l) + ": layer '" + name + "' (" + op + ")";
  if (op == "dense") {
    check_keys(l, name, {"out", "weights", "bias", "weight_std", "bias_std"});
    DenseOp d;
    if (x.size() != 2 || x[0] != 1) {
      fail(l, "layer '" + name + "' (dense): input shape " + shape_str(x) +
                  " must be [1, features]; add a flatten layer");
    }
    d.in_features = checked_int(x.back(), loc(l), "dense input features", 1);
    d.out_features = positive_int(need("out"), "out");
    const double ws = weight_std(d.in_features);
    const YAML::Node w = l["weights"];
    if ((!w || w.as<std::string>() == "random") && !hold_random_weights_) {
      d.draw_weights = drawer(seed_, name, 0, weight_count(l, d.in_features, d.out_features), ws);
    } else if (!w || w.as<std::string>() == "random") {
      d.weights = random(name, 0, weight_count(l, d.in_features, d.out_features), ws);
    } else {
      d.weights = npy(w, {d.in_features, d.out_features});
    }
    d.bias = bias(l, name, d.out_features, ws);
    layer.op = OpKind::kDense;
    layer.params = std::move(d);
  } else if (op == "conv2d") {
    check_keys(l, name,
               {"out_channels", "kernel", "stride", "pads", "dilation", "weights", "bias",
                "weight_std", "bias_std"});
    if (x.size() != 4)
      fail(l, "layer '" + name + "' (conv2d): input " + shape_str(x) + " is not NCHW");
    Conv2dOp c;
    c.in_channels = checked_int(x[1], loc(l), "conv2d input channels", 1);
    c.out_channels = positive_int(need("out_channels"), "out_channels");
    ints(need("kernel"), "kernel", {&c.kernel_h, &c.kernel_w}, false);
    ints(l["stride"], "stride", {&c.stride_h, &c.stride_w}, false);
    ints(l["dilation"], "dilation", {&c.dilation_h, &c.dilation_w}, false);
    ints(l["pads"], "pads", {&c.pad_top, &c.pad_left, &c.pad_bottom, &c.pad_right}, true);
    const int rows =
        static_cast<int>(weight_count(l, weight_count(l, c.in_channels, c.kernel_h), c.kernel_w));
    const double ws = weight_std(rows);
    const YAML::Node w = l["weights"];
    if ((!w || w.as<std::string>() == "random") && !hold_random_weights_) {
      c.draw_weights = drawer(seed_, name, 0, weight_count(l, rows, c.out_channels), ws);
    } else if (!w || w.as<std::string>() == "random") {
      c.weights = random(name, 0, weight_count(l, rows, c.out_channels), ws);
    } else {
      const auto onnx = npy(w, {c.out_channels, c.in_channels, c.kernel_h, c.kernel_w});
      c.weights.resize(onnx.size());
      for (int m = 0; m < c.out_channels; ++m) {
        for (int r = 0; r < rows; ++r) {
          c.weights[static_cast<std::size_t>(r) * c.out_channels + m] =
              onnx[static_cast<std::size_t>(m) * rows + r];
        }
      }
    }
    c.bias = bias(l, name, c.out_channels, ws);
    layer.op = OpKind::kConv2d;
    layer.params = std::move(c);
  } else if (op == "lstm") {
    check_keys(l, name, {"hidden", "output", "w", "r", "bias", "weight_std", "bias_std"});
    if (x.size() != 3) {
      fail(l, "layer '" + name + "' (lstm): input " + shape_str(x) + " must be [seq_len, 1, I]");
    }
    LstmOp m;
    m.input_size = checked_int(x[2], loc(l), "lstm input size", 1);
    m.hidden_size = positive_int(need("hidden"), "hidden");
    if (m.hidden_size > INT_MAX / 4) {
      fail(l["hidden"], "hidden " + std::to_string(m.hidden_size) + "; allowed: at most " +
                            std::to_string(INT_MAX / 4));
    }
    const int G = 4 * m.hidden_size;
    const double ws = weight_std(m.hidden_size);
    if (l["w"]) {
      m.w = npy(l["w"], {G, m.input_size});
    } else if (hold_random_weights_) {
      m.w = random(name, 0, weight_count(l, G, m.input_size), ws);
    } else {
      m.draw_w = drawer(seed_, name, 0, weight_count(l, G, m.input_size), ws);
    }
    if (l["r"]) {
      m.r = npy(l["r"], {G, m.hidden_size});
    } else if (hold_random_weights_) {
      m.r = random(name, 2, weight_count(l, G, m.hidden_size), ws);
    } else {
      m.draw_r = drawer(seed_, name, 2, weight_count(l, G, m.hidden_size), ws);
    }
    m.bias = bias(l, name, G, ws);
    if (m.bias.empty()) m.bias.assign(static_cast<std::size_t>(G), 0.0f);
    if (l["output"]) {
      const std::string o = l["output"].as<std::string>();
      if (o != "last" && o != "sequence") {
        fail(l["output"], "layer '" + name + "': output '" + o + "'; allowed: last, sequence");
      }
      m.output = o == "last" ? LstmOp::Output::kLastHidden : LstmOp::Output::kSequence;
    }
    layer.op = OpKind::kLstm;
    layer.params = std::move(m);
  } else if (op == "relu" || op == "sigmoid" || op == "tanh" || op == "global_average_pool") {
    check_keys(l, name, {});
    layer.op = op == "relu"      ? OpKind::kRelu
               : op == "sigmoid" ? OpKind::kSigmoid
               : op == "tanh"    ? OpKind::kTanh
                                 : OpKind::kGlobalAveragePool;
  } else if (op == "batchnorm") {
    check_keys(l, name, {"scale", "shift"});
    if (x.size() < 2) fail(l, "layer '" + name + "' (batchnorm): input has no channel axis");
    AffineOp a;
    Shape s;
    a.scale = l["scale"] ? floats_or_npy(l["scale"], "scale", s)
                         : std::vector<float>(static_cast<std::size_t>(x[1]), 1.0f);
    a.shift = l["shift"] ? floats_or_npy(l["shift"], "shift", s)
                         : std::vector<float>(static_cast<std::size_t>(x[1]), 0.0f);
    layer.op = OpKind::kBatchNorm;
    layer.params = std::move(a);
  } else if (op == "maxpool" || op == "averagepool") {
    check_keys(l, name, {"kernel", "stride", "pads", "count_include_pad"});
    PoolOp p;
    ints(need("kernel"), "kernel", {&p.kernel_h, &p.kernel_w}, false);
    p.stride_h = p.kernel_h;  // default stride: the kernel
    p.stride_w = p.kernel_w;
    ints(l["stride"], "stride", {&p.stride_h, &p.stride_w}, false);
    ints(l["pads"], "pads", {&p.pad_top, &p.pad_left, &p.pad_bottom, &p.pad_right}, true);
    if (l["count_include_pad"]) p.count_include_pad = l["count_include_pad"].as<bool>();
    layer.op = op == "maxpool" ? OpKind::kMaxPool : OpKind::kAveragePool;
    layer.params = p;
  } else if (op == "flatten") {
    check_keys(l, name, {"axis"});
    layer.op = OpKind::kFlatten;
    layer.params = FlattenOp{l["axis"] ? scalar<int>(l["axis"], "axis") : 1};
  } else if (op == "reshape") {
    check_keys(l, name, {"shape"});
    const YAML::Node s = need("shape");
    if (!s.IsSequence()) fail(s, "layer '" + name + "': shape must be a list");
    ReshapeOp r;
    for (const auto& e : s) r.shape.push_back(scalar<std::int64_t>(e, "shape"));
    layer.op = OpKind::kReshape;
    layer.params = std::move(r);
  } else if (op == "softmax") {
    check_keys(l, name, {"axis"});
    layer.op = OpKind::kSoftmax;
    layer.params = SoftmaxOp{l["axis"] ? scalar<int>(l["axis"], "axis") : -1};
  } else if (op == "slice") {
    check_keys(l, name, {"axis", "start", "end"});
    SliceOp sl;
    sl.axis = scalar<int>(need("axis"), "axis");
    sl.start = l["start"] ? scalar<std::int64_t>(l["start"], "start") : 0;
    sl.end =
        l["end"] ? scalar<std::int64_t>(l["end"], "end") : std::numeric_limits<std::int64_t>::max();
    layer.op = OpKind::kSlice;
    layer.params = sl;
  } else if (op == "add" || op == "mul") {
    check_keys(l, name, {"constant"});
    ElementwiseOp e;
    if (l["constant"]) e.constant = floats_or_npy(l["constant"], "constant", e.constant_shape);
    layer.op = op == "add" ? OpKind::kAdd : OpKind::kMul;
    layer.params = std::move(e);
  } else {
    fail(l["op"],
         "layer '" + name + "': unknown op '" + op +
             "'; allowed: dense, conv2d, lstm, relu, sigmoid, tanh, batchnorm, maxpool, "
             "averagepool, global_average_pool, flatten, reshape, softmax, add, mul, slice");
  }
  try {
    resolve_shape(layer, in, where);
  } catch (const WorkloadError&) {
    throw;
  }
  return layer;
}

WorkloadGraph Loader::run() {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path_);
  } catch (const YAML::BadFile&) {
    throw WorkloadError(path_ + ": cannot open workload file");
  } catch (const YAML::ParserException& e) {
    throw WorkloadError(path_ + ":" + std::to_string(e.mark.line + 1) + ":" +
                        std::to_string(e.mark.column + 1) + ": YAML syntax error: " + e.msg);
  }
  if (!root.IsMap()) fail(root, "a workload file must be a map with 'input' and 'layers'");
  for (const auto& kv : root) {
    const std::string k = kv.first.as<std::string>();
    if (k != "name" && k != "seed" && k != "random_weights" && k != "input" && k != "layers") {
      fail(kv.first, "unknown key '" + k + "'; allowed: name, seed, random_weights, input, layers");
    }
  }
  WorkloadGraph g;
  g.source = path_;
  g.name = root["name"] ? root["name"].as<std::string>() : fs::path(path_).stem().string();
  if (root["seed"]) seed_ = scalar<std::uint64_t>(root["seed"], "seed");
  if (const YAML::Node rw = root["random_weights"]) {
    const std::string v = rw.IsScalar() ? rw.Scalar() : "";
    if (v != "held" && v != "on_use")
      fail(rw, "random_weights: '" + v + "'; allowed: held (default), on_use");
    hold_random_weights_ = v == "held";
  }
  const YAML::Node input = root["input"];
  if (!input || !input.IsMap() || !input["shape"] || !input["shape"].IsSequence()) {
    fail(input ? input : root,
         "'input' must be a map with a 'shape' list, e.g. "
         "{name: x, shape: [1, 784]}");
  }
  g.input_name = input["name"] ? input["name"].as<std::string>() : "input";
  for (const auto& d : input["shape"]) {
    const auto v = scalar<std::int64_t>(d, "input shape");
    if (v < 1) fail(d, "input dimensions must be >= 1");
    g.input_shape.push_back(v);
  }
  const YAML::Node layers = root["layers"];
  if (!layers || !layers.IsSequence() || layers.size() == 0) {
    fail(layers ? layers : root, "'layers' must be a non-empty list");
  }
  std::map<std::string, int> index = {{"input", Layer::kGraphInput}};
  for (const auto& l : layers) {
    if (!l.IsMap()) fail(l, "a layer must be a map with 'name' and 'op'");
    if (!l["name"] || !l["op"]) fail(l, "a layer needs 'name' and 'op'");
    const std::string name = l["name"].as<std::string>();
    const std::string op = l["op"].as<std::string>();
    if (index.count(name)) fail(l["name"], "layer name '" + name + "' is used twice");
    std::vector<int> inputs;
    if (l["inputs"]) {
      const YAML::Node in = l["inputs"];
      if (!in.IsSequence()) fail(in, "layer '" + name + "': inputs must be a list of layer names");
      for (const auto& e : in) {
        auto it = index.find(e.as<std::string>());
        if (it == index.end()) {
          fail(e, "layer '" + name + "': input '" + e.as<std::string>() +
                      "' is not an earlier layer or 'input'");
        }
        inputs.push_back(it->second);
      }
    } else {
      inputs.push_back(g.layers.empty() ? Layer::kGraphInput
                                        : static_cast<int>(g.layers.size()) - 1);
    }
    std::vector<Shape> shapes;
    for (int i : inputs) shapes.push_back(g.shape_of(i));
    Layer layer = make_layer(l, name, op, shapes);
    layer.inputs = std::move(inputs);
    index[name] = static_cast<int>(g.layers.size());
    g.layers.push_back(std::move(layer));
  }
  return g;
}

}  // namespace

WorkloadGraph load_native_workload(const std::string& path) {
  try {
    WorkloadGraph g = Loader(path).run();
    g.check_names();
    return g;
  } catch (const WorkloadError& e) {
    // Every message names the file, also one thrown by a shared helper without context.
    const std::string what = e.what();
    if (what.compare(0, path.size() + 1, path + ":") == 0) throw;
    throw WorkloadError(path + ": " + what);
  }
}

WorkloadGraph load_workload(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw WorkloadError(path + ": is a directory; expected a workload file (.onnx, .yaml)");
  }
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".onnx") return import_onnx(path);
  if (ext == ".yaml" || ext == ".yml") return load_native_workload(path);
  throw WorkloadError(path + ": unknown workload file type '" + ext +
                      "'; supported: .onnx (ONNX), .yaml or .yml (native workload)");
}

}  // namespace kirchhoff
