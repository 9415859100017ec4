// The analytic baseline on a small graph worked by hand (x[8] -> fc1 8x4 -> relu -> fc2 4x2):
// MACs 32 and 8, int8 weight bytes 32 and 8, activation bytes 8 + 4 and 4 + 2 per sample, the
// network's input and output 8 + 2 bytes per sample. Every expected figure below is computed in
// the comments from the accelerator's numbers.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "baseline/digital_model.h"
#include "config/config_error.h"
#include "tests/common/graph_builders.h"
#include "tests/common/thrown_message.h"
#include "workloads/workload_error.h"

namespace kirchhoff::baseline {
namespace {

WorkloadGraph small_mlp() {
  return test::flat_graph(
      "small", 8,
      {test::dense_layer("fc1", Layer::kGraphInput, 8, 4, std::vector<float>(32, 0.5f)),
       test::relu_layer("relu1", 0, 4),
       test::dense_layer("fc2", 1, 4, 2, std::vector<float>(8, 0.5f))});
}

// The message of the ConfigError `f` throws, or "" when it throws none.
template <typename F>
std::string error_of(F&& f) {
  return test::thrown_message<config::ConfigError>(f, "");
}

// 1 op/ns peak (0.001 TOPS) at utilisation 0.5: 0.5 op/ns; SRAM 1 B/ns, 2 pJ/B; DRAM 0.5 B/ns,
// 10 pJ/B; 0.5 pJ per MAC; static 1 mW = 1 pJ/ns.
AcceleratorConfig test_accelerator() {
  AcceleratorConfig a;
  a.name = "test";
  a.source = "test.yaml";
  a.int8 = {0.001, 0.5};
  a.sram_capacity_mib = 1;
  a.sram_energy_per_byte_pj = 2;
  a.sram_bandwidth_tb_per_s = 0.001;
  a.dram_bandwidth_gb_per_s = 0.5;
  a.dram_energy_per_byte_pj = 10;
  a.static_power_w = 0.001;
  a.utilisation = 0.5;
  return a;
}

TEST(DigitalModel, CountsMacsAndBytesPerLayer) {
  const BaselineResult r = run_baseline(small_mlp(), test_accelerator(), Precision::kInt8, 1);
  ASSERT_EQ(r.layers.size(), 2u);  // relu is fused
  EXPECT_EQ(r.layers[0].name, "fc1");
  EXPECT_EQ(r.layers[0].macs_per_sample, 32);
  EXPECT_EQ(r.layers[0].weight_bytes, 32);
  EXPECT_EQ(r.layers[0].activation_bytes_per_sample, 12);
  EXPECT_EQ(r.layers[1].macs_per_sample, 8);
  EXPECT_EQ(r.layers[1].weight_bytes, 8);
  EXPECT_EQ(r.layers[1].activation_bytes_per_sample, 6);
  EXPECT_EQ(r.macs_per_sample, 40);
  EXPECT_EQ(r.weight_bytes, 40);
  // fp16: two bytes per value, the same MACs.
  AcceleratorConfig a = test_accelerator();
  a.fp16 = {0.001, 1.0};
  const BaselineResult h = run_baseline(small_mlp(), a, Precision::kFp16, 1);
  EXPECT_EQ(h.layers[0].weight_bytes, 64);
  EXPECT_EQ(h.layers[0].activation_bytes_per_sample, 24);
  EXPECT_EQ(h.macs_per_sample, 40);
}

// Batch 2, weights fit (40 B <= 1 MiB): each batch reads the weights once from SRAM.
//   fc1: SRAM 32 + 2 x 12 = 56 B (56 ns); compute 2 x 32 x 2 / 0.5 = 256 ns -> compute-bound.
//        energy: MAC 2 x 32 x 0.5 = 32, SRAM 112, static 256 pJ
//   fc2: SRAM 8 + 2 x 6 = 20 B (20 ns); compute 64 ns -> compute-bound. MAC 8, SRAM 40, static 64
//   io:  2 x (8 + 2) = 20 B over DRAM: 40 ns, 200 pJ, static 40 pJ
//   batch 256 + 64 + 40 = 360 ns; tile 192, chip 192 + 360 = 552, system 752 pJ per batch.
TEST(DigitalModel, ComputeBoundWhenTheWeightsFit) {
  const BaselineResult r = run_baseline(small_mlp(), test_accelerator(), Precision::kInt8, 2);
  EXPECT_TRUE(r.weights_fit);
  const LayerBaseline& fc1 = r.layers[0];
  EXPECT_DOUBLE_EQ(fc1.sram_bytes, 56);
  EXPECT_DOUBLE_EQ(fc1.dram_bytes, 0);
  EXPECT_DOUBLE_EQ(fc1.compute_time_ns, 256);
  EXPECT_DOUBLE_EQ(fc1.sram_time_ns, 56);
  EXPECT_DOUBLE_EQ(fc1.time_ns, 256);
  EXPECT_EQ(fc1.bound, Bound::kCompute);
  EXPECT_DOUBLE_EQ(fc1.mac_energy_pj, 32);
  EXPECT_DOUBLE_EQ(fc1.sram_energy_pj, 112);
  EXPECT_DOUBLE_EQ(fc1.static_energy_pj, 256);
  EXPECT_DOUBLE_EQ(fc1.energy_pj(), 400);
  EXPECT_DOUBLE_EQ(r.layers[1].time_ns, 64);
  EXPECT_DOUBLE_EQ(r.layers[1].energy_pj(), 112);
  EXPECT_DOUBLE_EQ(r.io_bytes, 20);
  EXPECT_DOUBLE_EQ(r.io_time_ns, 40);
  EXPECT_DOUBLE_EQ(r.io_energy_pj, 200);
  EXPECT_DOUBLE_EQ(r.batch_time_ns, 360);
  EXPECT_DOUBLE_EQ(r.latency_ns, 360);
  EXPECT_DOUBLE_EQ(r.batch_energy_pj, 752);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.tile_pj, 96);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.chip_pj, 276);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.system_pj, 376);
  EXPECT_DOUBLE_EQ(r.throughput_samples_per_s, 2 / 360e-9);
  EXPECT_DOUBLE_EQ(r.tops, 160.0 / 360.0 * 1e-3);  // 2 x 2 x 40 ops in 360 ns
  EXPECT_DOUBLE_EQ(r.tops_per_w, 160.0 / 752.0);
}

