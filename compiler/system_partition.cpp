#include "compiler/system_partition.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "compiler/dense_split.h"
#include "compiler/input_ranges.h"
#include "compiler/output_ranges.h"
#include "compiler/system_cuts.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

int value_bytes_of(const config::ChipConfig& cfg) {
  return std::max(1, (cfg.dpu.format.total_bits() + 7) / 8);
}

struct Candidate {
  std::int64_t bytes = std::numeric_limits<std::int64_t>::max();
  int chips_used = 0;
  int prev_cut = -1;  // index into bounds of where the previous range began
  int prev_chip = -1;
  bool used = false;  // this chip holds layers
};

bool better(std::int64_t bytes, int chips, const Candidate& c) {
  return bytes < c.bytes || (bytes == c.bytes && chips < c.chips_used);
}

}  // namespace

WorkloadGraph slice_graph(const WorkloadGraph& g, int first, int end) {
  WorkloadGraph s;
  s.name = g.name;
  s.source = g.source;
  if (first == 0) {
    s.input_name = g.input_name;
    s.input_shape = g.input_shape;
  } else {
    s.input_name = g.layers.at(static_cast<std::size_t>(first - 1)).name;
    s.input_shape = g.shape_of(first - 1);
  }
  for (int l = first; l < end; ++l) {
    Layer layer = g.layers.at(static_cast<std::size_t>(l));
    for (int& in : layer.inputs) {
      if (first == 0) continue;  // the whole graph's front: inputs unchanged
      if (in == Layer::kGraphInput || in < first - 1)
        throw WorkloadError(g.name + ": layer '" + layer.name + "' reads across the cut before '" +
                            g.layers.at(static_cast<std::size_t>(first)).name + "'");
      in = in == first - 1 ? Layer::kGraphInput : in - first;
    }
    s.layers.push_back(std::move(layer));
  }
  const int out = g.output_layer();
  s.output = out >= first && out < end ? out - first : -1;
  return s;
}

