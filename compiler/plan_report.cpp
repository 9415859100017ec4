#include "compiler/plan_report.h"

#include <cstdio>

#include "compiler/sparsity_report.h"

namespace kirchhoff {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

std::string lpad(std::string s, std::size_t w) {
  if (s.size() < w) s.insert(0, w - s.size(), ' ');
  return s;
}

std::string tile_ranges(const std::vector<int>& tiles) {
  std::string s;
  for (std::size_t i = 0; i < tiles.size();) {
    std::size_t j = i;
    while (j + 1 < tiles.size() && tiles[j + 1] == tiles[j] + 1) ++j;
    s += (s.empty() ? "" : ",") + std::to_string(tiles[i]);
    if (j > i) s += "-" + std::to_string(tiles[j]);
    i = j + 1;
  }
  return s;
}

nlohmann::ordered_json destination_json(const Destination& d) {
  nlohmann::ordered_json j;
  if (d.kind == Destination::Kind::kHost) {
    j["kind"] = "host";
    j["host_port"] = d.host_port;
    j["node"] = d.host_node;
    j["range"] = {d.row_begin, d.row_end};
    return j;
  }
  if (d.kind == Destination::Kind::kOperand) {
    j["kind"] = "operand";
    j["mapped_layer"] = d.mapped_layer;
    j["replica"] = d.replica;
    j["operand_layer"] = d.operand_layer;
    j["node"] = d.node;
    j["range"] = {d.row_begin, d.row_end};
    return j;
  }
  j["kind"] = d.recurrent ? "recurrent" : "tiles";
  j["mapped_layer"] = d.mapped_layer;
  j["replica"] = d.replica;
  j["rows"] = {d.row_begin, d.row_end};
  j["tiles"] = d.tiles;
  j["nodes"] = d.nodes;
  return j;
}

nlohmann::ordered_json destinations_json(const std::vector<Destination>& ds) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& d : ds) a.push_back(destination_json(d));
  return a;
}

}  // namespace

std::string plan_text(const MappingPlan& p) {
  std::string s = "workload " + p.workload + ": " + std::to_string(p.tiles_used) + " of " +
                  std::to_string(p.chip_tiles) + " tiles (" + std::to_string(p.tile_rows) + " x " +
                  std::to_string(p.tile_cols) + "), " + std::to_string(p.reductions.size()) +
                  " reduction sites, " + std::to_string(p.global_dpus) + " global DPUs\n";
  s += pad("layer", 16) + pad("op", 8) + pad("kind", 8) + lpad("matrix", 12) + lpad("blocks", 8) +
       lpad("repl", 6) + lpad("tiles", 7) + lpad("rows %", 8) + lpad("cols %", 8) +
       lpad("cells %", 9) + lpad("mvm/smp", 9) + lpad("pack", 6) + "  tile ids\n";
  long long cells_used = 0, weights = 0;
  int blocks = 0;
  for (const auto& m : p.layers) {
    const std::string matrix = std::to_string(m.rows) + "x" + std::to_string(m.cols);
    const std::string b = std::to_string(m.row_blocks) + "x" + std::to_string(m.col_blocks);
    s += pad(m.name, 16) + pad(to_string(m.op), 8) + pad(to_string(m.kind), 8) + lpad(matrix, 12) +
         lpad(b, 8) + lpad(std::to_string(m.replicas), 6) +
         lpad(std::to_string(m.tiles.size()), 7) + lpad(fmt("%.1f", 100 * m.row_utilisation), 8) +
         lpad(fmt("%.1f", 100 * m.col_utilisation), 8) +
         lpad(fmt("%.1f", 100 * m.cell_utilisation), 9) +
         lpad(std::to_string(m.mvms_per_sample), 9) + lpad(std::to_string(m.packing), 6) + "  " +
         tile_ranges(m.tiles) + "\n";
    cells_used +=
        static_cast<long long>(m.packed_rows()) * m.packed_cols() * m.replicas * m.packing;
    weights += static_cast<long long>(m.rows) * m.cols;
    blocks += m.blocks() * m.replicas;
  }
  const double cells = static_cast<double>(p.tiles_used) * p.tile_rows * p.tile_cols;
  s += pad("total", 16) + pad("", 8) + lpad(std::to_string(weights) + " w", 12) +
       lpad(std::to_string(blocks), 8) + lpad("", 6) + lpad(std::to_string(p.tiles_used), 7) +
       lpad("", 8) + lpad("", 8) +
       lpad(fmt("%.1f", cells > 0 ? 100.0 * static_cast<double>(cells_used) / cells : 0.0), 9) +
       "\n";
  bool calibrated = false;
  for (const auto& m : p.layers) calibrated = calibrated || m.dac_range > 0.0f;
  if (calibrated) {
    s += "DAC input range per layer (calibrated):";
    for (const auto& m : p.layers) s += " " + m.name + " " + fmt("%.6g", m.dac_range);
    s += "\n";
  }
  bool adc_calibrated = false;
  for (const auto& m : p.layers) adc_calibrated = adc_calibrated || m.adc_range > 0.0f;
  if (adc_calibrated) {
    s += "ADC full scale per layer (calibrated; 0: tile.adc.bound):";
    for (const auto& m : p.layers) s += " " + m.name + " " + fmt("%.6g", m.adc_range);
    s += "\n";
  }
  std::string fused;  // compiler/readout_activation.h
  for (const auto& m : p.layers)
    if (m.readout_activation_layer >= 0) fused += " " + m.name;
  if (!fused.empty()) s += "Relu in the duration readout (no DPU op):" + fused + "\n";
  s += sparsity_text(p);
  s += "chip tile utilisation: " +
       fmt("%.1f", p.chip_tiles > 0 ? 100.0 * p.tiles_used / p.chip_tiles : 0.0) + " %\n";
  return s;
}

