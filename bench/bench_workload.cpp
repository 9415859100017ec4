// The MLP and the CNN of tests/data on the 64-tile chip (configs/chips/hermes_like_64.yaml with
// 4 of its nodes as global DPUs, PCM devices, 8-bit converters): samples per wall-clock second
// and peak memory of `kirchhoff run`, and the ratio of the whole simulation's wall time to the
// same tile MVM kernels (AnalogTileModel::mvm, same noise settings, same number of MVMs per
// tile) called back to back without the simulator, measured in this run.
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "host/mapper.h"
#include "host/native_workload.h"
#include "models/analog_tile_model.h"

namespace {

using Clock = std::chrono::steady_clock;

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::vector<std::string> kSets = {"chip.tiles=60", "chip.global_dpus=4"};

struct Sim {
  double wall_s = 0;
  long peak_kb = 0;
};

Sim run_simulator(const std::string& model, const std::string& inputs, int samples) {
  std::string cmd = std::string(KIRCHHOFF_BINARY) + " --log-level warn run " + kSource +
                    "/configs/chips/hermes_like_64.yaml --workload " + kSource + "/tests/data/" +
                    model + " --inputs " + kSource + "/tests/data/" + inputs + " --samples " +
                    std::to_string(samples) + " --out /tmp/kh_bench_workload >/dev/null 2>&1";
  for (const auto& s : kSets) cmd += " --set " + s;
  const auto t0 = Clock::now();
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "bench_workload: '%s' failed\n", cmd.c_str());
    std::exit(1);
  }
  Sim s;
  s.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  rusage ru{};
  getrusage(RUSAGE_CHILDREN, &ru);
  s.peak_kb = ru.ru_maxrss;  // the largest child so far (KiB)
  return s;
}

// The tile kernels alone: one AnalogTileModel per used tile holding its block, and the MVMs the
// simulation does on it (mvms_per_sample x samples), back to back.
double run_kernels(const std::string& model, int samples) {
  const auto cfg =
      kirchhoff::config::load_config(kSource + "/configs/chips/hermes_like_64.yaml", kSets);
  const auto graph = kirchhoff::load_workload(kSource + "/tests/data/" + model);
  const auto plan = kirchhoff::map_workload(graph, cfg);
  struct Tile {
    kirchhoff::AnalogTileModel model;
    int mvms;
    std::vector<float> x, y;
  };
  std::vector<Tile> tiles;
  for (const auto& r : plan.routes) {
    const int rows = r.row_end - r.row_begin, cols = r.col_end - r.col_begin;
    std::vector<float> w(static_cast<std::size_t>(rows) * cols);
    kirchhoff::RandomStream(1, "bench.w").normals(r.tile, 0, w.data(), w.size());
    Tile t{kirchhoff::AnalogTileModel(cfg.tile, kirchhoff::RandomStream(1, "bench.tile")),
           plan.layers[r.mapped_layer].mvms_per_sample * samples, std::vector<float>(rows, 0.5f),
           std::vector<float>(cols)};
    t.model.program(w, rows, cols);
    tiles.push_back(std::move(t));
  }
  const auto t0 = Clock::now();
  for (auto& t : tiles) {
    for (int k = 0; k < t.mvms; ++k) t.model.mvm(t.x.data(), t.y.data(), 1.0 + 1e-6 * k);
  }
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void report(const char* name, const std::string& model, const std::string& inputs, int samples) {
  const Sim sim = run_simulator(model, inputs, samples);
  const double kernels = run_kernels(model, samples);
  std::printf(
      "%-4s %4d samples: simulator %.3f s wall (%.1f samples/s, peak RSS %.1f MiB incl. "
      "process start), kernels alone %.3f s, ratio %.2fx (target <= 1.5x)\n",
      name, samples, sim.wall_s, samples / sim.wall_s, sim.peak_kb / 1024.0, kernels,
      sim.wall_s / kernels);
}

}  // namespace

int main() {
  report("MLP", "mlp.onnx", "fmnist_inputs.npy", 32);
  report("CNN", "cnn.onnx", "fmnist_u8.npy", 8);
  return 0;
}
