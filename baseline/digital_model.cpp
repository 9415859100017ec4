#include "baseline/digital_model.h"

#include <algorithm>
#include <stdexcept>

#include "config/config_error.h"
#include "workloads/workload_error.h"

namespace kirchhoff::baseline {

const char* to_string(Bound b) {
  switch (b) {
    case Bound::kCompute:
      return "compute";
    case Bound::kSram:
      return "sram";
    case Bound::kDram:
      return "dram";
  }
  return "?";
}

namespace {

constexpr double kMib = 1024.0 * 1024.0;

// ns to move `bytes` at `bytes_per_ns`; 0 when the bandwidth is no limit (0).
double transfer_ns(double bytes, double bytes_per_ns) {
  return bytes_per_ns > 0 ? bytes / bytes_per_ns : 0.0;
}

}  // namespace

BaselineResult run_baseline(const WorkloadGraph& graph, const AcceleratorConfig& acc,
                            Precision precision, int batch) {
  if (batch < 1) {
    throw std::invalid_argument("baseline: batch " + std::to_string(batch) +
                                " is not allowed; allowed: integer >= 1");
  }
  const PrecisionFigures& fig = acc.figures(precision);
  const std::string p = to_string(precision);
  if (fig.peak_tops <= 0) {
    throw config::ConfigError(config::Location{acc.source},
                              "accelerator '" + acc.name + "' has no " + p +
                                  " arithmetic (accelerator." + p +
                                  ".peak_tops is 0); allowed: a precision with a peak > 0");
  }
  const int b = bytes_per_value(precision);
  BaselineResult r;
  r.accelerator = acc.name;
  r.source = acc.source;
  r.workload = graph.name;
  r.precision = precision;
  r.batch = batch;
  r.sram_capacity_bytes = acc.sram_capacity_mib * kMib;
  r.layer_overhead_ns = acc.layer_overhead_ns;
  for (const Layer& l : graph.layers) {
    if (!has_crossbar_weights(l.op)) continue;
    LayerBaseline lb;
    lb.name = l.name;
    lb.op = to_string(l.op);
    const std::int64_t rows = l.matrix_rows(), cols = l.matrix_cols();
    lb.macs_per_sample = static_cast<std::int64_t>(l.mvms_per_sample()) * rows * cols;
    lb.weight_bytes = rows * cols * b;
    const Shape& in = graph.shape_of(l.inputs.empty() ? Layer::kGraphInput : l.inputs[0]);
    lb.activation_bytes_per_sample = (numel(in) + numel(l.shape)) * b;
    r.weight_bytes += lb.weight_bytes;
    r.macs_per_sample += lb.macs_per_sample;
    r.layers.push_back(std::move(lb));
  }
  if (r.layers.empty()) {
    throw WorkloadError(graph.name +
                        ": no weight layer (Dense, Conv2d, LSTM); the baseline "
                        "counts the MACs of weight layers");
  }
  r.weights_fit = static_cast<double>(r.weight_bytes) <= r.sram_capacity_bytes;
  if (!r.weights_fit && acc.dram_bandwidth_gb_per_s <= 0) {
    throw config::ConfigError(
        config::Location{acc.source},
        graph.name + ": the weights need " + std::to_string(r.weight_bytes) + " bytes in " + p +
            ", accelerator '" + acc.name + "' holds " +
            std::to_string(static_cast<std::int64_t>(r.sram_capacity_bytes)) +
            " bytes of SRAM (accelerator.sram.capacity_mib) and has no off-chip memory "
            "(accelerator.dram.bandwidth_gb_per_s is 0); allowed: a model that fits");
  }
  const double B = batch;
  const double ops_per_ns = fig.peak_tops * 1e3 * acc.utilisation;  // TOPS = 1e3 ops/ns
  const double sram_bytes_per_ns = acc.sram_bandwidth_tb_per_s * 1e3;
  const double dram_bytes_per_ns = acc.dram_bandwidth_gb_per_s;
  const double static_pj_per_ns = acc.static_power_w * 1e3;  // 1 W = 1e3 pJ/ns
  double tile_pj = 0, chip_pj = 0, system_pj = 0;
  for (LayerBaseline& lb : r.layers) {
    const double weights = static_cast<double>(lb.weight_bytes);
    lb.sram_bytes = (r.weights_fit ? weights : 0.0) + B * lb.activation_bytes_per_sample;
    lb.dram_bytes = r.weights_fit ? 0.0 : weights;
    lb.compute_time_ns = B * static_cast<double>(lb.macs_per_sample) * 2.0 / ops_per_ns;
    lb.sram_time_ns = transfer_ns(lb.sram_bytes, sram_bytes_per_ns);
    lb.dram_time_ns = transfer_ns(lb.dram_bytes, dram_bytes_per_ns);
    double roof_ns = lb.compute_time_ns;
    if (lb.sram_time_ns > roof_ns) {
      roof_ns = lb.sram_time_ns;
      lb.bound = Bound::kSram;
    }
    if (lb.dram_time_ns > roof_ns) {
      roof_ns = lb.dram_time_ns;
      lb.bound = Bound::kDram;
    }
    lb.time_ns = acc.layer_overhead_ns + roof_ns;
    lb.mac_energy_pj = B * static_cast<double>(lb.macs_per_sample) * fig.energy_per_mac_pj;
    lb.sram_energy_pj = lb.sram_bytes * acc.sram_energy_per_byte_pj;
    lb.dram_energy_pj = lb.dram_bytes * acc.dram_energy_per_byte_pj;
    lb.static_energy_pj = lb.time_ns * static_pj_per_ns;
    r.batch_time_ns += lb.time_ns;
    tile_pj += lb.mac_energy_pj + lb.sram_energy_pj;
    chip_pj += lb.static_energy_pj;
    system_pj += lb.dram_energy_pj;
  }
  // The network's input and output cross the off-chip interface (none without DRAM).
  const int last = graph.output_layer();
  if (acc.dram_bandwidth_gb_per_s > 0) {
    r.io_bytes =
        B * static_cast<double>(numel(graph.input_shape) + numel(graph.shape_of(last))) * b;
    r.io_time_ns = transfer_ns(r.io_bytes, dram_bytes_per_ns);
    r.io_energy_pj = r.io_bytes * acc.dram_energy_per_byte_pj;
    r.io_static_energy_pj = r.io_time_ns * static_pj_per_ns;
  }
  r.overhead_time_ns = acc.inference_overhead_ns;
  r.overhead_static_energy_pj = r.overhead_time_ns * static_pj_per_ns;
  r.batch_time_ns += r.io_time_ns + r.overhead_time_ns;
  chip_pj += tile_pj + r.io_static_energy_pj + r.overhead_static_energy_pj;
  system_pj += chip_pj + r.io_energy_pj;
  r.batch_energy_pj = system_pj;
  r.energy_per_inference = {tile_pj / B, chip_pj / B, system_pj / B};
  r.latency_ns = r.batch_time_ns;
  r.throughput_samples_per_s = B / (r.batch_time_ns * 1e-9);
  const double ops = 2.0 * B * static_cast<double>(r.macs_per_sample);
  r.tops = ops / r.batch_time_ns * 1e-3;
  r.tops_per_w = ops / r.batch_energy_pj;  // ops per pJ = TOPS/W
  return r;
}

}  // namespace kirchhoff::baseline
