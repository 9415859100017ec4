#include "compiler/mapper.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "compiler/layer_placement.h"
#include "compiler/readout_activation.h"
#include "compiler/sparsity.h"
#include "config/tile_groups.h"
#include "workloads/workload_error.h"

namespace kirchhoff {

const char* to_string(DpuSite s) {
  return s == DpuSite::kTileDpu ? "tile_dpu" : "global_dpu";
}

const TileRoute& MappingPlan::route(int tile) const {
  for (const auto& r : routes) {
    if (r.tile == tile) return r;
  }
  throw std::out_of_range("tile " + std::to_string(tile) + " holds no block");
}

namespace {

int ceil_div(int a, int b) {  // a >= 1, b >= 1: no overflow near INT_MAX
  return static_cast<int>((static_cast<std::int64_t>(a) + b - 1) / b);
}

bool mixes_features(const Layer& l) {
  if (l.op == OpKind::kSoftmax || l.op == OpKind::kSlice) return true;
  if ((l.op == OpKind::kAdd || l.op == OpKind::kMul) && l.inputs.size() > 1) return true;
  return false;
}

class Mapper {
 public:
  Mapper(const WorkloadGraph& g, const config::ChipConfig& cfg, const MapperOptions& o)
      : g_(g), cfg_(cfg), opt_(o) {}
  MappingPlan run();

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw WorkloadError((g_.source.empty() ? g_.name : g_.source) + ": " + what);
  }
  int features_of(int m) const {  // output features of a mapped layer (per position)
    const Layer& l = g_.layers[plan_.layers[m].layer];
    return l.op == OpKind::kLstm ? l.lstm().hidden_size : l.matrix_cols();
  }
  // Rows of mapped layer d fed by features [f0, f1) of mapped layer m (or the host input, m<0).
  void rows_fed(int m, int d, int f0, int f1, int& r0, int& r1) const;
  std::vector<Destination> destinations(int m, int f0, int f1) const;
  void add_operand_destinations(int m, int f0, int f1, std::vector<Destination>& out) const;
  bool needs_gather(int m) const;
  Destination to_tiles(int d, int replica, int r0, int r1) const;
  void choose_site(Reduction& red) const;
  void place_kinds();  // MappedLayer::kind and the tile pools (compiler/layer_placement.h)

