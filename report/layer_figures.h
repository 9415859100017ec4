// Per-layer figures of a run (summary.json "layers", the console's layer table), from the
// recorder's inference-phase events tagged with a layer (traces/phase_totals.h: MVMs, DPU ops,
// packet hops and deliveries, host I/O of the layer's inputs and outputs) and the host's
// per-sample stage times.
//   tiles, mvms, ops: the layer's tiles (all replicas) and their MVMs and ops in the span;
//   latency_ns: the layer's latency contribution: the mean over samples of the time from the
//     stage's input being ready (the previous stage's output in its DPU; the first stage: the
//     sample's start) to its output being ready in its DPU, so it includes waiting for busy
//     tiles, the network and the DPU. Over the stages these add up, with the host's read of
//     the result (RunSummary::output_read_ns), to the mean sample latency;
//   energy: by category, the layer's tagged events plus the static energy of its tiles over the
//     inference span (static energy shared by layers -- network, global DPUs -- is in no layer);
//   utilisation: the mean over its tiles of MVM busy time / inference span;
//   busy: for each resource kind the busiest resource the layer uses (any event of the layer
//     on it), as the fraction of the inference span that resource is occupied by all layers'
//     events: tile (MVMs), dpu (DPU ops), link (packet hops), host_port (host transfers);
//   limit: the kind with the highest busy fraction, the resource that bounds the layer's
//     throughput ("tile", "dpu", "link" or "host_port").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "traces/recorder.h"

namespace kirchhoff {

enum class LayerResource { kTile, kDpu, kLink, kHostPort };
inline constexpr std::size_t kNumLayerResources = 4;
const char* to_string(LayerResource r);

struct LayerFigures {
  std::string name;             // the weight layer's name (its graph layer)
  std::string kind = "analog";  // the kind of its tiles: analog or digital
  int tiles = 0;                // tiles holding its weights (every replica)
  std::uint64_t mvms = 0;
  std::uint64_t ops = 0;  // 2 x MACs of its MVMs
  double latency_ns = 0;  // mean latency contribution per sample
  traces::EnergyPj energy;
  double utilisation = 0;
  std::array<double, kNumLayerResources> busy{};  // by LayerResource
  LayerResource limit = LayerResource::kTile;
};

// What the host knows of one executed weight layer.
struct LayerSpec {
  std::string name;
  std::string kind = "analog";  // analog or digital tiles
  int layer = -1;               // graph layer id its events carry
  std::vector<int> tiles;       // tile indices (chip order)
  double latency_sum_ns = 0;    // over samples: its latency contribution, summed in order
  std::size_t samples = 0;      // samples summed
};

// `span_ns`: the inference span. Tile index i is the i-th component of category "tile".
std::vector<LayerFigures> layer_figures(const traces::Recorder& recorder,
                                        const std::vector<LayerSpec>& layers, double span_ns);

}  // namespace kirchhoff
