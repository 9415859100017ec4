#include "fuzz/onnx_mutator.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace kirchhoff::fuzz {
namespace {

using Rng = std::mt19937_64;

constexpr std::int64_t kMaxValues = 1 << 16;  // initializer data kept consistent up to this

// Dimension / attribute values worth trying: edges, small, off by one, huge, negative.
std::int64_t interesting(Rng& rng, std::int64_t current) {
  static const std::int64_t kValues[] = {0,        1,     2,         3,         4,
                                         7,        8,     16,        255,       256,
                                         257,      65535, 65536,     1LL << 31, (1LL << 31) - 1,
                                         -1,       -2,    1LL << 40, 1LL << 62, INT64_MIN,
                                         INT64_MAX};
  switch (rng() % 4) {  // off by one wraps around (no signed overflow in the mutator)
    case 0:
      return static_cast<std::int64_t>(static_cast<std::uint64_t>(current) + 1);
    case 1:
      return static_cast<std::int64_t>(static_cast<std::uint64_t>(current) - 1);
    default:
      return kValues[rng() % (sizeof(kValues) / sizeof(kValues[0]))];
  }
}

template <class T>
T& pick(google::protobuf::RepeatedPtrField<T>& field, Rng& rng) {
  return *field.Mutable(static_cast<int>(rng() % static_cast<std::uint64_t>(field.size())));
}

// Resizes an initializer's data to the product of its dims (when small enough).
void fit_data(onnx::TensorProto& t) {
  std::int64_t n = 1;
  for (const std::int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > kMaxValues / d)) return;
    n *= d;
  }
  const std::size_t bytes = t.data_type() == onnx::TensorProto::INT64 ? 8 : 4;
  if (!t.raw_data().empty()) {
    std::string raw = t.raw_data();
    raw.resize(static_cast<std::size_t>(n) * bytes, '\0');
    t.set_raw_data(raw);
  } else if (t.data_type() == onnx::TensorProto::INT64) {
    t.mutable_int64_data()->Resize(static_cast<int>(n), 1);
  } else {
    t.mutable_float_data()->Resize(static_cast<int>(n), 0.5f);
  }
}

bool mutate_initializer(onnx::GraphProto& g, Rng& rng) {
  if (g.initializer_size() == 0) return false;
  onnx::TensorProto& t = pick(*g.mutable_initializer(), rng);
  if (t.dims_size() == 0 || rng() % 8 == 0) {
    t.add_dims(interesting(rng, 1));
  } else if (rng() % 8 == 0) {
    t.mutable_dims()->RemoveLast();
  } else {
    const int i = static_cast<int>(rng() % static_cast<std::uint64_t>(t.dims_size()));
    t.set_dims(i, interesting(rng, t.dims(i)));
  }
  if (t.data_type() == onnx::TensorProto::INT64 && t.int64_data_size() > 0 && rng() % 2 == 0) {
    // A Reshape target: change one of its values instead of (as well as) its shape.
    const int i = static_cast<int>(rng() % static_cast<std::uint64_t>(t.int64_data_size()));
    t.set_int64_data(i, interesting(rng, t.int64_data(i)));
  }
  fit_data(t);
  return true;
}

bool mutate_attribute(onnx::GraphProto& g, Rng& rng) {
  if (g.node_size() == 0) return false;
  onnx::NodeProto& n = pick(*g.mutable_node(), rng);
  if (n.attribute_size() == 0) return false;
  onnx::AttributeProto& a = pick(*n.mutable_attribute(), rng);
  if (a.ints_size() > 0) {
    const int i = static_cast<int>(rng() % static_cast<std::uint64_t>(a.ints_size()));
    a.set_ints(i, interesting(rng, a.ints(i)));
    if (rng() % 8 == 0) a.add_ints(interesting(rng, 1));
  } else if (a.type() == onnx::AttributeProto::INT) {
    a.set_i(interesting(rng, a.i()));
  } else if (a.type() == onnx::AttributeProto::FLOAT) {
    static const float kFloats[] = {0.0f, -1.0f, 1e-30f, 1e30f, 65504.0f};
    a.set_f(kFloats[rng() % 5]);
  } else {
    return false;
  }
  return true;
}

bool mutate_input_shape(onnx::GraphProto& g, Rng& rng) {
  if (g.input_size() == 0) return false;
  onnx::ValueInfoProto& in = pick(*g.mutable_input(), rng);
  auto* shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
  if (shape->dim_size() == 0 || rng() % 8 == 0) {
    shape->add_dim()->set_dim_value(interesting(rng, 1));
    return true;
  }
  onnx::TensorShapeProto_Dimension& d = pick(*shape->mutable_dim(), rng);
  if (rng() % 8 == 0) {
    d.set_dim_param("N");
  } else {
    d.set_dim_value(interesting(rng, d.dim_value()));
  }
  return true;
}

bool mutate_node(onnx::GraphProto& g, Rng& rng) {
  if (g.node_size() == 0) return false;
  static const char* kOps[] = {"Add",
                               "AveragePool",
                               "BatchNormalization",
                               "Conv",
                               "Flatten",
                               "Gemm",
                               "GlobalAveragePool",
                               "Identity",
                               "LSTM",
                               "MatMul",
                               "MaxPool",
                               "Mul",
                               "Relu",
                               "Reshape",
                               "Sigmoid",
                               "Softmax",
                               "Tanh",
                               "Dropout",
                               "Constant"};
  onnx::NodeProto& n = pick(*g.mutable_node(), rng);
  switch (rng() % 4) {
    case 0:
      n.set_op_type(kOps[rng() % (sizeof(kOps) / sizeof(kOps[0]))]);
      return true;
    case 1: {  // read another value: a graph input, an initializer or an earlier node's output
      if (n.input_size() == 0) return false;
      std::vector<std::string> names;
      for (const auto& in : g.input()) names.push_back(in.name());
      for (const auto& t : g.initializer()) names.push_back(t.name());
      for (const auto& other : g.node()) {
        for (const auto& o : other.output()) names.push_back(o);
      }
      if (names.empty()) return false;  // a graph of nodes without outputs: nothing to read
      n.set_input(static_cast<int>(rng() % static_cast<std::uint64_t>(n.input_size())),
                  names[rng() % names.size()]);
      return true;
    }
    case 2: {  // duplicate a node (its outputs are then defined twice)
      *g.add_node() = n;
      return true;
    }
    default:  // drop a node
      g.mutable_node()->DeleteSubrange(
          static_cast<int>(rng() % static_cast<std::uint64_t>(g.node_size())), 1);
      return true;
  }
}

}  // namespace

std::size_t mutate_onnx_model(std::uint8_t* data, std::size_t size, std::size_t max_size,
                              unsigned int seed) {
  Rng rng(seed);
  onnx::ModelProto model;
  if (rng() % 4 == 0 || !model.ParseFromArray(data, static_cast<int>(size))) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  onnx::GraphProto& g = *model.mutable_graph();
  bool changed = false;
  for (int attempt = 0; attempt < 4 && !changed; ++attempt) {
    switch (rng() % 4) {
      case 0:
        changed = mutate_initializer(g, rng);
        break;
      case 1:
        changed = mutate_attribute(g, rng);
        break;
      case 2:
        changed = mutate_input_shape(g, rng);
        break;
      default:
        changed = mutate_node(g, rng);
        break;
    }
  }
  const std::string out = model.SerializeAsString();
  if (!changed || out.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

}  // namespace kirchhoff::fuzz
