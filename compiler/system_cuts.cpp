#include "compiler/system_cuts.h"

#include <algorithm>
#include <set>

#include "compiler/system_partition.h"
#include "workloads/workload_error.h"

namespace kirchhoff {

bool is_input_view(const WorkloadGraph& g, int layer) {
  for (int l = layer; l != Layer::kGraphInput;) {
    const Layer& x = g.layers.at(static_cast<std::size_t>(l));
    if (x.op != OpKind::kSlice && x.op != OpKind::kReshape && x.op != OpKind::kFlatten)
      return false;
    l = x.inputs.at(0);
  }
  return true;
}

bool is_block_input(const WorkloadGraph& g, int layer, int weight_layer) {
  return g.layers.at(static_cast<std::size_t>(layer)).op == OpKind::kSlice &&
         g.consumers(layer) == std::vector<int>{weight_layer};
}

std::vector<int> cut_positions(const WorkloadGraph& g) {
  std::vector<int> cuts;
  const int out = g.output_layer();
  bool weights_before = false;
  for (int c = 0; c <= out; ++c) {
    if (!has_crossbar_weights(g.layers[static_cast<std::size_t>(c)].op)) continue;
    int p = c;                                     // the input views just before c go with it
    while (p > 0 && is_input_view(g, p - 1)) --p;  // never past an earlier weight layer
    if (p == c && p > 0 && is_block_input(g, p - 1, c)) --p;
    if (weights_before && (cuts.empty() || cuts.back() < p)) cuts.push_back(p);
    weights_before = true;
  }
  return cuts;
}

std::vector<int> tensors_read_across(const WorkloadGraph& g, int p, int end) {
  std::set<int> t;
  for (int l = p; l < end; ++l)
    for (int in : g.layers.at(static_cast<std::size_t>(l)).inputs)
      if (in < p) t.insert(in);  // kGraphInput (-1) sorts first
  return {t.begin(), t.end()};
}

std::vector<int> tensors_leaving(const WorkloadGraph& g, int first, int p) {
  std::set<int> t;
  const int out = g.output_layer();
  for (int l = p; l <= out; ++l)
    for (int in : g.layers.at(static_cast<std::size_t>(l)).inputs)
      if (in >= first && in < p) t.insert(in);
  return {t.begin(), t.end()};
}

ShareGraph share_graph(const WorkloadGraph& g, int first, int end, int out) {
  ShareGraph r;
  r.inputs = tensors_read_across(g, first, end);
  const bool only_input = r.inputs.empty() || r.inputs == std::vector<int>{Layer::kGraphInput};
  if (first == 0 || r.inputs == std::vector<int>{first - 1} || only_input) {
    // One tensor: the previous layer's output (slice_graph), or the graph input itself.
    if (first > 0 && !only_input) {
      r.graph = slice_graph(g, first, end);
    } else {
      r.graph.name = g.name;
      r.graph.source = g.source;
      r.graph.input_name = g.input_name;
      r.graph.input_shape = g.input_shape;
      for (int l = first; l < end; ++l) {
        Layer layer = g.layers.at(static_cast<std::size_t>(l));
        for (int& in : layer.inputs)
          if (in != Layer::kGraphInput) in -= first;
        r.graph.layers.push_back(std::move(layer));
      }
      const int go = g.output_layer();
      r.graph.output = go >= first && go < end ? go - first : -1;
    }
    for (int l = first; l < end; ++l) r.layer_of.push_back(l);
    if (out != end - 1) r.graph.output = out - first;
    return r;
  }
  // Several tensors: one input vector, a Slice and a Reshape per tensor.
  WorkloadGraph& s = r.graph;
  s.name = g.name;
  s.source = g.source;
  std::int64_t total = 0;
  for (int t : r.inputs) total += numel(g.shape_of(t));
  s.input_name = "crossing";
  for (int t : r.inputs) s.input_name += "+" + (t < 0 ? g.input_name : g.layers.at(t).name);
  s.input_shape = {1, total};
  std::vector<int> index_of(static_cast<std::size_t>(end), -1);  // graph layer -> s's layer
  int graph_input_view = -1;
  std::int64_t at = 0;
  for (int t : r.inputs) {
    const std::int64_t n = numel(g.shape_of(t));
    const std::string name = t < 0 ? g.input_name : g.layers.at(static_cast<std::size_t>(t)).name;
    Layer slice;
    slice.name = name + "/slice";
    slice.op = OpKind::kSlice;
    slice.inputs = {Layer::kGraphInput};
    slice.shape = {1, n};
    slice.params = SliceOp{1, at, at + n};
    s.layers.push_back(std::move(slice));
    Layer view;
    view.name = name;
    view.op = OpKind::kReshape;
    view.inputs = {static_cast<int>(s.layers.size()) - 1};
    view.shape = g.shape_of(t);
    view.params = ReshapeOp{g.shape_of(t)};
    s.layers.push_back(std::move(view));
    r.layer_of.push_back(-1);
    r.layer_of.push_back(-1);
    (t < 0 ? graph_input_view : index_of[static_cast<std::size_t>(t)]) =
        static_cast<int>(s.layers.size()) - 1;
    at += n;
  }
  for (int l = first; l < end; ++l) {
    Layer layer = g.layers.at(static_cast<std::size_t>(l));
    for (int& in : layer.inputs)
      in = in < 0 ? graph_input_view : index_of[static_cast<std::size_t>(in)];
    index_of[static_cast<std::size_t>(l)] = static_cast<int>(s.layers.size());
    s.layers.push_back(std::move(layer));
    r.layer_of.push_back(l);
  }
  s.output = index_of.at(static_cast<std::size_t>(out));
  return r;
}

}  // namespace kirchhoff
