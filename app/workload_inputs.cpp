#include "app/workload_inputs.h"

#include <cmath>
#include <limits>

#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace kirchhoff::app {
namespace {

// shape [N, ...] with N >= 1 and size == N * per_sample, without the product (it may overflow
// for a huge model input).
bool holds_whole_samples(const NpyArray& a, std::int64_t per_sample) {
  if (a.shape.empty() || a.shape[0] < 1) return false;
  if (per_sample <= 0) return a.size() == 0;
  return a.size() % per_sample == 0 && a.size() / per_sample == a.shape[0];
}

}  // namespace

std::vector<std::vector<float>> read_inputs(const std::string& path, const WorkloadGraph& g,
                                            double uint8_scale) {
  const NpyArray a = read_npy(path);
  const std::int64_t per_sample = numel(g.input_shape);  // one sample, batch 1
  if (!holds_whole_samples(a, per_sample)) {
    throw WorkloadError(path + ": shape " + shape_str(a.shape) + " does not hold samples of " +
                        std::to_string(per_sample) + " values; allowed: [N, ...] with " +
                        std::to_string(per_sample) + " values per sample (the model's input " +
                        shape_str(g.input_shape) + ")");
  }
  const auto n = static_cast<std::size_t>(a.shape[0]);
  const auto k = static_cast<std::size_t>(per_sample);
  std::vector<std::vector<float>> x(n, std::vector<float>(k));
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t i = 0; i < k; ++i) {
      x[s][i] = a.dtype == NpyArray::Dtype::kFloat32
                    ? a.f32[s * k + i]
                    : static_cast<float>(a.u8[s * k + i] * uint8_scale);
    }
  }
  return x;
}

std::vector<int> read_labels(const std::string& path, std::size_t samples) {
  const NpyArray a = read_npy(path);
  if (static_cast<std::size_t>(a.size()) != samples) {
    throw WorkloadError(path + ": " + std::to_string(a.size()) + " labels for " +
                        std::to_string(samples) + " input samples; allowed: one class per sample");
  }
  std::vector<int> y(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    if (a.dtype == NpyArray::Dtype::kUint8) {
      y[i] = a.u8[i];
    } else {
      const float v = a.f32[i];
      // Also rejects NaN and values no int holds (infinity, 3e9): converting those is undefined.
      if (!(v >= 0) || std::floor(v) != v ||
          static_cast<double>(v) > std::numeric_limits<int>::max()) {
        throw WorkloadError(path + ": label " + std::to_string(i) + " is " + std::to_string(v) +
                            "; allowed: non-negative integer classes");
      }
      y[i] = static_cast<int>(v);
    }
  }
  return y;
}

}  // namespace kirchhoff::app
