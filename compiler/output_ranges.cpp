#include "compiler/output_ranges.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "compiler/input_ranges.h"
#include "compiler/sparsity.h"
#include "models/weight_mapping.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

// The crossbar input vectors of one MVM each: x itself (dense) or every im2col patch (conv).
std::vector<std::vector<float>> crossbar_inputs(const Layer& layer, const std::vector<float>& x) {
  if (layer.op != OpKind::kConv2d) return {x};
  const Conv2dOp& g = layer.conv();
  std::vector<std::vector<float>> out;
  for (int p = 0; p < g.patches(); ++p) out.push_back(g.patch(x, p));
  return out;
}

// One tile's block of the layer matrix: rows [r0, r1) x columns [c0, c1), normalised.
struct NormalisedBlock {
  int r0 = 0, r1 = 0, c0 = 0, c1 = 0;
  std::vector<float> w_n;  // (r1 - r0) x (c1 - c0), row-major, in [-1, 1]
};

std::vector<NormalisedBlock> normalised_blocks(const MappedLayer& ml, const Layer& layer,
                                               const MappingPlan& plan,
                                               const config::ChipConfig& cfg) {
  const std::vector<float> m = packed_matrix(layer, ml);  // what the tiles hold
  const int packed_cols = ml.packed_cols();
  std::vector<NormalisedBlock> blocks;
  for (int cb = 0; cb < ml.col_blocks; ++cb) {
    for (int rb = 0; rb < ml.row_blocks; ++rb) {
      NormalisedBlock b;
      b.r0 = rb * plan.tile_rows;
      b.r1 = std::min(ml.packed_rows(), b.r0 + plan.tile_rows);
      b.c0 = cb * plan.tile_cols;
      b.c1 = std::min(packed_cols, b.c0 + plan.tile_cols);
      const int rows = b.r1 - b.r0, cols = b.c1 - b.c0;
      std::vector<float> w(static_cast<std::size_t>(rows) * cols);
      for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
          w[static_cast<std::size_t>(r) * cols + c] =
              m[static_cast<std::size_t>(b.r0 + r) * packed_cols + b.c0 + c];
        }
      }
      // The tile's own w_max (per tile or per column, clip_weights_sigma), as it programs.
      const MappedWeights mapped = map_weights(w.data(), rows, cols, cfg.tile.mapping, 0.0, 1.0);
      b.w_n.resize(w.size());
      for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
          const std::size_t i = static_cast<std::size_t>(r) * cols + c;
          b.w_n[i] = std::clamp(w[i] / mapped.w_max[c], -1.0f, 1.0f);
        }
      }
      blocks.push_back(std::move(b));
    }
  }
  return blocks;
}

// x divided by the DAC full scale and clipped, as the tile's DAC converts it (unquantised).
std::vector<float> dac_normalised(const std::vector<float>& x, const MappedLayer& ml,
                                  const DacParams& dac) {
  double fs = ml.dac_range > 0.0f ? ml.dac_range : dac.range;
  if (dac.noise_management || dac.range_mode == DacRangeMode::kAbsMax) {
    float m = 0.0f;
    for (const float v : x) m = std::max(m, std::fabs(v));
    if (m > 0.0f) fs = m;
  }
  const double lo = dac.is_signed ? -1.0 : 0.0;
  std::vector<float> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    out[i] = static_cast<float>(std::clamp(x[i] / fs, lo, 1.0));
  }
  return out;
}

}  // namespace

void calibrate_output_ranges(const WorkloadGraph& g, const config::ChipConfig& cfg,
                             const std::vector<std::vector<float>>& samples, MappingPlan& plan) {
  const AdcParams& adc = cfg.tile.adc;
  for (MappedLayer& ml : plan.layers) ml.adc_range = 0.0f;
  if (adc.range_mode == AdcRangeMode::kFixed) return;
  if (!adc.layer_ranges.empty()) {
    const std::vector<float> given =
        given_layer_ranges(g, plan, adc.layer_ranges, "tile.adc.layer_ranges");
    for (std::size_t i = 0; i < plan.layers.size(); ++i) plan.layers[i].adc_range = given[i];
    return;
  }
  if (samples.empty()) {
    throw WorkloadError(g.name +
                        ": tile.adc.range_mode calibrated needs calibration samples; "
                        "allowed: at least one input sample (or tile.adc.range_mode=fixed)");
  }
  const std::size_t n = std::min(
      samples.size(), static_cast<std::size_t>(std::max(cfg.tile.dac.calibration_samples, 1)));
  std::vector<std::vector<NormalisedBlock>> blocks(plan.layers.size());
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    const MappedLayer& ml = plan.layers[i];
    if (ml.op == OpKind::kLstm) continue;
    blocks[i] = normalised_blocks(ml, g.layers.at(static_cast<std::size_t>(ml.layer)), plan, cfg);
  }
  std::vector<std::vector<float>> sums(plan.layers.size());
  for (std::size_t s = 0; s < n; ++s) {
    const std::vector<std::vector<float>> ref = run_reference(g, samples[s]);
    for (std::size_t i = 0; i < plan.layers.size(); ++i) {
      const MappedLayer& ml = plan.layers[i];
      if (blocks[i].empty()) continue;
      const Layer& layer = g.layers.at(static_cast<std::size_t>(ml.layer));
      const int src = layer.inputs.empty() ? Layer::kGraphInput : layer.inputs.front();
      const std::vector<float>& x =
          src == Layer::kGraphInput ? samples[s] : ref.at(static_cast<std::size_t>(src));
      for (const std::vector<float>& v : crossbar_inputs(layer, x)) {
        // The tiles see the kept inputs only (sparsity-aware mapping).
        const std::vector<float> x_n = dac_normalised(gather_rows(ml, v), ml, cfg.tile.dac);
        for (const NormalisedBlock& b : blocks[i]) {
          const int cols = b.c1 - b.c0;
          std::vector<float> z(static_cast<std::size_t>(cols), 0.0f);
          for (int r = b.r0; r < b.r1; ++r) {
            const float xr = x_n.at(static_cast<std::size_t>(r));
            if (xr == 0.0f) continue;
            const float* w = b.w_n.data() + static_cast<std::size_t>(r - b.r0) * cols;
            for (int c = 0; c < cols; ++c) z[static_cast<std::size_t>(c)] += xr * w[c];
          }
          sums[i].insert(sums[i].end(), z.begin(), z.end());
        }
      }
    }
  }
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    if (blocks[i].empty()) continue;
    const float range = abs_percentile(sums[i], adc.calibration_percentile);
    plan.layers[i].adc_range = range > 0.0f ? range : 0.0f;
  }
}

}  // namespace kirchhoff
