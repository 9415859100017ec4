#include "compiler/system_partition.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "compiler/input_ranges.h"
#include "compiler/output_ranges.h"
#include "compiler/sparsity.h"
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

// The tiles weight layer `l` takes at least, as the mapper counts them (its blocks after
// sparsity packing, times its replicas; a convolution, which may pack, at least one per copy).
std::int64_t min_tiles(const Layer& l, const config::ChipConfig& cfg, const MapperOptions& o) {
  const auto rep = o.layer_replication.find(l.name);
  const std::int64_t replicas =
      std::max(1, rep != o.layer_replication.end() ? rep->second : o.replication);
  if (l.op == OpKind::kConv2d || l.matrix_rows() < 1 || l.matrix_cols() < 1) return replicas;
  MappedLayer m;
  m.layer = 0;
  m.name = l.name;
  m.op = l.op;
  m.rows = l.matrix_rows();
  m.cols = l.matrix_cols();
  m.row_blocks = (m.rows + cfg.tile.rows - 1) / cfg.tile.rows;
  m.col_blocks = (m.cols + cfg.tile.cols - 1) / cfg.tile.cols;
  pack_sparse_layer(l, cfg.mapper.sparsity, cfg.tile.rows, cfg.tile.cols, m);
  return static_cast<std::int64_t>(m.row_blocks) * m.col_blocks * replicas;
}

bool better(std::int64_t bytes, int chips, const Candidate& c) {
  return bytes < c.bytes || (bytes == c.bytes && chips < c.chips_used);
}

}  // namespace

std::vector<int> cut_points(const WorkloadGraph& g) {
  std::vector<int> cuts;
  const int n = static_cast<int>(g.layers.size());
  const int out = g.output_layer();
  for (int c = 1; c <= out; ++c) {
    if (!has_crossbar_weights(g.layers[static_cast<std::size_t>(c)].op)) continue;
    bool one_tensor = true;
    for (int l = c; l < n && one_tensor; ++l)
      for (int in : g.layers[static_cast<std::size_t>(l)].inputs)
        if (in != c - 1 && in < c) one_tensor = false;
    bool weights_before = false;
    for (int l = 0; l < c; ++l)
      weights_before =
          weights_before || has_crossbar_weights(g.layers[static_cast<std::size_t>(l)].op);
    if (one_tensor && weights_before) cuts.push_back(c);
  }
  return cuts;
}

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
        it = need.emplace(l, min_tiles(g.layers[static_cast<std::size_t>(l)], cfg, options)).first;
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
  auto crossing = [&](int b) {  // values of the layer outputs that cross bound b
    std::int64_t v = 0;
    for (int t : tensors_leaving(g, 0, bounds[static_cast<std::size_t>(b)]))
      v += numel(g.shape_of(t));
    return v;
  };

  // best[k][b]: layers [0, bounds[b]) placed on chips [0, k] (chip k possibly empty).
  std::vector<std::vector<Candidate>> best(static_cast<std::size_t>(chips),
                                           std::vector<Candidate>(static_cast<std::size_t>(nb)));
  for (int k = 0; k < chips; ++k) {
    const int bytes_k = value_bytes_of(sys.chips[static_cast<std::size_t>(k)].config);
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
        const std::int64_t out_bytes =
            b < nb - 1 ? crossing(b) * static_cast<std::int64_t>(bytes_k) : 0;
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
    int needed = 0, a = 0;
    bool layer_too_big = false;
    while (a < nb - 1) {
      int b = a + 1;
      if (!fit(a, b, 0)) {
        msg += ": layers from '" +
               g.layers.at(static_cast<std::size_t>(bounds[static_cast<std::size_t>(a)])).name +
               "' to the next cut need more than one chip like " + sys.chips[0].name + " (" +
               sys.chips[0].config_path + ")";
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
          x.bytes = x.values * s.value_bytes;
          s.out_bytes += x.bytes;
          s.crossing_after.push_back(x);
        }
      }
      p.cut_bytes += s.out_bytes;
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
    for (CrossingTensor& x : p.shares[i].crossing_after)
      for (std::size_t j = 0; j <= i; ++j)
        if (p.shares[j].out_layer == x.layer) x.from_share = static_cast<int>(j);
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
