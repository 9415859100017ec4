// Accelerator files are read as strictly as chip configurations: every mistake is a ConfigError
// naming the file, line and column, the key and what is allowed. The shipped presets load and
// hold the figures their comments derive.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "baseline/accelerator_loader.h"
#include "config/config_error.h"
#include "tests/common/temp_dir.h"
#include "tests/common/thrown_message.h"

namespace kirchhoff::baseline {
namespace {

namespace fs = std::filesystem;

const std::string kPresets = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/accelerators/";

// Writes `text` to a file of this test's own and returns its path.
std::string write(const std::string& name, const std::string& text) {
  const std::string p = (test::process_temp_dir() / name).string();
  std::ofstream(p) << text;
  return p;
}

std::string error_of(const std::string& path, const std::vector<std::string>& sets = {}) {
  return test::thrown_message<config::ConfigError>([&] { load_accelerator(path, sets); }, "");
}

const char* const kGood =
    "accelerator:\n"
    "  name: good\n"
    "  int8: {peak_tops: 10, energy_per_mac_pj: 0.25}\n"
    "  sram: {capacity_mib: 2, energy_per_byte_pj: 1.5, bandwidth_tb_per_s: 4}\n"
    "  dram: {bandwidth_gb_per_s: 100, energy_per_byte_pj: 20}\n"
    "  static_power_w: 0.5\n"
    "  utilisation: 0.8\n"
    "  layer_overhead_ns: 3000\n"
    "  inference_overhead_ns: 7000\n";

TEST(AcceleratorLoader, ReadsEveryKey) {
  const AcceleratorConfig a = load_accelerator(write("good.yaml", kGood));
  EXPECT_EQ(a.name, "good");
  EXPECT_EQ(a.precision, Precision::kInt8);
  EXPECT_DOUBLE_EQ(a.int8.peak_tops, 10);
  EXPECT_DOUBLE_EQ(a.int8.energy_per_mac_pj, 0.25);
  EXPECT_DOUBLE_EQ(a.fp16.peak_tops, 0);
  EXPECT_DOUBLE_EQ(a.sram_capacity_mib, 2);
  EXPECT_DOUBLE_EQ(a.sram_energy_per_byte_pj, 1.5);
  EXPECT_DOUBLE_EQ(a.sram_bandwidth_tb_per_s, 4);
  EXPECT_DOUBLE_EQ(a.dram_bandwidth_gb_per_s, 100);
  EXPECT_DOUBLE_EQ(a.dram_energy_per_byte_pj, 20);
  EXPECT_DOUBLE_EQ(a.static_power_w, 0.5);
  EXPECT_DOUBLE_EQ(a.utilisation, 0.8);
  EXPECT_DOUBLE_EQ(a.layer_overhead_ns, 3000);
  EXPECT_DOUBLE_EQ(a.inference_overhead_ns, 7000);
}

TEST(AcceleratorLoader, OverridesApplyAfterTheFile) {
  const AcceleratorConfig a =
      load_accelerator(write("good.yaml", kGood),
                       {"accelerator.int8.energy_per_mac_pj=0.05", "accelerator.utilisation=0.5"});
  EXPECT_DOUBLE_EQ(a.int8.energy_per_mac_pj, 0.05);
  EXPECT_DOUBLE_EQ(a.utilisation, 0.5);
  EXPECT_EQ(error_of(write("good.yaml", kGood), {"accelerator.utilisaton=1"}),
            "--set accelerator.utilisaton=1: unknown key 'accelerator.utilisaton'; did you mean "
            "'accelerator.utilisation'?");
}

TEST(AcceleratorLoader, UnknownKeySuggestsTheNearest) {
  const std::string p = write("typo.yaml", "accelerator:\n  name: x\n  int8: {peak_top: 1}\n");
  EXPECT_EQ(error_of(p), p + ":3:10: unknown key 'accelerator.int8.peak_top'; did you mean "
                             "'accelerator.int8.peak_tops'?");
}

TEST(AcceleratorLoader, UnknownTopLevelKeySuggestsAccelerator) {
  const std::string p = write("top.yaml", "acelerator:\n  name: x\n");
  EXPECT_EQ(error_of(p), p + ":1:1: unknown key 'acelerator'; did you mean 'accelerator'? (an "
                             "accelerator file holds one map, 'accelerator')");
}

TEST(AcceleratorLoader, OutOfRangeNamesKeyValueAndRange) {
  const std::string p =
      write("range.yaml", "accelerator:\n  name: x\n  utilisation: 2\n  int8: {peak_tops: 1}\n");
  EXPECT_EQ(error_of(p), p + ":3:16: accelerator.utilisation: value 2 is out of range; allowed: "
                             "number in [0.001, 1]");
}

TEST(AcceleratorLoader, WrongTypeNamesWhatIsAllowed) {
  const std::string p = write("type.yaml", "accelerator:\n  name: x\n  int8: {peak_tops: fast}\n");
  EXPECT_EQ(error_of(p), p + ":3:21: accelerator.int8.peak_tops: expected a number, got 'fast'; "
                             "allowed: number in [0, 1e+06]");
  const std::string q = write("enum.yaml", "accelerator:\n  name: x\n  precision: int4\n");
  EXPECT_EQ(error_of(q), q + ":3:14: accelerator.precision: value 'int4' is not allowed; allowed: "
                             "one of: int8, fp16");
  const std::string s = write("section.yaml", "accelerator:\n  name: x\n  sram: 8\n");
  EXPECT_EQ(error_of(s),
            s + ":3:3: accelerator.sram: is a section; expected a map of keys under it");
}

TEST(AcceleratorLoader, CrossFieldChecksNameTheKeys) {
  const std::string none = write("none.yaml", "accelerator:\n  name: x\n");
  EXPECT_EQ(error_of(none), none +
                                ": accelerator.int8.peak_tops and accelerator.fp16.peak_tops "
                                "are both 0; allowed: at least one precision with a peak "
                                "throughput > 0");
  const std::string fp16 =
      write("fp16.yaml", "accelerator:\n  name: x\n  precision: fp16\n  int8: {peak_tops: 4}\n");
  EXPECT_EQ(error_of(fp16), fp16 +
                                ": accelerator.precision is fp16 but "
                                "accelerator.fp16.peak_tops is 0; allowed: a precision the "
                                "accelerator has");
  const std::string unnamed = write("unnamed.yaml", "accelerator:\n  int8: {peak_tops: 4}\n");
  EXPECT_EQ(error_of(unnamed),
            unnamed + ": accelerator.name is missing; allowed: a non-empty name");
}

TEST(AcceleratorLoader, ChipConfigIsNotAnAccelerator) {
  EXPECT_FALSE(is_accelerator_text("chip.yaml", "tile: {rows: 256}\n"));
  EXPECT_TRUE(is_accelerator_text("a.yaml", kGood));
  const std::string p = write("chip.yaml", "tile: {rows: 256}\n");
  EXPECT_EQ(error_of(p), p + ":1:1: unknown key 'tile'; did you mean 'accelerator'? (an "
                             "accelerator file holds one map, 'accelerator')");
  EXPECT_EQ(error_of(kPresets + "missing.yaml").find(kPresets + "missing.yaml: "), 0u);
}

// The presets' energy per MAC is the power at the dense peak over the peak MAC rate.
TEST(AcceleratorLoader, PresetsHoldTheirDerivedFigures) {
  const AcceleratorConfig h = load_accelerator(kPresets + "h100.yaml");
  EXPECT_EQ(h.name, "h100");
  EXPECT_DOUBLE_EQ(h.int8.peak_tops, 1979);
  EXPECT_NEAR(h.int8.energy_per_mac_pj * h.int8.peak_tops / 2, 700, 0.1);  // W at the TDP
  EXPECT_NEAR(h.fp16.energy_per_mac_pj * h.fp16.peak_tops / 2, 700, 0.1);
  EXPECT_DOUBLE_EQ(h.dram_bandwidth_gb_per_s, 3350);
  EXPECT_DOUBLE_EQ(h.dram_energy_per_byte_pj, 3.9 * 8);
  EXPECT_DOUBLE_EQ(h.sram_capacity_mib, 50);
  const AcceleratorConfig g = load_accelerator(kPresets + "groq_lpu.yaml");
  EXPECT_NEAR(g.int8.energy_per_mac_pj * g.int8.peak_tops / 2, 300, 0.1);
  EXPECT_NEAR(g.fp16.energy_per_mac_pj * g.fp16.peak_tops / 2, 300, 0.1);
  EXPECT_DOUBLE_EQ(g.dram_bandwidth_gb_per_s, 0);
  EXPECT_DOUBLE_EQ(g.sram_capacity_mib, 230);
  const AcceleratorConfig e = load_accelerator(kPresets + "edge_npu.yaml");
  EXPECT_NEAR(e.int8.energy_per_mac_pj * e.int8.peak_tops / 2, 2, 1e-9);
  EXPECT_DOUBLE_EQ(e.fp16.peak_tops, 0);
  EXPECT_DOUBLE_EQ(e.dram_energy_per_byte_pj, 1300.0 / 8);
  // The latency overheads (configs/accelerators/*.yaml comments): an eager 5 us CUDA launch per
  // layer on the GPU, none on the statically scheduled LPU, the Coral's measured 3.9 ms
  // MobileNet V1 less this model's 587.6 us roofline for it, once per inference.
  EXPECT_DOUBLE_EQ(h.layer_overhead_ns, 5000);
  EXPECT_DOUBLE_EQ(h.inference_overhead_ns, 0);
  EXPECT_DOUBLE_EQ(g.layer_overhead_ns, 0);
  EXPECT_DOUBLE_EQ(g.inference_overhead_ns, 0);
  EXPECT_DOUBLE_EQ(e.layer_overhead_ns, 0);
  EXPECT_DOUBLE_EQ(e.inference_overhead_ns, 3.3e6);
  const double mobilenet_roofline_ns =
      569e6 * 2 / (e.int8.peak_tops * 1e3) + (150528 + 1001) / e.dram_bandwidth_gb_per_s;
  EXPECT_NEAR(3.9e6 - mobilenet_roofline_ns, e.inference_overhead_ns, 0.02e6);
}

}  // namespace
}  // namespace kirchhoff::baseline
