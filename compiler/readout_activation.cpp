#include "compiler/readout_activation.h"

#include <algorithm>

namespace kirchhoff {
namespace {

bool has_bias(const Layer& l) {
  const std::vector<float>* b = nullptr;
  if (l.op == OpKind::kDense) b = &l.dense().bias;
  if (l.op == OpKind::kConv2d) b = &l.conv().bias;
  return b != nullptr && std::any_of(b->begin(), b->end(), [](float v) { return v != 0.0f; });
}

}  // namespace

void fuse_readout_activations(const WorkloadGraph& g, const config::ChipConfig& cfg,
                              MappingPlan& plan) {
  if (cfg.tile.output_conversion != OutputConversion::kDuration ||
      !cfg.tile.duration.fuse_activation)
    return;
  for (MappedLayer& m : plan.layers) {
    const Layer& l = g.layers.at(static_cast<std::size_t>(m.layer));
    if (l.op != OpKind::kDense && l.op != OpKind::kConv2d) continue;
    if (m.row_blocks != 1 || has_bias(l) || m.post_ops.empty()) continue;
    const int relu = m.post_ops.front();
    const Layer& p = g.layers.at(static_cast<std::size_t>(relu));
    if (p.op != OpKind::kRelu || p.inputs != std::vector<int>{m.layer}) continue;
    if (g.consumers(m.layer) != std::vector<int>{relu} || g.output_layer() == m.layer) continue;
    m.readout_activation = DurationActivation::kRelu;
    m.readout_activation_layer = relu;
  }
}

}  // namespace kirchhoff
