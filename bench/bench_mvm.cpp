// Noisy analog MVM (PCM, output-referred read noise, 8-bit DAC and ADC, global drift
// compensation, t = 1 h) against a plain float GEMV of the same matrix, measured in one run.
// The plain GEMV uses the same vectorised column-sum kernel (models/mvm_kernel.h) as the tile,
// so the ratio is the cost of the physics (DAC, noise GEMV on sigma^2, normals, ADC), not of a
// better or worse inner loop; a naive scalar loop is printed for reference.
// Target (issue 15 item 5): noisy / plain <= 2.5.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "models/analog_tile_model.h"
#include "models/mvm_kernel.h"
#include "models/random_stream.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRounds = 15;         // timed batches per variant and repetition
constexpr double kBatchMacs = 2e7;  // multiply-accumulates per timed batch
constexpr double kTimeSinceProgrammingS = 3600.0;

// Rate of f (calls per second): the best of kRounds timed batches, so that load from other
// processes on the machine (which only ever slows a batch down) affects the figure least.
template <typename F>
double best_rate(F&& f, int batch) {
  double best = 0.0;
  for (int round = 0; round < kRounds; ++round) {
    const auto start = Clock::now();
    for (int i = 0; i < batch; ++i) f();
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, batch / s);
  }
  return best;
}

void bench(int n) {
  using namespace kirchhoff;
  const RandomStream data(1, "bench_data");
  std::vector<float> w(static_cast<std::size_t>(n) * n), x(n), y(n), ref(n);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(2 * data.uniform(0, i) - 1);
  for (int i = 0; i < n; ++i) x[i] = static_cast<float>(2 * data.uniform(1, i) - 1);

  TileParams p;
  p.rows = n;
  p.cols = n;
  p.device.type = DeviceType::kPcm;
  p.read.noise_mode = ReadNoiseMode::kOutputReferred;
  p.dac.bits = 8;
  p.adc.bits = 8;
  p.adc.noise_sigma = 0.04;
  AnalogTileModel tile(p, RandomStream(2, "bench_tile"));
  tile.program(w, n, n);

  volatile float sink = 0.0f;
  const auto noisy_mvm = [&] {
    tile.mvm(x.data(), y.data(), kTimeSinceProgrammingS);
    sink = sink + y[0];
  };
  const auto plain_gemv = [&] {
    std::fill(ref.begin(), ref.end(), 0.0f);
    gemv_accumulate(w.data(), n, n, x.data(), ref.data());
    sink = sink + ref[0];
  };
  const auto naive_gemv = [&] {
    for (int c = 0; c < n; ++c) ref[c] = 0.0f;
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) ref[c] += w[static_cast<std::size_t>(r) * n + c] * x[r];
    }
    sink = sink + ref[0];
  };
  const int batch = std::max(1, static_cast<int>(kBatchMacs / (static_cast<double>(n) * n)));
  double noisy = 0.0, plain = 0.0, naive = 0.0;
  for (int rep = 0; rep < 3; ++rep) {  // interleave the variants so changes in load hit all
    noisy = std::max(noisy, best_rate(noisy_mvm, batch));
    plain = std::max(plain, best_rate(plain_gemv, batch));
    naive = std::max(naive, best_rate(naive_gemv, batch));
  }
  std::printf(
      "%4dx%-4d  noisy %10.0f MVM/s  plain %10.0f GEMV/s  naive %10.0f GEMV/s  "
      "noisy cost = %.2fx plain (target <= 2.5), %.2fx naive\n",
      n, n, noisy, plain, naive, plain / noisy, naive / noisy);
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("bench_mvm: PCM tile, output-referred read noise, 8-bit DAC/ADC, t = 1 h\n");
  if (argc > 1) {  // one size only, e.g. for a profiler
    bench(std::atoi(argv[1]));
    return 0;
  }
  bench(256);
  bench(512);
  return 0;
}
