#include "workloads/default_workload.h"

#include "models/random_stream.h"

namespace kirchhoff {

DefaultWorkload make_default_workload(const config::SyntheticWorkload& w, std::uint64_t seed) {
  DefaultWorkload d;
  WorkloadGraph& g = d.graph;
  g.name = "default";
  g.input_name = "x";
  g.input_shape = {1, w.in_features};

  DenseOp dense;
  dense.in_features = w.in_features;
  dense.out_features = w.out_features;
  dense.weights.resize(static_cast<std::size_t>(w.in_features) * w.out_features);
  const RandomStream wrng(seed, "workload.weights");
  wrng.normals(0, 0, dense.weights.data(), dense.weights.size());
  for (float& v : dense.weights) v *= static_cast<float>(w.weight_std);

  Layer fc;
  fc.name = "fc";
  fc.op = OpKind::kDense;
  fc.inputs = {Layer::kGraphInput};
  fc.params = std::move(dense);
  resolve_shape(fc, {g.input_shape}, "default workload: layer 'fc'");
  g.layers.push_back(std::move(fc));
  g.validate();

  const RandomStream xrng(seed, "workload.inputs");
  d.inputs.resize(static_cast<std::size_t>(w.samples));
  for (int s = 0; s < w.samples; ++s) {
    auto& x = d.inputs[static_cast<std::size_t>(s)];
    x.resize(static_cast<std::size_t>(w.in_features));
    for (int r = 0; r < w.in_features; ++r) {
      x[static_cast<std::size_t>(r)] =
          static_cast<float>((2.0 * xrng.uniform(s, r) - 1.0) * w.input_max);
    }
  }
  return d;
}

}  // namespace kirchhoff
