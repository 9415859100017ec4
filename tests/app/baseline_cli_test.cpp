// `kirchhoff baseline` and `kirchhoff run --baseline`: the figures of the shipped MLP on the
// presets, the side-by-side section of summary.json, and bad input (exit 2, a clear message,
// nothing written).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kirchhoff::test::run_cli;

const std::string kSrc = KIRCHHOFF_SOURCE_DIR;
const std::string kMlp = kSrc + "/data/fmnist/mlp.onnx";
const std::string kChip = kSrc + "/configs/chips/hermes64.yaml";

fs::path temp(const std::string& name) {
  const fs::path p = kirchhoff::test::process_temp_dir() / ("kh_baseline_" + name);
  fs::remove_all(p);
  return p;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

// The MLP 784-256-128-10: 200,704 + 32,768 + 1,280 MACs and as many int8 weight bytes, which fit
// in the H100's 50 MiB, so every layer is compute-bound: 2 x MACs / 1,979 TOPS.
TEST(BaselineCli, PresetByNameWritesPerLayerFigures) {
  const fs::path json = temp("mlp.json");
  const auto r = run_cli("baseline h100 --workload " + kMlp + " --json " + json.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(
      r.output.find("digital baseline: mlp on h100 (built-in configs/accelerators/h100.yaml)"),
      std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("pJ"), std::string::npos);
  EXPECT_NE(r.output.find("samples/s"), std::string::npos);
  const auto j = read_json(json);
  fs::remove(json);
  EXPECT_EQ(j["precision"], "int8");
  EXPECT_EQ(j["batch"], 1);
  EXPECT_EQ(j["macs_per_sample"], 234752);
  EXPECT_EQ(j["weight_bytes"], 234752);
  EXPECT_TRUE(j["weights_fit"].get<bool>());
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][0]["macs_per_sample"], 200704);
  for (const auto& l : j["layers"]) EXPECT_EQ(l["bound"], "compute") << l["name"];
  // Each layer: the preset's 5 us kernel launch + its roofline.
  EXPECT_DOUBLE_EQ(j["layers"][0]["time_ns"].get<double>(), 5000 + 2.0 * 200704 / 1979e3);
  // The batch-1 latency: three launches + the rooflines + the 794 B of I/O at 3,350 B/ns; no
  // per-inference overhead in the preset.
  EXPECT_DOUBLE_EQ(j["overhead"]["layer_ns"].get<double>(), 5000);
  EXPECT_DOUBLE_EQ(j["overhead"]["inference_ns"].get<double>(), 0);
  double sum_ns = 794.0 / 3350;
  for (const auto& l : j["layers"]) sum_ns += l["time_ns"].get<double>();
  EXPECT_DOUBLE_EQ(j["latency_ns"].get<double>(), sum_ns);
  EXPECT_NEAR(j["latency_ns"].get<double>(), 15000 + 2.0 * 234752 / 1979e3 + 794.0 / 3350, 1e-9);
  // MAC energy: 234,752 x 0.7074 pJ; the input (784 B) and output (10 B) over HBM at 31.2 pJ/B.
  EXPECT_NEAR(j["energy_per_inference_pj"]["tile"].get<double>(), 234752 * 0.7074, 1e-6);
  EXPECT_NEAR(j["energy_per_inference_pj"]["system"].get<double>(), 234752 * 0.7074 + 794 * 31.2,
              1e-6);
}

// --precision picks the arithmetic (the LPU has fp16, the edge NPU has not) and --batch the batch.
TEST(BaselineCli, BatchAndPrecisionOptions) {
  const auto fp16 = run_cli("baseline groq_lpu --workload " + kMlp + " --precision fp16 --batch 8");
  ASSERT_EQ(fp16.code, 0) << fp16.output;
  EXPECT_NE(fp16.output.find("fp16, batch 8"), std::string::npos) << fp16.output;
  const auto no_fp16 = run_cli("baseline edge_npu --workload " + kMlp + " --precision fp16");
  EXPECT_EQ(no_fp16.code, 2);
  EXPECT_NE(no_fp16.output.find("accelerator 'edge_npu' has no fp16 arithmetic"), std::string::npos)
      << no_fp16.output;
}