// Peak 1 op/ns at utilisation 1, DRAM 0.25 B/ns, no SRAM for weights (capacity 0): every batch
// re-fetches the weights from DRAM.
AcceleratorConfig refetch_accelerator() {
  AcceleratorConfig a = test_accelerator();
  a.sram_capacity_mib = 0;
  a.utilisation = 1;
  a.dram_bandwidth_gb_per_s = 0.25;
  return a;
}

// Batch 1: fc1 DRAM 32 B = 128 ns > compute 64 ns > SRAM 12 ns -> DRAM-bound; MAC 16, SRAM 24,
// DRAM 320, static 128 pJ. fc2 DRAM 8 B = 32 ns > compute 16 ns -> DRAM-bound; MAC 4, SRAM 12,
// DRAM 80, static 32. io 10 B = 40 ns, 100 pJ, static 40.
// Batch 200 ns; tile 56, chip 56 + 200 = 256, system 256 + 400 + 100 = 756 pJ.
TEST(DigitalModel, MemoryBoundWhenWeightsAreRefetched) {
  const BaselineResult r = run_baseline(small_mlp(), refetch_accelerator(), Precision::kInt8, 1);
  EXPECT_FALSE(r.weights_fit);
  const LayerBaseline& fc1 = r.layers[0];
  EXPECT_DOUBLE_EQ(fc1.sram_bytes, 12);
  EXPECT_DOUBLE_EQ(fc1.dram_bytes, 32);
  EXPECT_DOUBLE_EQ(fc1.compute_time_ns, 64);
  EXPECT_DOUBLE_EQ(fc1.dram_time_ns, 128);
  EXPECT_DOUBLE_EQ(fc1.time_ns, 128);
  EXPECT_EQ(fc1.bound, Bound::kDram);
  EXPECT_DOUBLE_EQ(fc1.dram_energy_pj, 320);
  EXPECT_DOUBLE_EQ(fc1.energy_pj(), 16 + 24 + 320 + 128);
  EXPECT_EQ(r.layers[1].bound, Bound::kDram);
  EXPECT_DOUBLE_EQ(r.layers[1].time_ns, 32);
  EXPECT_DOUBLE_EQ(r.batch_time_ns, 200);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.tile_pj, 56);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.chip_pj, 256);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.system_pj, 756);
}

