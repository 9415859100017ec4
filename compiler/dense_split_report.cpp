#include "compiler/dense_split_report.h"

namespace kirchhoff {
namespace {

std::string chip_name(const config::SystemConfig& sys, const SystemPartition& p, int share) {
  if (share < 0) return "host";
  return sys.chips.at(static_cast<std::size_t>(p.shares.at(static_cast<std::size_t>(share)).chip))
      .name;
}

}  // namespace

int share_of_layer(const WorkloadGraph& graph, const SystemPartition& p, const std::string& name) {
  const int l = graph.find(name);
  for (std::size_t s = 0; s < p.shares.size(); ++s)
    if (l >= p.shares[s].first_layer && l < p.shares[s].end_layer) return static_cast<int>(s);
  return -1;
}

std::vector<PartialSumCrossing> partial_sum_crossings(const DenseSplit& split,
                                                      const WorkloadGraph& graph,
                                                      const SystemPartition& p) {
  std::vector<PartialSumCrossing> r;
  // The sum of blocks 0..i enters the chip of block i + 1 (D/block0, then D/sum1, ...).
  for (std::size_t i = 0; i + 1 < split.blocks.size(); ++i) {
    const std::string sum = i == 0 ? split.blocks[0].name : split.sums.at(i - 1);
    const int to = share_of_layer(graph, p, split.blocks[i + 1].name);
    if (to < 0) continue;
    for (const CrossingTensor& t : p.shares[static_cast<std::size_t>(to)].inputs) {
      if (t.name != sum) continue;
      r.push_back({sum, t.from_share, to, t.values, t.bytes});
    }
  }
  return r;
}

std::string split_text(const config::SystemConfig& sys, const SplitGraph& split,
                       const SystemPartition& p) {
  if (split.splits.empty()) return "";
  std::string out =
      "Dense layers split across chips by input rows (a running partial sum crosses each link "
      "between their blocks; bias and activation after the complete sum):\n";
  for (const DenseSplit& d : split.splits) {
    out += "  " + d.layer + " (" + std::to_string(d.rows) + " x " + std::to_string(d.cols) +
           " weights): " + std::to_string(d.blocks.size()) + " blocks, complete sum on " +
           chip_name(sys, p, share_of_layer(split.graph, p, d.layer)) + "\n";
    for (const DenseBlock& b : d.blocks)
      out += "    " + b.name + " rows " + std::to_string(b.row_begin) + ".." +
             std::to_string(b.row_end - 1) + " (" + std::to_string(b.tiles) + " tiles) on " +
             chip_name(sys, p, share_of_layer(split.graph, p, b.name)) + "\n";
    for (const PartialSumCrossing& c : partial_sum_crossings(d, split.graph, p))
      out += "    partial sum " + c.name + " " + chip_name(sys, p, c.from_share) + " -> " +
             chip_name(sys, p, c.to_share) + ": " + std::to_string(c.values) + " values, " +
             std::to_string(c.bytes) + " bytes per inference\n";
  }
  return out;
}

nlohmann::ordered_json split_json(const config::SystemConfig& sys, const SplitGraph& split,
                                  const SystemPartition& p) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const DenseSplit& d : split.splits) {
    nlohmann::ordered_json j;
    j["layer"] = d.layer;
    j["rows"] = d.rows;
    j["cols"] = d.cols;
    j["sum_chip"] = chip_name(sys, p, share_of_layer(split.graph, p, d.layer));
    nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
    for (const DenseBlock& b : d.blocks) {
      nlohmann::ordered_json bj;
      bj["name"] = b.name;
      bj["row_begin"] = b.row_begin;
      bj["row_end"] = b.row_end;
      bj["tiles"] = b.tiles;
      bj["chip"] = chip_name(sys, p, share_of_layer(split.graph, p, b.name));
      blocks.push_back(bj);
    }
    j["blocks"] = blocks;
    nlohmann::ordered_json sums = nlohmann::ordered_json::array();
    for (const PartialSumCrossing& c : partial_sum_crossings(d, split.graph, p)) {
      nlohmann::ordered_json cj;
      cj["name"] = c.name;
      cj["from"] = chip_name(sys, p, c.from_share);
      cj["to"] = chip_name(sys, p, c.to_share);
      cj["values"] = c.values;
      cj["bytes"] = c.bytes;
      sums.push_back(cj);
    }
    j["partial_sums"] = sums;
    a.push_back(j);
  }
  return a;
}

}  // namespace kirchhoff
