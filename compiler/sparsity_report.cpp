#include "compiler/sparsity_report.h"

#include <cstdio>

namespace kirchhoff {
namespace {

struct LayerSaving {
  int dense_tiles = 0, tiles = 0;
  double weights = 0;  // non-zero weights held, over all replicas
};

LayerSaving saving(const MappedLayer& m) {
  LayerSaving s;
  s.dense_tiles = m.dense_blocks * m.replicas;
  s.tiles = m.blocks() * m.replicas;
  s.weights = static_cast<double>(m.nonzero_weights) * m.replicas;
  return s;
}

double share(double cells, int tiles, const MappingPlan& p) {
  const double capacity = static_cast<double>(tiles) * p.tile_rows * p.tile_cols;
  return capacity > 0 ? cells / capacity : 0.0;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string cell(std::string s, std::size_t w, bool left = false) {
  if (s.size() < w) s.insert(left ? s.size() : 0, w - s.size(), ' ');
  return s;
}

}  // namespace

int dense_tiles(const MappingPlan& plan) {
  int n = 0;
  for (const auto& m : plan.layers) n += m.dense_blocks * m.replicas;
  return n;
}

std::string sparsity_text(const MappingPlan& p) {
  bool packed = false;
  for (const auto& m : p.layers) packed = packed || !m.kept_rows.empty();
  if (!packed) return "";
  std::string s = "sparsity: all-zero rows and columns dropped (mapper.sparsity=auto)\n";
  s += cell("layer", 16, true) + cell("kept rows", 12) + cell("kept cols", 12) +
       cell("dense tiles", 12) + cell("tiles", 7) + cell("saved", 7) +
       cell("non-zero % dense -> packed", 28) + "\n";
  double weights = 0;
  for (const auto& m : p.layers) {
    const LayerSaving l = saving(m);
    weights += l.weights;
    s += cell(m.name, 16, true) +
         cell(std::to_string(m.packed_rows()) + "/" + std::to_string(m.rows), 12) +
         cell(std::to_string(m.packed_cols()) + "/" + std::to_string(m.cols), 12) +
         cell(std::to_string(l.dense_tiles), 12) + cell(std::to_string(l.tiles), 7) +
         cell(std::to_string(l.dense_tiles - l.tiles), 7) +
         cell(fmt("%.1f", 100 * share(l.weights, l.dense_tiles, p)) + " -> " +
                  fmt("%.1f", 100 * share(l.weights, l.tiles, p)),
              28) +
         "\n";
  }
  const int dense = dense_tiles(p);
  s += cell("total", 16, true) + cell("", 12) + cell("", 12) + cell(std::to_string(dense), 12) +
       cell(std::to_string(p.tiles_used), 7) + cell(std::to_string(dense - p.tiles_used), 7) +
       cell(fmt("%.1f", 100 * share(weights, dense, p)) + " -> " +
                fmt("%.1f", 100 * share(weights, p.tiles_used, p)),
            28) +
       "\n";
  return s;
}

nlohmann::ordered_json sparsity_json(const MappingPlan& p) {
  nlohmann::ordered_json j;
  const int dense = dense_tiles(p);
  double weights = 0;
  auto layers = nlohmann::ordered_json::array();
  for (const auto& m : p.layers) {
    const LayerSaving s = saving(m);
    weights += s.weights;
    nlohmann::ordered_json l;
    l["name"] = m.name;
    l["kept_rows"] = m.packed_rows();
    l["rows"] = m.rows;
    l["kept_cols"] = m.packed_cols();
    l["cols"] = m.cols;
    l["dense_tiles"] = s.dense_tiles;
    l["tiles"] = s.tiles;
    l["tiles_saved"] = s.dense_tiles - s.tiles;
    l["nonzero_weights"] = m.nonzero_weights;
    l["dense_weight_utilisation"] = share(s.weights, s.dense_tiles, p);
    l["weight_utilisation"] = share(s.weights, s.tiles, p);
    layers.push_back(std::move(l));
  }
  j["dense_tiles"] = dense;
  j["tiles_used"] = p.tiles_used;
  j["tiles_saved"] = dense - p.tiles_used;
  j["dense_weight_utilisation"] = share(weights, dense, p);
  j["weight_utilisation"] = share(weights, p.tiles_used, p);
  j["layers"] = std::move(layers);
  return j;
}

}  // namespace kirchhoff