// Batch 4 amortises the re-fetch: fc1's 32 B (128 ns) now hide under 4 x 64 = 256 ns of compute,
// and its DRAM energy per inference falls from 320 to 80 pJ.
TEST(DigitalModel, BatchTurnsAMemoryBoundLayerComputeBound) {
  const BaselineResult r = run_baseline(small_mlp(), refetch_accelerator(), Precision::kInt8, 4);
  const LayerBaseline& fc1 = r.layers[0];
  EXPECT_DOUBLE_EQ(fc1.dram_bytes, 32);
  EXPECT_DOUBLE_EQ(fc1.compute_time_ns, 256);
  EXPECT_DOUBLE_EQ(fc1.time_ns, 256);
  EXPECT_EQ(fc1.bound, Bound::kCompute);
  EXPECT_DOUBLE_EQ(fc1.dram_energy_pj / r.batch, 80);
  // fc2: 8 B = 32 ns under 4 x 16 = 64 ns of compute.
  EXPECT_EQ(r.layers[1].bound, Bound::kCompute);
}

TEST(DigitalModel, SramBoundWhenItsBandwidthIsTheLimit) {
  AcceleratorConfig a = test_accelerator();
  a.sram_bandwidth_tb_per_s = 0.0001;  // 0.1 B/ns: fc1's 56 B take 560 ns > 256 ns of compute
  const BaselineResult r = run_baseline(small_mlp(), a, Precision::kInt8, 2);
  EXPECT_EQ(r.layers[0].bound, Bound::kSram);
  EXPECT_DOUBLE_EQ(r.layers[0].time_ns, 560);
}

// A fixed overhead per layer adds to its time (and its static energy), not to its bound.
TEST(DigitalModel, LayerOverheadAddsToEveryLayer) {
  AcceleratorConfig a = test_accelerator();
  a.layer_overhead_ns = 1000;
  const BaselineResult r = run_baseline(small_mlp(), a, Precision::kInt8, 2);
  EXPECT_DOUBLE_EQ(r.layers[0].time_ns, 1256);
  EXPECT_EQ(r.layers[0].bound, Bound::kCompute);
  EXPECT_DOUBLE_EQ(r.layers[0].static_energy_pj, 1256);
  EXPECT_DOUBLE_EQ(r.batch_time_ns, 2360);  // 1256 + 1064 + 40 of I/O
}

// The batch time is exactly inference_overhead_ns + the sum over the layers of
// (layer_overhead_ns + max(compute, SRAM, DRAM)) + the I/O time, and the static power (1 pJ/ns
// here) is drawn over all of it: batch 2, layers 1000 + 256 and 1000 + 64, I/O 40, once 500:
// 2,860 ns, and 2 x 1000 + 500 = 2,500 pJ more static energy than without the overheads.
TEST(DigitalModel, LatencyIsTheRooflinesPlusBothOverheads) {
  AcceleratorConfig a = test_accelerator();
  const BaselineResult bare = run_baseline(small_mlp(), a, Precision::kInt8, 2);
  EXPECT_DOUBLE_EQ(bare.batch_time_ns, 360);  // 256 + 64 + 40
  a.layer_overhead_ns = 1000;
  a.inference_overhead_ns = 500;
  const BaselineResult r = run_baseline(small_mlp(), a, Precision::kInt8, 2);
  EXPECT_DOUBLE_EQ(r.layer_overhead_ns, 1000);
  EXPECT_DOUBLE_EQ(r.overhead_time_ns, 500);
  EXPECT_DOUBLE_EQ(r.overhead_static_energy_pj, 500);
  EXPECT_DOUBLE_EQ(r.batch_time_ns, 2860);
  EXPECT_DOUBLE_EQ(r.latency_ns, 2860);
  EXPECT_DOUBLE_EQ(r.throughput_samples_per_s, 2 / 2860e-9);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.tile_pj, bare.energy_per_inference.tile_pj);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.chip_pj, bare.energy_per_inference.chip_pj + 1250);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.system_pj, bare.energy_per_inference.system_pj + 1250);
  // With no static power (an all-in energy per MAC) the overheads cost latency, not energy.
  a.static_power_w = 0;
  const BaselineResult all_in = run_baseline(small_mlp(), a, Precision::kInt8, 2);
  EXPECT_DOUBLE_EQ(all_in.batch_time_ns, 2860);
  EXPECT_DOUBLE_EQ(all_in.overhead_static_energy_pj, 0);
  EXPECT_DOUBLE_EQ(all_in.energy_per_inference.chip_pj, all_in.energy_per_inference.tile_pj);
}

