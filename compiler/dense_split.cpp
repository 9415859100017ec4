#include "compiler/dense_split.h"

#include <algorithm>
#include <utility>

#include "compiler/sparsity.h"

namespace kirchhoff {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

// Copies the mapper makes of each block (a block is named D/block<i>, so only the run-wide
// replication applies to it, not an entry for D).
std::int64_t block_replicas(const MapperOptions& o) {
  return std::max(1, o.replication);
}

// Rows of a K x N dense layer one chip of `cfg` holds in whole row blocks, each block replicated
// as the mapper will (0: not one).
std::int64_t rows_per_chip(int cols, const config::ChipConfig& cfg, const MapperOptions& o) {
  const std::int64_t col_blocks = ceil_div(cols, cfg.tile.cols);
  return cfg.chip.tiles / block_replicas(o) / col_blocks * cfg.tile.rows;
}

bool fits_some_chip(const Layer& l, const config::SystemConfig& sys, const MapperOptions& o) {
  for (const auto& c : sys.chips)
    if (min_layer_tiles(l, c.config, o) <= c.config.chip.tiles) return true;
  return false;
}

// Rows [a, b) of a row-major [rows][cols] matrix.
std::vector<float> row_range(const std::vector<float>& w, int cols, int a, int b) {
  return {w.begin() + static_cast<std::ptrdiff_t>(a) * cols,
          w.begin() + static_cast<std::ptrdiff_t>(b) * cols};
}

// The chip of `sys` that holds the most rows of dense layer `l` (nullptr: none holds a row block).
const config::ChipConfig* sizing_chip(const Layer& l, const config::SystemConfig& sys,
                                      const MapperOptions& o) {
  std::int64_t rows = 0;
  const config::ChipConfig* chip = nullptr;
  for (const auto& c : sys.chips)
    if (rows_per_chip(l.matrix_cols(), c.config, o) > rows) {
      rows = rows_per_chip(l.matrix_cols(), c.config, o);
      chip = &c.config;
    }
  return chip;
}

bool needs_split(const WorkloadGraph& g, const Layer& l, const config::SystemConfig& sys,
                 const MapperOptions& o) {
  if (l.op != OpKind::kDense || g.shape_of(l.inputs.at(0)).size() != 2) return false;
  const config::ChipConfig* chip = sizing_chip(l, sys, o);
  return chip != nullptr && !fits_some_chip(l, sys, o) &&
         rows_per_chip(l.matrix_cols(), *chip, o) < l.matrix_rows();
}

}  // namespace

std::int64_t min_layer_tiles(const Layer& l, const config::ChipConfig& cfg,
                             const MapperOptions& o) {
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

SplitGraph split_dense_layers(WorkloadGraph g, const config::SystemConfig& sys,
                              const MapperOptions& options) {
  SplitGraph r;
  std::vector<bool> split(g.layers.size());
  bool any = false;
  for (std::size_t li = 0; li < g.layers.size(); ++li) {
    split[li] = needs_split(g, g.layers[li], sys, options);
    any = any || split[li];
  }
  if (!any) {  // the graph itself, not a copy (the RNN-T step holds 45 M float weights)
    r.graph = std::move(g);
    return r;
  }
  WorkloadGraph& s = r.graph;
  s.name = g.name;
  s.source = g.source;
  s.input_name = g.input_name;
  s.input_shape = g.input_shape;
  std::vector<int> index_of(g.layers.size(), -1);  // g's layer -> s's layer
  auto mapped = [&](int in) { return in < 0 ? in : index_of.at(static_cast<std::size_t>(in)); };
  for (std::size_t li = 0; li < g.layers.size(); ++li) {
    Layer& l = g.layers[li];
    if (!split[li]) {  // moved: g's layers are not read again (split decided above)
      Layer copy = std::move(l);
      for (int& in : copy.inputs) in = mapped(in);
      index_of[li] = static_cast<int>(s.layers.size());
      s.layers.push_back(std::move(copy));
      continue;
    }
    // The chip that holds the most rows of it sizes the blocks.
    const config::ChipConfig* chip = sizing_chip(l, sys, options);
    const std::int64_t rows = rows_per_chip(l.matrix_cols(), *chip, options);
    const DenseOp& d = l.dense();
    const int n = d.out_features;
    DenseSplit info;
    info.layer = l.name;
    info.rows = d.in_features;
    info.cols = n;
    const int x = mapped(l.inputs.at(0));
    int sum = -1;
    const int blocks = static_cast<int>(ceil_div(d.in_features, rows));
    for (int b = 0; b < blocks; ++b) {
      const int a = static_cast<int>(b * rows);
      const int e = static_cast<int>(std::min<std::int64_t>(d.in_features, (b + 1) * rows));
      const std::string tag = std::to_string(b);
      Layer in;
      in.name = l.name + "/in" + tag;
      in.op = OpKind::kSlice;
      in.inputs = {x};
      in.shape = {1, e - a};
      in.params = SliceOp{1, a, e};
      s.layers.push_back(std::move(in));
      Layer block;
      block.name = l.name + "/block" + tag;
      block.op = OpKind::kDense;
      block.inputs = {static_cast<int>(s.layers.size()) - 1};
      block.shape = l.shape;
      DenseOp bd;
      bd.in_features = e - a;
      bd.out_features = n;
      if (d.draw_weights) {
        const auto draw = d.draw_weights;
        bd.draw_weights = [draw, n, a, e] { return row_range(draw(), n, a, e); };
      } else {
        bd.weights = row_range(d.weights, n, a, e);
      }
      block.params = std::move(bd);
      s.layers.push_back(std::move(block));
      DenseBlock db;
      db.name = l.name + "/block" + tag;
      db.row_begin = a;
      db.row_end = e;
      db.tiles = static_cast<int>(ceil_div(e - a, chip->tile.rows) * ceil_div(n, chip->tile.cols));
      info.blocks.push_back(db);
      const int partial = static_cast<int>(s.layers.size()) - 1;
      if (b == 0) {
        sum = partial;
        continue;
      }
      Layer add;  // the chain's own partial sum first, the arriving sum the operand
      add.name = b + 1 == blocks && d.bias.empty() ? l.name : l.name + "/sum" + tag;
      add.op = OpKind::kAdd;
      add.inputs = {partial, sum};
      add.shape = l.shape;
      add.params = ElementwiseOp{};
      info.sums.push_back(add.name);
      s.layers.push_back(std::move(add));
      sum = static_cast<int>(s.layers.size()) - 1;
    }
    if (!d.bias.empty()) {
      Layer bias;
      bias.name = l.name;
      bias.op = OpKind::kAdd;
      bias.inputs = {sum};
      bias.shape = l.shape;
      bias.params = ElementwiseOp{Shape{1, n}, d.bias};
      info.sums.push_back(bias.name);
      s.layers.push_back(std::move(bias));
      sum = static_cast<int>(s.layers.size()) - 1;
    }
    index_of[li] = sum;
    r.splits.push_back(std::move(info));
  }
  s.output = g.output >= 0 ? index_of.at(static_cast<std::size_t>(g.output)) : -1;
  if (g.output < 0 && !g.layers.empty() && index_of.back() != static_cast<int>(s.layers.size()) - 1)
    s.output = index_of.back();
  return r;
}

}  // namespace kirchhoff
