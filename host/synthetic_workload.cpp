#include "host/synthetic_workload.h"

#include "models/random_stream.h"

namespace kirchhoff {

SyntheticData make_synthetic_workload(const config::SyntheticWorkload& w, std::uint64_t seed) {
  SyntheticData d;
  d.layer.in = w.in_features;
  d.layer.out = w.out_features;
  d.layer.weights.resize(static_cast<std::size_t>(w.in_features) * w.out_features);
  const RandomStream wrng(seed, "workload.weights");
  wrng.normals(0, 0, d.layer.weights.data(), d.layer.weights.size());
  for (float& v : d.layer.weights) v *= static_cast<float>(w.weight_std);
  const RandomStream xrng(seed, "workload.inputs");
  d.inputs.resize(w.samples);
  for (int s = 0; s < w.samples; ++s) {
    auto& x = d.inputs[s];
    x.resize(w.in_features);
    for (int r = 0; r < w.in_features; ++r) {
      x[r] = static_cast<float>((2.0 * xrng.uniform(s, r) - 1.0) * w.input_max);
    }
  }
  return d;
}

std::vector<float> reference_gemv(const DenseLayer& layer, const std::vector<float>& x) {
  std::vector<double> acc(layer.out, 0.0);
  for (int r = 0; r < layer.in; ++r) {
    const float* row = layer.weights.data() + static_cast<std::size_t>(r) * layer.out;
    for (int c = 0; c < layer.out; ++c) acc[c] += static_cast<double>(row[c]) * x[r];
  }
  return std::vector<float>(acc.begin(), acc.end());
}

}  // namespace kirchhoff