TEST(BaselineCli, ChipConfigNeedsAnAccelerator) {
  const auto r = run_cli("baseline " + kChip + " --workload " + kMlp);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(kChip + " is a chip configuration; name the accelerator with "
                                  "--accelerator NAME (presets: h100, groq_lpu, edge_npu"),
            std::string::npos)
      << r.output;
  const auto ok = run_cli("baseline " + kChip + " --accelerator edge_npu --workload " + kMlp);
  EXPECT_EQ(ok.code, 0) << ok.output;
  const auto twice = run_cli("baseline h100 --accelerator edge_npu --workload " + kMlp);
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.output.find("is allowed only with a chip configuration"), std::string::npos);
}

TEST(BaselineCli, BadInputExitsTwoWithAMessage) {
  const auto unknown = run_cli("baseline h200 --workload " + kMlp);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.output.find("baseline 'h200': not a preset and no such file; allowed: h100, "
                                "groq_lpu, edge_npu or an accelerator file"),
            std::string::npos)
      << unknown.output;
  const auto batch = run_cli("baseline h100 --workload " + kMlp + " --batch 0");
  EXPECT_EQ(batch.code, 2);
  EXPECT_NE(batch.output.find("baseline --batch: 0 is not allowed; allowed: integer in [1, "
                              "1048576]"),
            std::string::npos)
      << batch.output;
  const auto set = run_cli("baseline h100 --workload " + kMlp + " --set accelerator.utilisation=0");
  EXPECT_EQ(set.code, 2);
  EXPECT_NE(set.output.find("accelerator.utilisation: value 0 is out of range"), std::string::npos)
      << set.output;
  const fs::path json = temp("never.json");
  const auto workload =
      run_cli("baseline h100 --workload " + kSrc + "/nope.onnx --json " + json.string());
  EXPECT_EQ(workload.code, 2) << workload.output;
  EXPECT_FALSE(fs::exists(json));
}

// The side-by-side: the analog levels are the run's own efficiency levels per sample, the
// digital ones the baseline's, and the ratios are digital / analog.
TEST(BaselineCli, RunWritesTheSideBySide) {
  const fs::path out = temp("run");
  const auto r = run_cli("run " + kChip + " --workload " + kMlp + " --inputs " + kSrc +
                         "/data/fmnist/test_images_u8.npy --samples 8 --baseline h100 --out " +
                         out.string() + " --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("baseline: h100 (int8, batch 1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("energy, system level (pJ)"), std::string::npos) << r.output;
  const auto s = read_json(out / "summary.json");
  fs::remove_all(out);
  const auto& b = s["baseline"];
  EXPECT_EQ(b["accelerator"], "h100");
  for (const char* level : {"tile", "chip", "system"}) {
    const double analog = b["levels"][level]["analog_energy_per_inference_pj"].get<double>();
    const double digital = b["levels"][level]["digital_energy_per_inference_pj"].get<double>();
    EXPECT_DOUBLE_EQ(analog, s["efficiency"][level]["energy_pj"].get<double>() / 8) << level;
    EXPECT_DOUBLE_EQ(digital, b["digital"]["energy_per_inference_pj"][level].get<double>());
    EXPECT_DOUBLE_EQ(b["levels"][level]["energy_ratio_digital_over_analog"].get<double>(),
                     digital / analog);
  }
  EXPECT_DOUBLE_EQ(b["latency_ns"]["analog"].get<double>(), s["latency_ns"]["mean"].get<double>());
  EXPECT_DOUBLE_EQ(b["throughput_samples_per_s"]["analog"].get<double>(),
                   s["throughput_samples_per_s"].get<double>());
  EXPECT_EQ(b["digital"]["macs_per_sample"], 234752);
}

TEST(BaselineCli, RunWithABadBaselineWritesNothing) {
  const fs::path out = temp("bad_run");
  const auto r =
      run_cli("run " + kChip + " --workload " + kMlp + " --inputs " + kSrc +
              "/data/fmnist/test_images_u8.npy --samples 2 --baseline h200 --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("run --baseline 'h200': not a preset"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  const auto batch =
      run_cli("run " + kChip + " --workload " + kMlp + " --inputs " + kSrc +
              "/data/fmnist/test_images_u8.npy --baseline-batch 4 --out " + out.string());
  EXPECT_EQ(batch.code, 2);
  EXPECT_NE(batch.output.find("run --baseline-batch needs --baseline NAME"), std::string::npos)
      << batch.output;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
