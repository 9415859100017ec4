#include "app/workload_inputs.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/dataflow_stage.h"
#include "workloads/checked_size.h"
#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace kirchhoff::app {
std::vector<std::vector<float>> read_inputs(const std::string& path, const WorkloadGraph& g,
                                            double uint8_scale) {
  return read_inputs(read_npy(path), path, g, uint8_scale);
}

std::vector<std::vector<float>> read_inputs(const NpyArray& a, const std::string& path,
                                            const WorkloadGraph& g, double uint8_scale) {
  using D = NpyArray::Dtype;
  if (a.dtype == D::kInt64 || a.dtype == D::kUint16 || a.dtype == D::kUint32 ||
      a.dtype == D::kUint64) {
    throw WorkloadError(path + ": input dtype " + to_string(a.dtype) +
                        " is not supported; allowed: float32, float64, float16, uint8, int8 "
                        "(multiplied by --uint8-scale), int16, int32");
  }
  const std::int64_t per_sample = numel(g.input_shape);  // one sample, batch 1
  if (per_sample < 1) {
    // Also bounds what is allocated below by the file's own size (N samples of >= 1 value).
    throw WorkloadError(path + ": the model's input " + shape_str(g.input_shape) +
                        " holds no values; allowed: a model input of at least one value");
  }
  const std::string context = path + ": shape " + shape_str(a.shape);
  if (a.shape.empty() || a.shape[0] < 1 ||
      a.size() != checked_mul(a.shape[0], per_sample, context)) {
    throw WorkloadError(path + ": shape " + shape_str(a.shape) + " does not hold samples of " +
                        std::to_string(per_sample) + " values; allowed: [N, ...] with " +
                        std::to_string(per_sample) + " values per sample (the model's input " +
                        shape_str(g.input_shape) + ")");
  }
  const auto n = static_cast<std::size_t>(a.shape[0]);
  const auto k = static_cast<std::size_t>(per_sample);
  const bool scaled = a.dtype == D::kUint8 || a.dtype == D::kInt8;
  std::vector<std::vector<float>> x(n, std::vector<float>(k));
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t at = s * k + i;
      if (a.dtype == D::kFloat32) {
        x[s][i] = a.f32[at];
      } else {
        const double v = scaled ? a.value(at) * uint8_scale : a.value(at);
        // Range first: converting a double beyond float's range is undefined behaviour.
        if (std::isfinite(v) && std::fabs(v) <= std::numeric_limits<float>::max()) {
          x[s][i] = static_cast<float>(v);
        } else {
          x[s][i] = std::numeric_limits<float>::infinity();
        }
      }
      if (!std::isfinite(x[s][i])) {
        throw WorkloadError(path + ": sample " + std::to_string(s) + " element " +
                            std::to_string(i) + " (byte offset " +
                            std::to_string(a.byte_offset(at)) + ") is " +
                            (std::isnan(a.value(at)) ? "NaN" : "not a finite float32 value") +
                            "; allowed: finite values (a NaN input makes every output NaN)");
      }
    }
  }
  return x;
}

std::vector<int> read_labels(const std::string& path, std::size_t samples, std::int64_t classes) {
  return read_labels(read_npy(path), path, samples, classes);
}

std::vector<int> read_labels(const NpyArray& a, const std::string& path, std::size_t samples,
                             std::int64_t classes) {
  if (static_cast<std::size_t>(a.size()) != samples) {
    throw WorkloadError(path + ": " + std::to_string(a.size()) + " labels for " +
                        std::to_string(samples) + " input samples; allowed: one class per sample");
  }
  // A class index is an int: a model output wider than INT_MAX values cannot name more classes.
  classes = std::min<std::int64_t>(classes, std::numeric_limits<int>::max());
  const std::string allowed = "; allowed: an integer class in [0, " + std::to_string(classes) +
                              ") (the model's output has " + std::to_string(classes) + " values)";
  std::vector<int> y(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    const std::string which = path + ": label " + std::to_string(i) + " (byte offset " +
                              std::to_string(a.byte_offset(i)) + ")";
    if (a.is_float()) {
      const double v = a.value(i);
      if (!std::isfinite(v) || std::floor(v) != v) {
        throw WorkloadError(which + " is " + std::to_string(v) + ", not an integer" + allowed);
      }
      if (v < 0 || v >= static_cast<double>(classes)) {
        throw WorkloadError(which + " is " + std::to_string(v) + allowed);
      }
      y[i] = static_cast<int>(v);  // in [0, classes): fits
    } else {
      const std::int64_t v = a.dtype == NpyArray::Dtype::kUint8 ? a.u8[i] : a.i64[i];
      if (v < 0 || v >= classes) throw WorkloadError(which + " is " + std::to_string(v) + allowed);
      y[i] = static_cast<int>(v);
    }
  }
  return y;
}

void select_samples(std::vector<std::vector<float>>& inputs, std::vector<int>& labels,
                    long long requested, bool repeat, const std::string& inputs_path) {
  const std::size_t have = inputs.size();
  if (requested < 0) return;
  const auto want = static_cast<std::size_t>(requested);
  if (want <= have) {
    inputs.resize(want);
    if (!labels.empty()) labels.resize(want);
    return;
  }
  if (!repeat) {
    throw WorkloadError(inputs_path + ": --samples " + std::to_string(requested) +
                        " but the file holds " + std::to_string(have) +
                        " samples; allowed: --samples <= " + std::to_string(have) +
                        ", or add --repeat to cycle through the file");
  }
  inputs.reserve(want);
  for (std::size_t s = have; s < want; ++s) inputs.push_back(inputs[s % have]);
  if (!labels.empty()) {
    labels.reserve(want);
    for (std::size_t s = have; s < want; ++s) labels.push_back(labels[s % have]);
  }
}

void check_executable(const WorkloadGraph& g, const MappingPlan& plan, bool input_operands) {
  try {
    (void)make_dataflow_stages(g, plan, input_operands);
  } catch (const std::invalid_argument& e) {
    throw WorkloadError(plan.workload + ": " + e.what());
  }
}

}  // namespace kirchhoff::app
