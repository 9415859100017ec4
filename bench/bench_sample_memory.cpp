// Memory against the number of samples (issue 15 item 4): the MLP of tests/data on the 64-tile
// chip (configs/chips/hermes64.yaml, PCM devices) run for 1 k and 16 k samples, each in its own
// process (a SystemC kernel elaborates once per process), with the run's results streamed
// (WorkloadRunOptions::keep_outputs off, as `kirchhoff run` does). Prints per run:
//   - the peak RSS (VmHWM) of the whole process, the inputs included (the caller holds every
//     input: 3.1 KB per MLP sample);
//   - the growth of the peak during the simulation over the resident set just before it (the
//     inputs already built): what the run itself holds;
//   - the most per-sample records held at once (WorkloadRunResult::max_sample_records_held).
// Target: the run's growth at 16 k samples within 10 % of that at 1 k.
//
// Usage: bench_sample_memory [SAMPLES_SMALL SAMPLES_LARGE]   (default 1000 16000)
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <systemc>

#include "bench/child_figures.h"
#include "compiler/mapper.h"
#include "config/config_loader.h"
#include "host/workload_simulation.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace {

const std::string kSource = KIRCHHOFF_SOURCE_DIR;

// One run of `n` samples in this process; prints its line and returns the run's growth (bytes).
double run(std::size_t n) {
  using namespace kirchhoff;
  const WorkloadGraph g = import_onnx(kSource + "/tests/data/mlp.onnx");
  Shape shape;
  const std::vector<float> all =
      read_npy_f32(kSource + "/tests/data/fmnist_inputs.npy", nullptr, &shape);
  const std::size_t images = static_cast<std::size_t>(shape.at(0)), len = all.size() / images;
  std::vector<std::vector<float>> inputs;
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t i = s % images;
    inputs.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(i * len),
                        all.begin() + static_cast<std::ptrdiff_t>((i + 1) * len));
  }
  const config::ChipConfig cfg =
      config::load_config(kSource + "/configs/chips/hermes64.yaml", {"tile.device.type=pcm"});
  const MappingPlan plan = map_workload(g, cfg);
  WorkloadRunOptions options;
  options.keep_outputs = false;
  traces::Recorder recorder;
  const double before = kirchhoff::bench::status_bytes("VmRSS");
  const auto t0 = std::chrono::steady_clock::now();
  const WorkloadRunResult r =
      run_workload_simulation(cfg, g, plan, inputs, nullptr, options, recorder);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double peak = kirchhoff::bench::status_bytes("VmHWM");
  std::printf(
      "%6zu samples: peak RSS %8.1f MiB, run growth %7.1f MiB (%6.0f B/sample), "
      "records held %zu, %.2f s wall, rel. L2 error %.4f\n",
      n, peak / 1048576.0, (peak - before) / 1048576.0, (peak - before) / static_cast<double>(n),
      r.max_sample_records_held, wall, r.summary.output_rel_l2_error);
  std::fflush(stdout);
  return peak - before;
}

}  // namespace

int sc_main(int, char**) {
  return 0;
}  // unused: main below

int main(int argc, char** argv) {
  std::vector<std::size_t> counts = {1000, 16000};
  if (argc == 3) counts = {std::strtoul(argv[1], nullptr, 10), std::strtoul(argv[2], nullptr, 10)};
  if ((argc != 1 && argc != 3) || counts[0] < 1 || counts[1] < 1) {
    std::fprintf(stderr, "usage: bench_sample_memory [SAMPLES_SMALL SAMPLES_LARGE] (each >= 1)\n");
    return 2;
  }
  std::printf("MLP on hermes64 (PCM), results streamed; each run in its own process\n");
  std::fflush(stdout);
  std::vector<double> growth;
  for (std::size_t n : counts) {
    int fds[2];
    if (pipe(fds) != 0) return 1;
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      const double g = run(n);
      std::_Exit(write(fds[1], &g, sizeof g) == static_cast<ssize_t>(sizeof g) ? 0 : 1);
    }
    close(fds[1]);
    double g = 0;
    const bool got = read(fds[0], &g, sizeof g) == static_cast<ssize_t>(sizeof g);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "bench_sample_memory: the run of %zu samples failed\n", n);
      return 1;
    }
    growth.push_back(g);
  }
  std::printf("run growth %zu / %zu samples: %.3fx (target <= 1.10x)\n", counts[1], counts[0],
              growth[1] / growth[0]);
  kirchhoff::bench::print_figure("sample_growth_ratio", growth[1] / growth[0], "x");
  return 0;
}