SystemPartition partition_workload(const WorkloadGraph& g, const config::SystemConfig& sys,
                                   const MapperOptions& options) {
  const int out = g.output_layer();
  // Range bounds: 0, the cut points, then out + 1 (layers after the output are not run).
  std::vector<int> bounds = {0};
  for (int c : cut_positions(g)) bounds.push_back(c);
  bounds.push_back(out + 1);
  const int nb = static_cast<int>(bounds.size());
  const int chips = static_cast<int>(sys.chips.size());

  // Fit of range [bounds[a], bounds[b]) on chip k, mapped once per chip configuration file.
  std::map<std::tuple<int, int, std::string>, std::optional<MappingPlan>> fits;
  std::map<std::string, std::map<int, std::int64_t>> min_tiles_of;  // per chip file, per layer
  auto fit = [&](int a, int b, int k) -> const std::optional<MappingPlan>& {
    const auto key = std::make_tuple(a, b, sys.chips[static_cast<std::size_t>(k)].config_path);
    auto it = fits.find(key);
    if (it != fits.end()) return it->second;
    std::optional<MappingPlan> plan;
    const int first = bounds[static_cast<std::size_t>(a)],
              end = bounds[static_cast<std::size_t>(b)];
    const std::vector<int> leaving = tensors_leaving(g, first, end);
    // A share sends one tensor on (its output), the last none (it holds the network output);
    // a range whose layers need more tiles than the chip has is not mapped.
    const config::ChipConfig& cfg = sys.chips[static_cast<std::size_t>(k)].config;
    std::map<int, std::int64_t>& need =
        min_tiles_of[sys.chips[static_cast<std::size_t>(k)].config_path];
    std::int64_t tiles = 0;
    for (int l = first; l < end && tiles <= cfg.chip.tiles; ++l) {
      if (!has_crossbar_weights(g.layers[static_cast<std::size_t>(l)].op)) continue;
      auto it = need.find(l);
      if (it == need.end())
        it = need.emplace(l, min_layer_tiles(g.layers[static_cast<std::size_t>(l)], cfg, options))
                 .first;
      tiles += it->second;
    }
    if (tiles <= cfg.chip.tiles && (b < nb - 1 ? leaving.size() == 1 : leaving.empty())) {
      try {
        plan = map_workload(share_graph(g, first, end, b < nb - 1 ? leaving[0] : out).graph,
                            sys.chips[static_cast<std::size_t>(k)].config, options);
      } catch (const WorkloadError&) {
        plan.reset();
      }
    }
    return fits.emplace(key, std::move(plan)).first->second;
  };
  // best[k][b]: layers [0, bounds[b]) placed on chips [0, k] (chip k possibly empty).
  std::vector<std::vector<Candidate>> best(static_cast<std::size_t>(chips),
                                           std::vector<Candidate>(static_cast<std::size_t>(nb)));
  // The chip that produces layer t < bounds[b] in the assignment best[k][b] (-1: none).
  auto producer = [&](int k, int b, int t) {
    while (k >= 0 && b > 0) {
      const Candidate& c = best[static_cast<std::size_t>(k)][static_cast<std::size_t>(b)];
      if (c.used && t >= bounds[static_cast<std::size_t>(c.prev_cut)]) return k;
      b = c.prev_cut;  // an empty chip k: prev_cut is b itself
      k = c.prev_chip;
    }
    return -1;
  };
  // Bytes of the layer outputs that cross bound b when chip k holds [bounds[a], bounds[b]) after
  // the assignment best[k - 1][a]: each in the DPU format of the chip that produces (and sends)
  // it, chip k for its own layers.
  auto crossing_bytes = [&](int k, int a, int b) {
    std::int64_t bytes = 0;
    for (int t : tensors_leaving(g, 0, bounds[static_cast<std::size_t>(b)])) {
      const int from = t >= bounds[static_cast<std::size_t>(a)] ? k : producer(k - 1, a, t);
      bytes += numel(g.shape_of(t)) *
               value_bytes_of(sys.chips[static_cast<std::size_t>(std::max(from, 0))].config);
    }
    return bytes;
  };

  for (int k = 0; k < chips; ++k) {
    for (int b = 0; b < nb; ++b) {
      Candidate& c = best[static_cast<std::size_t>(k)][static_cast<std::size_t>(b)];
      if (b == 0) {
        c.bytes = 0;
        continue;
      }
      // Chip k empty: as far as chip k - 1 got.
      if (k > 0 && best[static_cast<std::size_t>(k - 1)][static_cast<std::size_t>(b)].bytes !=
                       std::numeric_limits<std::int64_t>::max()) {
        c = best[static_cast<std::size_t>(k - 1)][static_cast<std::size_t>(b)];
        c.prev_cut = b;
        c.prev_chip = k - 1;
        c.used = false;
      }
      for (int a = 0; a < b; ++a) {
        const Candidate* before = nullptr;
        Candidate origin;
        origin.bytes = 0;
        if (a == 0) {
          before = &origin;
        } else if (k > 0) {
          before = &best[static_cast<std::size_t>(k - 1)][static_cast<std::size_t>(a)];
        }
        if (before == nullptr || before->bytes == std::numeric_limits<std::int64_t>::max())
          continue;
        // The tensor entering at bound a crossed a link from the previous used chip; charged
        // to it when that range was closed (below, `b < nb - 1`).
        const std::int64_t out_bytes = b < nb - 1 ? crossing_bytes(k, a, b) : 0;
        const std::int64_t total = before->bytes + out_bytes;
        const int used = before->chips_used + 1;
        if (!better(total, used, c)) continue;
        if (!fit(a, b, k)) continue;
        c.bytes = total;
        c.chips_used = used;
        c.prev_cut = a;
        c.prev_chip = k - 1;
        c.used = true;
      }
    }
  }

  const Candidate& done =
      best[static_cast<std::size_t>(chips - 1)][static_cast<std::size_t>(nb - 1)];
  if (done.bytes == std::numeric_limits<std::int64_t>::max()) {
    // How many chips like the first would it take: the greedy count of ranges that fit.
    std::string msg = g.name + ": does not fit the system " + sys.source + " (" +
                      std::to_string(chips) + " chips)";
    // What a range that fits no chip needs: its tiles, how many chips that is, and why a dense
    // layer in it was not split by rows (compiler/dense_split.h).
    auto range_need = [&](int a) {
      const config::ChipConfig& cfg = sys.chips[0].config;
      std::int64_t tiles = 0;
      std::string why;
      for (int l = bounds[static_cast<std::size_t>(a)]; l < bounds[static_cast<std::size_t>(a + 1)];
           ++l) {
        const Layer& layer = g.layers[static_cast<std::size_t>(l)];
        if (!has_crossbar_weights(layer.op)) continue;
        tiles += min_layer_tiles(layer, cfg, options);
        const std::int64_t row_block =
            (layer.matrix_cols() + cfg.tile.cols - 1) / cfg.tile.cols;  // one row of tiles
        if (layer.op == OpKind::kDense && row_block > cfg.chip.tiles)
          why = "; one row block of '" + layer.name + "' (" + std::to_string(cfg.tile.rows) +
                " of its " + std::to_string(layer.matrix_rows()) + " x " +
                std::to_string(layer.matrix_cols()) + " weights) takes " +
                std::to_string(row_block) +
                " tiles, so splitting it by rows across chips does not help (a split by output "
                "columns is not done)";
        else if (layer.op != OpKind::kDense)
          why = "; only a dense layer is split across chips, '" + layer.name + "' is " +
                to_string(layer.op);
      }
      const std::int64_t chips_needed = (tiles + cfg.chip.tiles - 1) / cfg.chip.tiles;
      return ": " + std::to_string(tiles) + " tiles, the chip has " +
             std::to_string(cfg.chip.tiles) + ", it would need " + std::to_string(chips_needed) +
             " chips" + why;
    };
    int needed = 0, a = 0;
    bool layer_too_big = false;
    while (a < nb - 1) {
      int b = a + 1;
      if (!fit(a, b, 0)) {
        msg += ": layers from '" +
               g.layers.at(static_cast<std::size_t>(bounds[static_cast<std::size_t>(a)])).name +
               "' to the next cut need more than one chip like " + sys.chips[0].name + " (" +
               sys.chips[0].config_path + ")" + range_need(a);
        layer_too_big = true;
        break;
      }
      while (b + 1 < nb && fit(a, b + 1, 0)) ++b;
      ++needed;
      a = b;
    }
    if (!layer_too_big)
      msg += ": needs " + std::to_string(needed) + " chips like " + sys.chips[0].name + " (" +
             sys.chips[0].config_path + "), the system has " + std::to_string(chips);
    throw WorkloadError(msg);
  }

  // Walk back from the end.
  SystemPartition p;
  int k = chips - 1, b = nb - 1;
  while (b > 0 && k >= 0) {
    const Candidate& c = best[static_cast<std::size_t>(k)][static_cast<std::size_t>(b)];
    if (c.used) {
      ChipShare s;
      s.chip = k;
      s.first_layer = bounds[static_cast<std::size_t>(c.prev_cut)];
      s.end_layer = bounds[static_cast<std::size_t>(b)];
      s.out_layer = b < nb - 1 ? tensors_leaving(g, s.first_layer, s.end_layer).at(0) : out;
      ShareGraph sg = share_graph(g, s.first_layer, s.end_layer, s.out_layer);
      s.graph = std::move(sg.graph);
      s.layer_of = std::move(sg.layer_of);
      for (int t : sg.inputs) {
        CrossingTensor x;
        x.layer = t;
        x.name = t < 0 ? g.input_name : g.layers.at(static_cast<std::size_t>(t)).name;
        x.values = numel(g.shape_of(t));
        s.inputs.push_back(x);
      }
      if (!s.inputs.empty() && s.inputs.front().layer == Layer::kGraphInput)
        s.host_values = s.inputs.front().values;
      s.plan = *fit(c.prev_cut, b, k);
      s.in_values = numel(s.graph.input_shape);
      s.out_values = numel(g.shape_of(s.out_layer));
      s.value_bytes = value_bytes_of(sys.chips[static_cast<std::size_t>(k)].config);
      if (b < nb - 1) {
        for (int t : tensors_leaving(g, 0, s.end_layer)) {
          CrossingTensor x;
          x.layer = t;
          x.name = g.layers.at(static_cast<std::size_t>(t)).name;
          x.values = numel(g.shape_of(t));
          s.crossing_after.push_back(x);  // bytes: in its producer's format (below)
        }
      }
      p.shares.push_back(std::move(s));
      b = c.prev_cut;
    }
    k = c.prev_chip;
  }
  std::reverse(p.shares.begin(), p.shares.end());
  // Who produces what enters each share, and where each share's output goes.
  for (std::size_t i = 0; i < p.shares.size(); ++i) {
    for (CrossingTensor& x : p.shares[i].inputs) {
      if (x.layer == Layer::kGraphInput) continue;
      for (std::size_t j = 0; j < i; ++j) {
        ChipShare& from = p.shares[j];
        if (from.out_layer != x.layer) continue;
        x.from_share = static_cast<int>(j);
        x.bytes = x.values * from.value_bytes;
        from.to_shares.push_back(static_cast<int>(i));
      }
    }
    // A tensor crossing the cut after share i goes in the DPU format of the share that sends
    // it, its producer (host/workload_host.h forwards a share's output in its chip's format).
    for (CrossingTensor& x : p.shares[i].crossing_after) {
      for (std::size_t j = 0; j <= i; ++j)
        if (p.shares[j].out_layer == x.layer) x.from_share = static_cast<int>(j);
      x.bytes = x.values * p.shares.at(static_cast<std::size_t>(x.from_share)).value_bytes;
      p.shares[i].out_bytes += x.bytes;
    }
    p.cut_bytes += p.shares[i].out_bytes;
  }
  return p;
}