nlohmann::ordered_json plan_json(const MappingPlan& p) {
  nlohmann::ordered_json j;
  j["workload"] = p.workload;
  j["tile"] = {{"rows", p.tile_rows}, {"cols", p.tile_cols}};
  j["chip_tiles"] = p.chip_tiles;
  j["tiles_used"] = p.tiles_used;
  j["global_dpus"] = p.global_dpus;
  j["host"] = {{"port", p.host_port}, {"node", p.host_node}};
  j["pre_ops"] = p.pre_ops;
  j["input"] = destinations_json(p.input);
  j["output_mapped_layer"] = p.output_mapped_layer;
  auto layers = nlohmann::ordered_json::array();
  for (const auto& m : p.layers) {
    nlohmann::ordered_json l;
    l["name"] = m.name;
    l["layer"] = m.layer;
    l["op"] = to_string(m.op);
    l["kind"] = to_string(m.kind);  // analog or digital tiles (compiler/layer_placement.h)
    l["rows"] = m.rows;
    l["cols"] = m.cols;
    l["row_blocks"] = m.row_blocks;
    l["col_blocks"] = m.col_blocks;
    l["replicas"] = m.replicas;
    l["tiles"] = m.tiles;
    l["mvms_per_sample"] = m.mvms_per_sample;
    l["packing"] = m.packing;
    if (m.dac_range > 0.0f) l["dac_range"] = m.dac_range;
    if (m.adc_range > 0.0f) l["adc_range"] = m.adc_range;
    if (m.readout_activation_layer >= 0) {  // the Relu fused into the duration readout
      l["readout_activation"] = "relu";
      l["readout_activation_layer"] = m.readout_activation_layer;
    }
    l["row_utilisation"] = m.row_utilisation;
    l["col_utilisation"] = m.col_utilisation;
    l["cell_utilisation"] = m.cell_utilisation;
    l["post_ops"] = m.post_ops;
    l["sources"] = m.sources;
    l["gathers"] = m.gathers;
    l["output_nodes"] = m.output_nodes;
    layers.push_back(std::move(l));
  }
  j["layers"] = std::move(layers);
  auto routes = nlohmann::ordered_json::array();
  for (const auto& t : p.routes) {
    nlohmann::ordered_json r;
    r["tile"] = t.tile;
    r["node"] = t.node;
    r["layer"] = t.layer_name;
    r["mapped_layer"] = t.mapped_layer;
    r["replica"] = t.replica;
    r["block"] = {t.row_block, t.col_block};
    r["rows"] = {t.row_begin, t.row_end};
    r["cols"] = {t.col_begin, t.col_end};
    r["partial_sum"] = t.partial_sum;
    if (t.reduction >= 0) {
      r["reduction"] = t.reduction;
      r["reduction_node"] = t.reduction_node;
    } else {
      r["outputs"] = destinations_json(t.outputs);
    }
    routes.push_back(std::move(r));
  }
  j["routes"] = std::move(routes);
  auto reds = nlohmann::ordered_json::array();
  for (const auto& rd : p.reductions) {
    nlohmann::ordered_json r;
    r["id"] = rd.id;
    r["kind"] = rd.kind == Reduction::Kind::kSum ? "sum" : "gather";
    r["mapped_layer"] = rd.mapped_layer;
    r["replica"] = rd.replica;
    r["col_block"] = rd.col_block;
    r["cols"] = {rd.col_begin, rd.col_end};
    r["site"] = to_string(rd.site);
    r["site_index"] = rd.site_index;
    r["node"] = rd.node;
    r["tiles"] = rd.tiles;
    r["inputs"] = rd.inputs;
    if (rd.gather >= 0) {
      r["gather"] = rd.gather;
    } else {
      r["outputs"] = destinations_json(rd.outputs);
    }
    reds.push_back(std::move(r));
  }
  j["reductions"] = std::move(reds);
  j["sparsity"] = sparsity_json(p);
  return j;
}

}  // namespace kirchhoff
