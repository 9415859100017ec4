#include "report/layer_figures.h"

#include <algorithm>

namespace kirchhoff {

const char* to_string(LayerResource r) {
  switch (r) {
    case LayerResource::kTile:
      return "tile";
    case LayerResource::kDpu:
      return "dpu";
    case LayerResource::kLink:
      return "link";
    case LayerResource::kHostPort:
      return "host_port";
  }
  return "?";
}

namespace {

// The resource kind of a component that layers' events occupy, or false.
bool resource_of(const traces::ComponentInfo& c, LayerResource& r) {
  if (c.category == "tile")
    r = LayerResource::kTile;
  else if (c.category == "dpu")
    r = LayerResource::kDpu;
  else if (c.category == "link")
    r = LayerResource::kLink;
  else if (c.category == "host")
    r = LayerResource::kHostPort;
  else
    return false;
  return true;
}

}  // namespace

std::vector<LayerFigures> layer_figures(const traces::Recorder& recorder,
                                        const std::vector<LayerSpec>& layers, double span_ns) {
  const traces::PhaseTotals& pt = recorder.phase_totals();
  const std::size_t components = recorder.num_components();
  // Every component's occupancy by all layers' inference events.
  std::vector<std::int64_t> busy_ps(components, 0);
  for (const auto& pl : pt.per_layer)
    for (std::size_t c = 0; c < pl.busy_ps.size() && c < components; ++c)
      busy_ps[c] += pl.busy_ps[c];
  std::vector<std::uint32_t> tile_component;
  for (std::uint32_t c = 0; c < components; ++c)
    if (recorder.component(c).category == "tile") tile_component.push_back(c);
  const auto fraction = [&](std::int64_t ps) {
    return span_ns > 0 ? static_cast<double>(ps) * 1e-3 / span_ns : 0.0;
  };
  constexpr auto kInference = static_cast<std::size_t>(traces::RunPhase::kInference);

  std::vector<LayerFigures> out;
  for (const LayerSpec& spec : layers) {
    LayerFigures f;
    f.name = spec.name;
    f.kind = spec.kind;
    f.tiles = static_cast<int>(spec.tiles.size());
    if (spec.samples > 0) f.latency_ns = spec.latency_sum_ns / static_cast<double>(spec.samples);
    const traces::PhaseTotals::PerLayer* pl =
        spec.layer >= 0 && static_cast<std::size_t>(spec.layer) < pt.per_layer.size()
            ? &pt.per_layer[static_cast<std::size_t>(spec.layer)]
            : nullptr;
    if (pl != nullptr) {
      f.mvms = pl->mvms;
      f.ops = pl->mvm_ops;
      f.energy = pl->energy;
      for (std::uint32_t c = 0; c < pl->busy_ps.size() && c < components; ++c) {
        LayerResource r;
        if (pl->busy_ps[c] <= 0 || !resource_of(recorder.component(c), r)) continue;
        double& b = f.busy[static_cast<std::size_t>(r)];
        b = std::max(b, fraction(busy_ps[c]));
      }
    }
    double utilisation = 0;
    for (int t : spec.tiles) {
      if (t < 0 || static_cast<std::size_t>(t) >= tile_component.size()) continue;
      const std::uint32_t c = tile_component[static_cast<std::size_t>(t)];
      if (c < pt.per_component.size()) {
        f.energy[traces::EnergyCategory::kStatic] +=
            pt.per_component[c].energy[kInference][traces::EnergyCategory::kStatic];
      }
      if (pl != nullptr && c < pl->busy_ps.size()) utilisation += fraction(pl->busy_ps[c]);
    }
    if (!spec.tiles.empty()) f.utilisation = utilisation / static_cast<double>(spec.tiles.size());
    const auto limit = std::max_element(f.busy.begin(), f.busy.end()) - f.busy.begin();
    f.limit = static_cast<LayerResource>(limit);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kirchhoff