TEST(DigitalModel, SramOnlyAcceleratorRefusesAModelThatDoesNotFit) {
  AcceleratorConfig a = refetch_accelerator();
  a.dram_bandwidth_gb_per_s = 0;
  EXPECT_EQ(error_of([&] { run_baseline(small_mlp(), a, Precision::kInt8, 1); }),
            "test.yaml: small: the weights need 40 bytes in int8, accelerator 'test' holds 0 "
            "bytes of SRAM (accelerator.sram.capacity_mib) and has no off-chip memory "
            "(accelerator.dram.bandwidth_gb_per_s is 0); allowed: a model that fits");
}

TEST(DigitalModel, SramOnlyAcceleratorChargesNoInputOutput) {
  AcceleratorConfig a = test_accelerator();
  a.dram_bandwidth_gb_per_s = 0;
  const BaselineResult r = run_baseline(small_mlp(), a, Precision::kInt8, 2);
  EXPECT_DOUBLE_EQ(r.io_bytes, 0);
  EXPECT_DOUBLE_EQ(r.batch_time_ns, 320);
  EXPECT_DOUBLE_EQ(r.energy_per_inference.system_pj, r.energy_per_inference.chip_pj);
}

TEST(DigitalModel, RefusesAPrecisionTheAcceleratorLacks) {
  EXPECT_EQ(error_of([] { run_baseline(small_mlp(), test_accelerator(), Precision::kFp16, 1); }),
            "test.yaml: accelerator 'test' has no fp16 arithmetic (accelerator.fp16.peak_tops is "
            "0); allowed: a precision with a peak > 0");
}

TEST(DigitalModel, RefusesABadBatchAndAGraphWithoutWeights) {
  EXPECT_THROW(run_baseline(small_mlp(), test_accelerator(), Precision::kInt8, 0),
               std::invalid_argument);
  WorkloadGraph g = small_mlp();
  g.layers = {g.layers[1]};
  g.layers[0].inputs = {Layer::kGraphInput};
  g.input_shape = {1, 4};
  EXPECT_THROW(run_baseline(g, test_accelerator(), Precision::kInt8, 1), WorkloadError);
}

// A convolution: MACs = patches x patch size x out channels; activations its input and output.
TEST(DigitalModel, ConvolutionCountsEveryPatch) {
  WorkloadGraph g;
  g.name = "conv";
  g.input_shape = {1, 2, 5, 5};
  Layer c;
  c.name = "conv1";
  c.op = OpKind::kConv2d;
  c.inputs = {Layer::kGraphInput};
  Conv2dOp op;
  op.in_channels = 2;
  op.out_channels = 3;
  op.kernel_h = op.kernel_w = 3;
  op.in_h = op.in_w = 5;
  op.out_h = op.out_w = 3;
  op.weights.assign(2 * 9 * 3, 0.1f);
  c.params = op;
  c.shape = {1, 3, 3, 3};
  g.layers = {c};
  const BaselineResult r = run_baseline(g, test_accelerator(), Precision::kInt8, 1);
  EXPECT_EQ(r.layers[0].macs_per_sample, 9 * 18 * 3);
  EXPECT_EQ(r.layers[0].weight_bytes, 18 * 3);
  EXPECT_EQ(r.layers[0].activation_bytes_per_sample, 50 + 27);
}

}  // namespace
}  // namespace kirchhoff::baseline
