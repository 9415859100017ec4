// The noisy analog MVM of issue 15 item 5 (PCM, output-referred read noise, 8-bit DAC and ADC,
// global drift compensation, t = 1 h) against a plain float GEMV of the same n x n matrix, in
// one run. The plain GEMV uses the same vectorised column-sum kernel (models/mvm_kernel.h) as
// the tile, so the ratio is the cost of the physics (DAC, noise GEMV on sigma^2, normals, ADC),
// not of a better or worse inner loop; a naive scalar loop is measured for reference.
// Shared by bench_mvm and bench_scale (header only: each bench is one source file).
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#include "models/analog_tile_model.h"
#include "models/mvm_kernel.h"
#include "models/random_stream.h"

namespace kirchhoff::bench {

struct MvmRates {
  double noisy_per_s = 0.0;  // noisy MVMs per second
  double plain_per_s = 0.0;  // plain GEMVs per second (same kernel)
  double naive_per_s = 0.0;  // scalar-loop GEMVs per second
  double noisy_over_plain() const { return plain_per_s / noisy_per_s; }
};

// Rate of f (calls per second): the best of `rounds` timed batches, so that load from other
// processes on the machine (which only ever slows a batch down) affects the figure least.
template <typename F>
double best_rate(F&& f, int batch, int rounds) {
  using Clock = std::chrono::steady_clock;
  double best = 0.0;
  for (int round = 0; round < rounds; ++round) {
    const auto start = Clock::now();
    for (int i = 0; i < batch; ++i) f();
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, batch / s);
  }
  return best;
}

// The three variants interleaved (three repetitions of `rounds` batches of about 2e7
// multiply-accumulates each), so changes in load hit all of them.
inline MvmRates measure_mvm_rates(int n, int rounds = 15) {
  constexpr double kBatchMacs = 2e7;
  constexpr double kTimeSinceProgrammingS = 3600.0;
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
  MvmRates r;
  for (int rep = 0; rep < 3; ++rep) {
    r.noisy_per_s = std::max(r.noisy_per_s, best_rate(noisy_mvm, batch, rounds));
    r.plain_per_s = std::max(r.plain_per_s, best_rate(plain_gemv, batch, rounds));
    r.naive_per_s = std::max(r.naive_per_s, best_rate(naive_gemv, batch, rounds));
  }
  return r;
}

}  // namespace kirchhoff::bench
