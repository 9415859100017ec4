// Small workload graphs built in code for the compiler and host test suites: a Dense layer, a
// Relu, a graph of them on one flat input, and a weight pattern that is neither all-equal nor
// trivially sparse. Everything is plain data (no SystemC).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff::test {

// n weights step x (i mod period - period / 2): a sawtooth around 0 (period 9: -4 .. 4 steps).
inline std::vector<float> sawtooth_weights(int n, float step, int period) {
  std::vector<float> w;
  w.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) w.push_back(step * static_cast<float>(i % period - period / 2));
  return w;
}

// Dense `in` -> `out` reading layer `input` (Layer::kGraphInput: the graph input), weights
// row-major [in][out], bias [out] or empty; output shape {1, out}.
inline Layer dense_layer(const std::string& name, int input, int in, int out,
                         std::vector<float> weights, std::vector<float> bias = {}) {
  Layer l;
  l.name = name;
  l.op = OpKind::kDense;
  l.inputs = {input};
  DenseOp d;
  d.in_features = in;
  d.out_features = out;
  d.weights = std::move(weights);
  d.bias = std::move(bias);
  l.params = d;
  l.shape = {1, out};
  return l;
}

// Relu of layer `input`'s `width` values.
inline Layer relu_layer(const std::string& name, int input, int width) {
  Layer l;
  l.name = name;
  l.op = OpKind::kRelu;
  l.inputs = {input};
  l.shape = {1, width};
  return l;
}

// A graph `name` of `layers` (topological order) on one input "x" of shape {1, input_width},
// validated (throws WorkloadError when the layers do not fit together).
inline WorkloadGraph flat_graph(const std::string& name, int input_width,
                                std::vector<Layer> layers) {
  WorkloadGraph g;
  g.name = name;
  g.input_name = "x";
  g.input_shape = {1, input_width};
  g.layers = std::move(layers);
  g.validate();
  return g;
}

}  // namespace kirchhoff::test