void calibrate_partition(const WorkloadGraph& g, const config::SystemConfig& sys,
                         const std::vector<std::vector<float>>& inputs, SystemPartition& p) {
  const std::size_t n = std::min<std::size_t>(inputs.size(), 1024);
  std::vector<std::vector<std::vector<float>>> ref;
  if (p.shares.size() > 1)
    for (std::size_t s = 0; s < n; ++s) ref.push_back(run_reference(g, inputs[s]));
  for (ChipShare& sh : p.shares) {
    std::vector<std::vector<float>> entering;
    for (std::size_t s = 0; s < n; ++s)
      entering.push_back(p.shares.size() > 1 ? share_input(sh, inputs[s], ref[s]) : inputs[s]);
    const config::ChipConfig& cfg = sys.chips.at(static_cast<std::size_t>(sh.chip)).config;
    calibrate_input_ranges(sh.graph, cfg, entering, sh.plan);
    calibrate_output_ranges(sh.graph, cfg, entering, sh.plan);
  }
}

std::vector<float> share_input(const ChipShare& sh, const std::vector<float>& x,
                               const std::vector<std::vector<float>>& ref) {
  std::vector<float> v;
  for (const CrossingTensor& t : sh.inputs) {
    const std::vector<float>& part = t.layer < 0 ? x : ref.at(static_cast<std::size_t>(t.layer));
    v.insert(v.end(), part.begin(), part.end());
  }
  return sh.inputs.empty() ? x : v;
}

}  // namespace kirchhoff