  const WorkloadGraph& g_;
  const config::ChipConfig& cfg_;
  const MapperOptions& opt_;
  MappingPlan plan_;
  std::vector<int> owner_;               // graph layer -> mapped layer that produces it (-1: host)
  std::vector<std::vector<int>> sinks_;  // mapped layer -> mapped layers it feeds
  std::vector<int> host_sinks_;
  // Two-input Add/Mul post-ops: (producer mapped layer or -1 for the host) -> (graph layer,
  // consuming mapped layer) whose output DPU needs the producer's vector as second operand.
  std::vector<std::pair<int, std::pair<int, int>>> operands_;
  std::vector<int> pool_[2];        // tile indices of the analog [0] and digital [1] kinds
  std::vector<int> route_of_tile_;  // tile -> index into plan_.routes while mapping
};

void Mapper::place_kinds() {
  pool_[0] = config::tiles_of_kind(cfg_, TileKind::kAnalog);
  pool_[1] = config::tiles_of_kind(cfg_, TileKind::kDigital);
  std::vector<PlacementLayer> pl;
  for (const auto& m : plan_.layers) {
    PlacementLayer p;
    p.name = m.name;
    p.tiles = static_cast<int>(
        std::min<std::int64_t>(static_cast<std::int64_t>(m.row_blocks) * m.col_blocks * m.replicas,
                               std::numeric_limits<int>::max()));
    p.sources = m.sources;
    pl.push_back(std::move(p));
  }
  const std::vector<TileKind> kinds = place_layers(plan_.workload, pl, cfg_, opt_.digital_layers);
  for (std::size_t i = 0; i < kinds.size(); ++i) plan_.layers[i].kind = kinds[i];
}

void Mapper::rows_fed(int m, int d, int f0, int f1, int& r0, int& r1) const {
  const MappedLayer& dm = plan_.layers[d];
  const Layer& dl = g_.layers[dm.layer];
  const int F = m >= 0 ? features_of(m) : 0;
  r0 = 0;
  r1 = dm.rows;
  if (dl.op == OpKind::kLstm) {
    r1 = dl.lstm().input_size;  // x rows; h rows are fed by the layer itself
    return;
  }
  if (m < 0 || F <= 0) return;
  const std::int64_t in = numel(g_.shape_of(dl.inputs[0]));
  if (dl.op == OpKind::kDense && in % F == 0) {
    const int s = static_cast<int>(in / F);
    r0 = f0 * s;
    r1 = f1 * s;
  } else if (dl.op == OpKind::kConv2d && dl.conv().in_channels == F) {
    const int k = dl.conv().kernel_h * dl.conv().kernel_w;
    r0 = f0 * k;
    r1 = f1 * k;
  }
}

Destination Mapper::to_tiles(int d, int replica, int r0, int r1) const {
  const MappedLayer& dm = plan_.layers[d];
  Destination dst;
  dst.kind = Destination::Kind::kTiles;
  dst.mapped_layer = d;
  dst.replica = replica;
  dst.row_begin = r0;
  dst.row_end = r1;
  int p0 = 0, p1 = 0;  // the packed rows that hold [r0, r1)
  packed_row_range(dm, r0, r1, p0, p1);
  for (int cb = 0; cb < dm.col_blocks; ++cb) {
    for (int rb = 0; rb < dm.row_blocks; ++rb) {
      const int b0 = rb * plan_.tile_rows, b1 = std::min(dm.packed_rows(), b0 + plan_.tile_rows);
      if (b0 < p1 && p0 < b1) {
        const int t = dm.tile_of(replica, rb, cb);
        dst.tiles.push_back(t);
        dst.nodes.push_back(plan_.floorplan.tile_nodes[t]);
      }
    }
  }
  return dst;
}

void Mapper::add_operand_destinations(int m, int f0, int f1, std::vector<Destination>& out) const {
  for (const auto& [producer, use] : operands_) {
    if (producer != m) continue;
    const MappedLayer& c = plan_.layers[use.second];
    for (int r = 0; r < c.replicas; ++r) {
      Destination o;
      o.kind = Destination::Kind::kOperand;
      o.mapped_layer = use.second;
      o.replica = r;
      o.row_begin = f0;
      o.row_end = f1;
      o.operand_layer = use.first;
      o.node = c.output_nodes[r];
      out.push_back(o);
    }
  }
}

std::vector<Destination> Mapper::destinations(int m, int f0, int f1) const {
  std::vector<Destination> out;
  const auto& sinks = m >= 0 ? sinks_[m] : host_sinks_;
  for (int d : sinks) {
    int r0 = 0, r1 = 0;
    rows_fed(m, d, f0, f1, r0, r1);
    for (int r = 0; r < plan_.layers[d].replicas; ++r) out.push_back(to_tiles(d, r, r0, r1));
  }
  add_operand_destinations(m, f0, f1, out);
  if (m >= 0 && m == plan_.output_mapped_layer) {
    Destination h;
    h.kind = Destination::Kind::kHost;
    h.row_begin = f0;
    h.row_end = f1;
    h.host_port = plan_.host_port;
    h.host_node = plan_.host_node;
    out.push_back(h);
  }
  return out;
}

bool Mapper::needs_gather(int mi) const {
  const MappedLayer& m = plan_.layers[mi];
  bool mixing = false;
  for (int p : m.post_ops) mixing = mixing || mixes_features(g_.layers[p]);
  return m.op == OpKind::kLstm || (mixing && m.col_blocks > 1);
}

void Mapper::choose_site(Reduction& red) const {
  const Floorplan& fp = plan_.floorplan;
  auto cost = [&](int node) {
    int c = 0;
    for (int t : red.tiles) c += fp.hops(node, fp.tile_nodes[t]);
    return c;
  };
  int best = std::numeric_limits<int>::max();
  if (opt_.use_global_dpus && !fp.dpu_nodes.empty()) {
    red.site = DpuSite::kGlobalDpu;
    for (std::size_t i = 0; i < fp.dpu_nodes.size(); ++i) {
      const int c = cost(fp.dpu_nodes[i]);
      if (c < best) {
        best = c;
        red.site_index = static_cast<int>(i);
        red.node = fp.dpu_nodes[i];
      }
    }
    return;
  }
  red.site = DpuSite::kTileDpu;
  for (int t : red.tiles) {
    const int c = cost(fp.tile_nodes[t]);
    if (c < best) {
      best = c;
      red.site_index = t;
      red.node = fp.tile_nodes[t];
    }
  }
}

MappingPlan Mapper::run() {
  plan_.workload = g_.source.empty() ? g_.name : g_.source;
  plan_.tile_rows = cfg_.tile.rows;
  plan_.tile_cols = cfg_.tile.cols;
  plan_.chip_tiles = cfg_.chip.tiles;
  plan_.global_dpus = cfg_.chip.global_dpus;
  if (plan_.tile_rows < 1 || plan_.tile_cols < 1) fail("tile.rows and tile.cols must be >= 1");
  if (opt_.replication < 1) {
    fail("replication factor " + std::to_string(opt_.replication) + " must be >= 1");
  }
  for (const auto& [name, r] : opt_.layer_replication) {
    const int i = g_.find(name);
    if (i < 0 || !has_crossbar_weights(g_.layers[i].op)) {
      fail("replication given for '" + name + "', which is not a Dense, Conv2d or LSTM layer");
    }
    if (r < 1) fail("replication of '" + name + "' is " + std::to_string(r) + "; must be >= 1");
  }

  // Mapped layers and the owner of every graph layer.
  owner_.assign(g_.layers.size(), -1);
  for (std::size_t i = 0; i < g_.layers.size(); ++i) {
    const Layer& l = g_.layers[i];
    if (has_crossbar_weights(l.op)) {
      MappedLayer m;
      m.layer = static_cast<int>(i);
      m.name = l.name;
      m.op = l.op;
      m.rows = l.matrix_rows();
      m.cols = l.matrix_cols();
      if (m.rows < 1 || m.cols < 1) {
        fail("layer '" + l.name + "' (" + to_string(l.op) + ") has an empty " +
             std::to_string(m.rows) + " x " + std::to_string(m.cols) +
             " weight matrix; allowed: at least 1 row and 1 column");
      }
      m.row_blocks = ceil_div(m.rows, plan_.tile_rows);
      m.col_blocks = ceil_div(m.cols, plan_.tile_cols);
      auto it = opt_.layer_replication.find(l.name);
      m.replicas = it != opt_.layer_replication.end() ? it->second : opt_.replication;
      m.packing = conv_packing_copies(l, plan_.tile_rows, plan_.tile_cols, opt_.conv_packing);
      m.mvms_per_sample = ceil_div(l.mvms_per_sample(), m.packing);
      // A convolution packed P > 1 times holds P dense copies of its kernel matrix
      // (compiler/conv_packing.h); any other layer drops its all-zero rows and columns
      // (compiler/sparsity.h).
      pack_sparse_layer(l, m.packing > 1 ? config::SparsityMode::kOff : cfg_.mapper.sparsity,
                        plan_.tile_rows, plan_.tile_cols, m);
      if (m.packing > 1) {
        m.row_utilisation =
            static_cast<double>(m.packing) * m.rows / (m.row_blocks * plan_.tile_rows);
        m.col_utilisation =
            static_cast<double>(m.packing) * m.cols / (m.col_blocks * plan_.tile_cols);
        m.cell_utilisation = m.row_utilisation * m.col_utilisation / m.packing;
      }
      const int src = l.inputs.at(0);
      m.sources.push_back(src == Layer::kGraphInput ? -1 : owner_[src]);
      owner_[i] = static_cast<int>(plan_.layers.size());
      plan_.layers.push_back(std::move(m));
    } else {
      const int src = l.inputs.at(0);
      owner_[i] = src == Layer::kGraphInput ? -1 : owner_[src];
      if (owner_[i] < 0) {
        plan_.pre_ops.push_back(static_cast<int>(i));
      } else {
        plan_.layers[owner_[i]].post_ops.push_back(static_cast<int>(i));
        for (std::size_t k = 1; k < l.inputs.size(); ++k) {
          const int p = l.inputs[k] == Layer::kGraphInput ? -1 : owner_[l.inputs[k]];
          if (p != owner_[i]) operands_.push_back({p, {static_cast<int>(i), owner_[i]}});
        }
      }
    }
  }
  if (plan_.layers.empty()) fail("the workload has no Dense, Conv2d or LSTM layer to map");
  plan_.output_mapped_layer = owner_[g_.output_layer()];
  if (plan_.output_mapped_layer < 0) fail("the output is not computed by any weight layer");
  sinks_.assign(plan_.layers.size(), {});
  for (std::size_t m = 0; m < plan_.layers.size(); ++m) {
    const int s = plan_.layers[m].sources[0];
    (s < 0 ? host_sinks_ : sinks_[s]).push_back(static_cast<int>(m));
  }

  // Analog or digital per layer (compiler/layer_placement.h), then the fit per kind.
  place_kinds();
  std::int64_t needed = 0;  // blocks x replicas can exceed an int for a huge --replication
  std::int64_t needed_of[2] = {0, 0};
  for (const auto& m : plan_.layers) {
    const std::int64_t n = static_cast<std::int64_t>(m.row_blocks) * m.col_blocks * m.replicas;
    needed += n;
    needed_of[m.kind == TileKind::kDigital ? 1 : 0] += n;
    if (needed > std::numeric_limits<int>::max()) break;
  }
  if (needed > cfg_.chip.tiles) {
    fail("needs " + std::to_string(needed) + " tiles, the chip has " +
         std::to_string(cfg_.chip.tiles) + " (tile " + std::to_string(plan_.tile_rows) + " x " +
         std::to_string(plan_.tile_cols) + ")");
  }
  for (const TileKind k : {TileKind::kAnalog, TileKind::kDigital}) {
    const auto& pool = pool_[k == TileKind::kDigital ? 1 : 0];
    const std::int64_t n = needed_of[k == TileKind::kDigital ? 1 : 0];
    if (n > static_cast<std::int64_t>(pool.size())) {
      fail("needs " + std::to_string(n) + " " + to_string(k) + " tiles, the chip has " +
           std::to_string(pool.size()) + " (chip.tile_groups)");
    }
  }
  plan_.tiles_used = static_cast<int>(needed);
  plan_.floorplan = make_floorplan(cfg_.chip.mesh_cols, cfg_.chip.mesh_rows, cfg_.chip.tiles,
                                   cfg_.host.ports, cfg_.chip.global_dpus);
  if (plan_.floorplan.host_nodes.empty()) fail("the chip has no host port");
  plan_.host_port = 0;
  plan_.host_node = plan_.floorplan.host_nodes[0];

  // Placement: consecutive tile indices of the layer's kind (snake neighbours).
  std::size_t next[2] = {0, 0};
  route_of_tile_.assign(static_cast<std::size_t>(cfg_.chip.tiles), -1);
  for (std::size_t mi = 0; mi < plan_.layers.size(); ++mi) {
    MappedLayer& m = plan_.layers[mi];
    const Layer& l = g_.layers[m.layer];
    const int k = m.kind == TileKind::kDigital ? 1 : 0;
    for (int r = 0; r < m.replicas; ++r) {
      for (int cb = 0; cb < m.col_blocks; ++cb) {
        for (int rb = 0; rb < m.row_blocks; ++rb) {
          TileRoute t;
          t.tile = pool_[k][next[k]++];
          route_of_tile_[static_cast<std::size_t>(t.tile)] = static_cast<int>(plan_.routes.size());
          t.node = plan_.floorplan.tile_nodes[t.tile];
          t.mapped_layer = static_cast<int>(mi);
          t.layer = m.layer;
          t.layer_name = l.name;
          t.replica = r;
          t.row_block = rb;
          t.col_block = cb;
          t.row_begin = rb * plan_.tile_rows;
          t.row_end = std::min(m.packed_rows(), t.row_begin + plan_.tile_rows);
          t.col_begin = cb * plan_.tile_cols;
          t.col_end = std::min(m.packed_cols(), t.col_begin + plan_.tile_cols);
          t.partial_sum = m.row_blocks > 1;
          m.tiles.push_back(t.tile);
          plan_.routes.push_back(std::move(t));
        }
      }
    }
  }

  // Where each replica's whole output vector is complete (the same site choice as below).
  for (std::size_t mi = 0; mi < plan_.layers.size(); ++mi) {
    MappedLayer& m = plan_.layers[mi];
    for (int r = 0; r < m.replicas; ++r) {
      Reduction probe;
      if (needs_gather(static_cast<int>(mi))) {
        probe.tiles.assign(m.tiles.begin() + static_cast<std::ptrdiff_t>(r) * m.blocks(),
                           m.tiles.begin() + static_cast<std::ptrdiff_t>(r + 1) * m.blocks());
      } else if (m.col_blocks == 1) {
        for (int rb = 0; rb < m.row_blocks; ++rb) probe.tiles.push_back(m.tile_of(r, rb, 0));
      }
      if (probe.tiles.empty()) {
        m.output_nodes.push_back(-1);
      } else if (probe.tiles.size() == 1) {
        m.output_nodes.push_back(plan_.floorplan.tile_nodes[probe.tiles[0]]);
      } else {
        choose_site(probe);
        m.output_nodes.push_back(probe.node);
      }
    }
  }

  // Reductions and destinations.
  for (std::size_t mi = 0; mi < plan_.layers.size(); ++mi) {
    MappedLayer& m = plan_.layers[mi];
    const Layer& l = g_.layers[m.layer];
    const bool gather = needs_gather(static_cast<int>(mi));
    const int F = features_of(static_cast<int>(mi));
    for (int r = 0; r < m.replicas; ++r) {
      int gather_id = -1;
      if (gather) {
        Reduction gr;
        gr.id = static_cast<int>(plan_.reductions.size());
        gr.kind = Reduction::Kind::kGather;
        gr.mapped_layer = static_cast<int>(mi);
        gr.replica = r;
        gr.col_begin = 0;
        gr.col_end = m.packed_cols();
        for (int cb = 0; cb < m.col_blocks; ++cb) {
          for (int rb = 0; rb < m.row_blocks; ++rb) gr.tiles.push_back(m.tile_of(r, rb, cb));
        }
        choose_site(gr);
        gr.outputs = destinations(static_cast<int>(mi), 0, F);
        if (l.op == OpKind::kLstm) {
          const int I = l.lstm().input_size;
          Destination rec = to_tiles(static_cast<int>(mi), r, I, I + l.lstm().hidden_size);
          rec.recurrent = true;
          gr.outputs.insert(gr.outputs.begin(), rec);
        }
        gather_id = gr.id;
        m.gathers.push_back(gather_id);
        plan_.reductions.push_back(std::move(gr));
      }
      for (int cb = 0; cb < m.col_blocks; ++cb) {
        const int c0 = cb * plan_.tile_cols, c1 = std::min(m.packed_cols(), c0 + plan_.tile_cols);
        int f0 = 0, f1 = 0;  // the output features these (packed) columns span
        matrix_col_range(m, c0, c1, f0, f1);
        int target = gather_id;
        if (m.row_blocks > 1) {
          Reduction sr;
          sr.id = static_cast<int>(plan_.reductions.size());
          sr.kind = Reduction::Kind::kSum;
          sr.mapped_layer = static_cast<int>(mi);
          sr.replica = r;
          sr.col_block = cb;
          sr.col_begin = c0;
          sr.col_end = c1;
          for (int rb = 0; rb < m.row_blocks; ++rb) sr.tiles.push_back(m.tile_of(r, rb, cb));
          choose_site(sr);
          if (gather_id >= 0) {
            sr.gather = gather_id;
            plan_.reductions[gather_id].inputs.push_back(sr.id);
          } else {
            sr.outputs = destinations(static_cast<int>(mi), f0, f1);
          }
          target = sr.id;
          plan_.reductions.push_back(std::move(sr));
        }
        for (int rb = 0; rb < m.row_blocks; ++rb) {
          TileRoute& t = plan_.routes[static_cast<std::size_t>(
              route_of_tile_[static_cast<std::size_t>(m.tile_of(r, rb, cb))])];
          if (target >= 0) {
            t.reduction = target;
            t.reduction_node = plan_.reductions[target].node;
          } else {
            t.outputs = destinations(static_cast<int>(mi), f0, f1);
          }
        }
      }
    }
  }
  for (int d : host_sinks_) {
    int r0 = 0, r1 = 0;
    rows_fed(-1, d, 0, 0, r0, r1);
    for (int r = 0; r < plan_.layers[d].replicas; ++r)
      plan_.input.push_back(to_tiles(d, r, r0, r1));
  }
  add_operand_destinations(-1, 0, static_cast<int>(numel(g_.input_shape)), plan_.input);
  std::sort(plan_.routes.begin(), plan_.routes.end(),
            [](const TileRoute& a, const TileRoute& b) { return a.tile < b.tile; });
  return std::move(plan_);
}

}  // namespace

MappingPlan map_workload(const WorkloadGraph& g, const config::ChipConfig& cfg,
                         const MapperOptions& options) {
  MappingPlan plan = Mapper(g, cfg, options).run();
  fuse_readout_activations(g, cfg, plan);  // compiler/readout_activation.h
  return plan;
}

}  // namespace kirchhoff
