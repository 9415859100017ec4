// The analytic digital-accelerator baseline: a workload graph's weight layers on an accelerator
// (baseline/accelerator_config.h), one batch of B samples at a time. Not a simulator: each layer
// is a roofline of its MACs and its bytes, the layers run one after another.
//
// Per weight layer (Dense, Conv2d, LSTM; the other layers are fused into it and cost nothing):
//   MACs per sample       mvms_per_sample x matrix_rows x matrix_cols (the analog run's ops / 2)
//   weight bytes          matrix_rows x matrix_cols x bytes per value (int8 1, fp16 2)
//   activation bytes      (input values + output values) x bytes per value, per sample
// The model fits when the sum of its weight bytes is at most sram.capacity_mib: then each batch
// reads every weight once from SRAM; otherwise each batch re-fetches every weight from off-chip
// memory (dram). Activations always move through SRAM, once in and once out per sample. The
// network's input and output cross the off-chip interface once per sample (the `io` figures).
// A batch pays inference_overhead_ns once (a CUDA-graph launch, the host's round trip): the
// batch time is inference_overhead_ns + the sum of the layers' times + the I/O time, and the
// static power is drawn over all of it (so an accelerator with static_power_w 0, whose energy
// per MAC is all-in, spends no energy while it waits: the overheads cost latency only).
//   time of a layer       layer_overhead_ns + max(t_compute, t_sram, t_dram): t_compute = B x MACs
//                         x 2 / (peak_tops x utilisation), t_sram = SRAM bytes / SRAM bandwidth
//                         (when given), t_dram = DRAM bytes / DRAM bandwidth; `bound` names the
//                         max
//   energy of a layer     B x MACs x E_MAC + SRAM bytes x E_SRAM + DRAM bytes x E_DRAM
//                         + static power x its time
// Accounting levels, as the analog run's (report/efficiency_levels.h): tile = MACs + SRAM
// (the compute fabric and its on-chip memory), chip = tile + static power, system = chip +
// off-chip traffic (weight re-fetch and the network's input and output).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "baseline/accelerator_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff::baseline {

enum class Bound { kCompute, kSram, kDram };
const char* to_string(Bound b);  // "compute", "sram", "dram"

struct LayerBaseline {
  std::string name;  // the graph layer's name
  std::string op;    // "Dense", "Conv2d", "LSTM"
  std::int64_t macs_per_sample = 0;
  std::int64_t weight_bytes = 0;
  std::int64_t activation_bytes_per_sample = 0;
  // Per batch:
  double sram_bytes = 0, dram_bytes = 0;
  double compute_time_ns = 0, sram_time_ns = 0, dram_time_ns = 0;
  double time_ns = 0;  // the overhead + the max of the three
  Bound bound = Bound::kCompute;
  double mac_energy_pj = 0, sram_energy_pj = 0, dram_energy_pj = 0, static_energy_pj = 0;
  double energy_pj() const {
    return mac_energy_pj + sram_energy_pj + dram_energy_pj + static_energy_pj;
  }
};

// Energy per inference (pJ) at the three accounting levels.
struct LevelEnergies {
  double tile_pj = 0, chip_pj = 0, system_pj = 0;
};

struct BaselineResult {
  std::string accelerator;  // AcceleratorConfig::name
  std::string source;       // its file
  std::string workload;
  Precision precision = Precision::kInt8;
  int batch = 1;
  bool weights_fit = true;        // all weights in SRAM (else re-fetched from DRAM every batch)
  std::int64_t weight_bytes = 0;  // the whole model
  double sram_capacity_bytes = 0;
  std::vector<LayerBaseline> layers;  // weight layers in graph order
  // The network's input and output over the off-chip interface, per batch.
  double io_bytes = 0, io_time_ns = 0, io_energy_pj = 0, io_static_energy_pj = 0;
  double layer_overhead_ns = 0;          // AcceleratorConfig::layer_overhead_ns, in each layer
  double overhead_time_ns = 0;           // inference_overhead_ns, once per batch
  double overhead_static_energy_pj = 0;  // static power over it
  // All the fixed time in a batch: a layer overhead per weight layer + the batch's overhead.
  double total_overhead_ns() const {
    return layer_overhead_ns * static_cast<double>(layers.size()) + overhead_time_ns;
  }
  double batch_time_ns = 0;    // the overhead, the layers one after another, the I/O
  double batch_energy_pj = 0;  // everything
  std::int64_t macs_per_sample = 0;
  // Per inference:
  double latency_ns = 0;  // = batch_time_ns: a sample waits for its whole batch
  double throughput_samples_per_s = 0;
  LevelEnergies energy_per_inference;
  double tops = 0;        // 2 x MACs of the batch / batch time
  double tops_per_w = 0;  // at the system level: ops / system energy
};

// Throws WorkloadError for a graph without weight layers, config::ConfigError when the
// accelerator cannot run it (no such precision, weights that do not fit and no DRAM), and
// std::invalid_argument for batch < 1.
BaselineResult run_baseline(const WorkloadGraph& graph, const AcceleratorConfig& acc,
                            Precision precision, int batch);

}  // namespace kirchhoff::baseline
