// The workload IR: a network as a list of layers in topological order, each with a typed
// operator, its inputs (earlier layers or the graph input), its output shape and float32
// weights. Shapes follow ONNX/NCHW with a batch of 1 (one sample at a time): a dense layer
// sees [1, in], a convolution [1, C, H, W], an LSTM [seq_len, 1, input_size].
//
// Weight layout is the crossbar layout (rows = inputs, columns = outputs), row-major, so the
// mapper can cut blocks without transposing:
//   Dense   [in][out]                       y = x W + b
//   Conv2d  [C*kh*kw][out_channels]         row index (c*kh + i)*kw + j (im2col of one patch)
//   LSTM    [I+H][4H]                       rows x then h; columns gates i, o, f, c (ONNX order)
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace kirchhoff {

using Shape = std::vector<std::int64_t>;
// Element count; throws WorkloadError naming the shape when a dimension is negative or the
// count does not fit in int64 (workloads/checked_size.h).
std::int64_t numel(const Shape& s);
std::string shape_str(const Shape& s);  // "[1, 784]"

enum class OpKind {
  kDense,
  kConv2d,
  kRelu,
  kSigmoid,
  kTanh,
  kAdd,
  kMul,
  kBatchNorm,
  kMaxPool,
  kAveragePool,
  kGlobalAveragePool,
  kFlatten,
  kReshape,
  kSoftmax,
  kLstm,
  kSlice,
};
const char* to_string(OpKind k);  // "Dense", "Conv2d", ...
// Layers whose weights live in crossbars (Dense, Conv2d, LSTM); the rest run in DPUs.
bool has_crossbar_weights(OpKind k);

struct DenseOp {
  int in_features = 0;
  int out_features = 0;
  std::vector<float> weights;  // [in_features][out_features]; empty when draw_weights is set
  std::vector<float> bias;     // [out_features], or empty
  // Seeded random weights the graph does not hold (native YAML `random_weights: on_use`): draws
  // the same [in_features][out_features] matrix again on every call, so the float copy (4 B per
  // weight) exists only while a user (programming, the float reference) needs it.
  std::function<std::vector<float>()> draw_weights = nullptr;

  // The weight matrix: `weights`, or drawn again when the graph does not hold it.
  std::vector<float> weight_matrix() const;
};

struct Conv2dOp {
  int in_channels = 0, out_channels = 0;
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int dilation_h = 1, dilation_w = 1;
  int in_h = 0, in_w = 0;      // input feature map
  int out_h = 0, out_w = 0;    // output feature map
  std::vector<float> weights;  // im2col: [in_channels*kernel_h*kernel_w][out_channels]; empty
                               // when draw_weights is set
  std::vector<float> bias;     // [out_channels], or empty
  // Seeded random weights the graph does not hold (native YAML `random_weights: on_use`), as
  // DenseOp::draw_weights: the same im2col matrix on every call.
  std::function<std::vector<float>()> draw_weights = nullptr;

  // The im2col weight matrix: `weights`, or drawn again when the graph does not hold it.
  std::vector<float> weight_matrix() const;

  // resolve_shape checks that both products fit in an int.
  int patches() const { return out_h * out_w; }                         // MVMs per sample
  int patch_size() const { return in_channels * kernel_h * kernel_w; }  // crossbar rows
  // The crossbar input of MVM p (output pixel p, row-major): the im2col patch of the input
  // feature map x [in_channels][in_h][in_w], zeros where the kernel reaches into the padding.
  std::vector<float> patch(const std::vector<float>& x, int p) const;
  // Output size of one spatial axis (floor mode), computed in 64 bits so no int geometry can
  // overflow it; <= 0 when the kernel does not fit.
  static std::int64_t out_size(std::int64_t in, std::int64_t kernel, std::int64_t stride,
                               std::int64_t pad_begin, std::int64_t pad_end, std::int64_t dilation);
};

// BatchNormalization folded into y = scale[c] * x + shift[c] on the channel axis (axis 1).
struct AffineOp {
  std::vector<float> scale;
  std::vector<float> shift;
};

struct PoolOp {  // MaxPool / AveragePool over [1, C, H, W]
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  bool count_include_pad = false;  // AveragePool only
};

// Add / Mul with numpy broadcasting. Either two layer inputs, or one layer input and a constant.
struct ElementwiseOp {
  Shape constant_shape;         // empty when both operands are layer outputs
  std::vector<float> constant;  // row-major
};

struct FlattenOp {
  int axis = 1;  // output [prod(dims[:axis]), prod(dims[axis:])]
};

struct ReshapeOp {
  Shape shape;  // resolved target shape (no -1 or 0 left)
};

struct SoftmaxOp {
  int axis = -1;  // normalised to [0, rank) by the importer
};

// ONNX Slice on one axis with step 1: elements [start, end) of `axis` (resolve_shape normalises
// negative indices, which count from the end, and clamps both to [0, dim] as ONNX does; the
// result must keep at least one element). E.g. the two branches of a network read from one
// input vector (RNN-T: acoustic features and the previous token).
struct SliceOp {
  int axis = 0;
  std::int64_t start = 0;
  std::int64_t end = 0;
};

// The values of `x` (row-major in `in`) that the resolved slice keeps, row-major in its output.
std::vector<float> slice_values(const SliceOp& s, const Shape& in, const std::vector<float>& x);

// One forward LSTM layer (ONNX semantics, default activations sigmoid/tanh/tanh, zero initial
// state). The recurrent state h loops back into the same crossbars every time step.
struct LstmOp {
  enum class Output { kSequence, kLastHidden };
  int input_size = 0;                   // I
  int hidden_size = 0;                  // H
  int seq_len = 0;                      // time steps (one MVM per step)
  std::vector<float> w;                 // [4H][I] gates i, o, f, c (ONNX layout); empty when
                                        // draw_w is set
  std::vector<float> r;                 // [4H][H]; empty when draw_r is set
  std::vector<float> bias;              // [4H] = Wb + Rb
  Output output = Output::kLastHidden;  // Y [seq_len,1,1,H] or Y_h [1,1,H]
  // Seeded random W and R the graph does not hold (native YAML `random_weights: on_use`), as
  // DenseOp::draw_weights: the same matrices on every call.
  std::function<std::vector<float>()> draw_w = nullptr;
  std::function<std::vector<float>()> draw_r = nullptr;

  // The crossbar matrix [(I+H)][4H]: row k < I is W[:, k], row I + k is R[:, k].
  std::vector<float> stacked_weights() const;
};

struct Layer {
  std::string name;  // from the source file (ONNX node name, or "<op>_<index>")
  OpKind op = OpKind::kRelu;
  std::vector<int> inputs;  // producing layer indices; kGraphInput for the graph input
  Shape shape;              // output shape
  std::variant<std::monostate, DenseOp, Conv2dOp, AffineOp, PoolOp, ElementwiseOp, FlattenOp,
               ReshapeOp, SoftmaxOp, LstmOp, SliceOp>
      params;

  static constexpr int kGraphInput = -1;

  // Typed access; throws std::logic_error when the layer holds another operator.
  const DenseOp& dense() const;
  const Conv2dOp& conv() const;
  const AffineOp& affine() const;
  const PoolOp& pool() const;
  const ElementwiseOp& elementwise() const;
  const FlattenOp& flatten() const;
  const ReshapeOp& reshape() const;
  const SoftmaxOp& softmax() const;
  const LstmOp& lstm() const;
  const SliceOp& slice() const;

  // Crossbar matrix of a weight layer: rows x cols (Dense in x out, Conv (C*kh*kw) x out_ch,
  // LSTM (I+H) x 4H); 0 x 0 for layers without crossbar weights.
  int matrix_rows() const;
  int matrix_cols() const;
  // Row-major [matrix_rows][matrix_cols] weights (empty for layers without crossbar weights).
  std::vector<float> matrix() const;
  // MVMs one sample needs on this layer's crossbars (Conv: patches, LSTM: time steps).
  int mvms_per_sample() const;
};

// The largest activation one sample may carry between layers (graph input included): 2^26
// values, 256 MiB as float32. Far beyond what an AIMC chip's buffers hold per sample (the
// shipped networks' largest is 6,272), it keeps a workload whose shapes are not backed by data
// (only weights are) from asking the host, DPUs and float reference for gigabytes.
constexpr std::int64_t kMaxActivationValues = std::int64_t{1} << 26;
// The most dimensions a tensor may have (numpy's limit, NPY_MAXDIMS): the shipped networks use
// at most 4. It keeps per-dimension work and messages small for shapes read from a file.
constexpr std::size_t kMaxRank = 32;

struct WorkloadGraph {
  std::string name;    // model or file name
  std::string source;  // file it was read from ("" when built in code)
  std::string input_name;
  Shape input_shape;
  std::vector<Layer> layers;  // topological order
  int output = -1;            // layer whose output is the network output (default: last)

  int output_layer() const { return output >= 0 ? output : static_cast<int>(layers.size()) - 1; }
  const Shape& shape_of(int layer) const;         // kGraphInput -> input_shape
  int find(const std::string& layer_name) const;  // -1 when absent
  // Indices of the layers that read `layer`'s output.
  std::vector<int> consumers(int layer) const;
  // Checks topological order, input indices, weight sizes against shapes; throws WorkloadError.
  void validate() const;
  // Checks that the graph's, its input's and every layer's name are valid UTF-8 (they are written
  // into summary.json, the plan's JSON and the traces); throws WorkloadError naming the layer.
  void check_names() const;
};

// Sets layer.shape (and a convolution's feature-map geometry, a reshape's resolved target, a
// softmax's axis) from its input shapes; used by both importers. Checks the weights against
// the input shapes and throws WorkloadError whose message starts with `where` on a mismatch or
// when the output holds more than kMaxActivationValues values or has more than kMaxRank
// dimensions.
void resolve_shape(Layer& layer, const std::vector<Shape>& inputs, const std::string& where);
// numpy broadcasting of two shapes; throws WorkloadError naming `where` when incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b, const std::string& where);

}  // namespace kirchhoff
