// The LSTM test model (input 8, hidden 16, 5 time steps, then Gemm 16->4) executed on the
// SystemC chip: every time step is one MVM of [x_t, h_{t-1}] on the crossbar; the gate DPU
// adds the bias, applies the gates (sigmoid, tanh, multiply, add) and multicasts h back into
// the crossbar's recurrent rows over the network. One simulation per TEST.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

TEST(WorkloadRunLstm, IdealDevicesAnd24BitConvertersMatchTheFloatReference) {
  const WorkloadGraph g = import_onnx(kData + "/lstm.onnx");
  Shape shape;
  const std::vector<float> all = read_npy_f32(kData + "/lstm_inputs.npy", nullptr, &shape);
  const std::size_t n = static_cast<std::size_t>(shape.at(0)), len = all.size() / n;
  std::vector<std::vector<float>> inputs;
  for (std::size_t s = 0; s < n; ++s)
    inputs.emplace_back(all.begin() + s * len, all.begin() + (s + 1) * len);
  // 24-bit converters, an ADC bound nothing reaches and fp32 DPUs: see the MLP test.
  const config::ChipConfig cfg = config::load_config(
      "", {"chip.tiles=2", "chip.mesh_cols=2", "chip.mesh_rows=2", "chip.global_dpus=2",
           "tile.device.type=ideal", "tile.dac.noise_management=true", "tile.dac.bits=24",
           "tile.adc.bits=24", "tile.adc.bound=40", "dpu.format=fp32"});
  const MappingPlan plan = map_workload(g, cfg);
  traces::Recorder recorder;
  WorkloadRunOptions options;
  options.samples = 8;
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, options, recorder);
  ASSERT_FALSE(r.host_failed);
  for (std::size_t k = 0; k < r.layer_names.size(); ++k) {
    std::printf("layer %s: rel L2 error %.3g\n", r.layer_names[k].c_str(), r.layer_rel_l2_error[k]);
    EXPECT_LT(r.layer_rel_l2_error[k], 1e-4) << r.layer_names[k];
  }
  EXPECT_LT(r.summary.output_rel_l2_error, 1e-4);
  EXPECT_EQ(r.top1_chip, -1.0);  // no labels
  // 5 steps on the LSTM tile and one MVM of the Gemm per sample.
  EXPECT_EQ(r.summary.mvms, 8u * 6u);
  // h goes back into the crossbar over the network every step.
  EXPECT_GT(recorder.totals().events[static_cast<int>(traces::EventKind::kPacketDelivery)],
            8u * 10u);
  std::printf("%s", to_text(r.summary).c_str());
}

}  // namespace
}  // namespace kirchhoff
