// The figures of one run, computed from the recorder's totals (the events the modules
// recorded) and the host's per-sample observations; written as DIR/summary.json.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/chip_config.h"
#include "report/efficiency_levels.h"
#include "report/latency_histogram.h"
#include "report/layer_figures.h"
#include "traces/recorder.h"

namespace kirchhoff {

// One analog tile's share of a run, from the events it recorded.
struct TileFigures {
  int tile = 0;       // tile index (chip order)
  std::string name;   // component name, "chip.tile3"
  std::string layer;  // the layer whose weights it holds ("" when not known)
  std::uint64_t mvms = 0;
  double mvm_busy_ns = 0;   // sum of its MVM durations
  double utilisation = 0;   // mvm_busy_ns / inference span (0..1)
  traces::EnergyPj energy;  // its own events: array, DAC, ADC, programming, static, ...
};

struct RunSummary {
  std::string chip;
  std::uint64_t seed = 0;
  int samples = 0;
  double sim_time_ns = 0;
  double wall_s = 0;  // wall-clock: the only field that differs between equal runs
  double programming_time_ns = 0;
  double latency_first_ns = 0, latency_mean_ns = 0, latency_p50_ns = 0, latency_p99_ns = 0;
  LatencyHistogram latency_histogram;  // the samples' latencies in equal-width bins
  double throughput_samples_per_s = 0;
  // Analog MVM ops in the inference span: 2 x the MACs of the mapped weights (rows_used x
  // cols_used per MVM, not the padded crossbar); DPU element operations are not ops.
  std::uint64_t ops = 0;
  std::uint64_t mvms = 0;
  double tops = 0;        // = chip_level.tops
  double tops_per_w = 0;  // = chip_level.tops_per_w
  // Efficiency over the inference span at three levels (report/efficiency_levels.h).
  EfficiencyLevel tile_level, chip_level, system_level;
  ProgrammingFigures programming;  // the weight upload: never in an inference level
  traces::EnergyPj energy;         // by category, programming and static included
  double output_rel_l2_error = 0;  // ||y_chip - y_ref|| / ||y_ref|| over all samples
  double output_max_abs_error = 0;
  double inference_span_ns = 0;    // programming done -> last output received
  std::vector<TileFigures> tiles;  // tiles that recorded MVMs or programming, by index
  double tile_utilisation_mean = 0, tile_utilisation_max = 0;  // over `tiles`
  // Per executed weight layer, in execution order (report/layer_figures.h); empty for runs
  // without a workload host. The layers' latency_ns plus output_read_ns (the mean time of the
  // host's read of a sample's result) add up to latency_mean_ns.
  std::vector<LayerFigures> layers;
  double output_read_ns = 0;
};

// Percentile (0..100) by the nearest-rank method of a copy of v.
double percentile(std::vector<double> v, double pct);

// The network outputs' error against the reference, accumulated over the samples (in sample
// order, value by value): sums of squared errors and of squared references, the largest
// absolute error.
struct OutputErrorSums {
  double err2 = 0, ref2 = 0, max_abs = 0;
};

// Energies and ops from the recorder's totals and phase totals (the host marked the phases).
RunSummary summarise(const config::ChipConfig& cfg, const traces::Recorder& recorder,
                     const std::vector<double>& latencies_ns, double programming_done_ns,
                     double inference_done_ns, double sim_time_ns, const OutputErrorSums& errors);

// Fills s.tiles and the utilisation figures from the recorder: the components of category
// "tile" are the chip's tiles in index order (chip/chip.cpp creates them so). `tile_layers`
// names the layer of each tile index (may be shorter or empty). Needs s.inference_span_ns.
void add_tile_figures(RunSummary& s, const traces::Recorder& recorder,
                      const std::vector<std::string>& tile_layers = {});

nlohmann::ordered_json to_json(const RunSummary& s);
std::string to_text(const RunSummary& s);

}  // namespace kirchhoff
