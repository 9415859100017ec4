#include "compiler/input_ranges.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {

float abs_percentile(std::vector<float>& v, double p) {
  if (v.empty()) return 0.0f;
  for (float& x : v) x = std::fabs(x);
  const double rank = std::ceil(p / 100.0 * static_cast<double>(v.size()));
  const std::size_t k =
      static_cast<std::size_t>(std::clamp(rank - 1.0, 0.0, static_cast<double>(v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::vector<float> given_layer_ranges(const WorkloadGraph& g, const MappingPlan& plan,
                                      const std::vector<double>& ranges, const std::string& key) {
  if (ranges.size() != plan.layers.size()) {
    std::string names;
    for (const MappedLayer& ml : plan.layers) names += (names.empty() ? "" : ", ") + ml.name;
    throw WorkloadError(g.name + ": " + key + " has " + std::to_string(ranges.size()) +
                        " values but the workload has " + std::to_string(plan.layers.size()) +
                        " weight layers (" + names +
                        "); allowed: one range per weight layer in graph order, or an empty "
                        "list (calibrate from the inputs)");
  }
  std::vector<float> out;
  for (const double r : ranges) out.push_back(static_cast<float>(r));
  return out;
}

void calibrate_input_ranges(const WorkloadGraph& g, const config::ChipConfig& cfg,
                            const std::vector<std::vector<float>>& samples, MappingPlan& plan) {
  const DacParams& dac = cfg.tile.dac;
  for (MappedLayer& ml : plan.layers) ml.dac_range = 0.0f;
  // fixed: the tiles keep tile.dac.range; abs_max: the tiles scale every vector themselves.
  if (dac.range_mode != DacRangeMode::kCalibrated) return;
  if (!dac.layer_ranges.empty()) {
    const std::vector<float> given =
        given_layer_ranges(g, plan, dac.layer_ranges, "tile.dac.layer_ranges");
    for (std::size_t i = 0; i < plan.layers.size(); ++i) {
      plan.layers[i].dac_range = given[i] > 0.0f ? given[i] : static_cast<float>(dac.range);
    }
    return;
  }
  if (samples.empty()) {
    throw WorkloadError(g.name +
                        ": tile.dac.range_mode calibrated needs calibration samples; "
                        "allowed: at least one input sample (or tile.dac.range_mode=fixed)");
  }
  const std::size_t n =
      std::min(samples.size(), static_cast<std::size_t>(std::max(dac.calibration_samples, 1)));
  std::vector<std::vector<float>> values(plan.layers.size());
  for (std::size_t s = 0; s < n; ++s) {
    const std::vector<std::vector<float>> ref = run_reference(g, samples[s]);
    for (std::size_t i = 0; i < plan.layers.size(); ++i) {
      const Layer& layer = g.layers.at(static_cast<std::size_t>(plan.layers[i].layer));
      const int src = layer.inputs.empty() ? Layer::kGraphInput : layer.inputs.front();
      const std::vector<float>& x =
          src == Layer::kGraphInput ? samples[s] : ref.at(static_cast<std::size_t>(src));
      values[i].insert(values[i].end(), x.begin(), x.end());
    }
  }
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    float range = abs_percentile(values[i], dac.calibration_percentile);
    if (plan.layers[i].op == OpKind::kLstm) range = std::max(range, 1.0f);
    plan.layers[i].dac_range = range > 0.0f ? range : static_cast<float>(dac.range);
  }
}

}  // namespace kirchhoff
