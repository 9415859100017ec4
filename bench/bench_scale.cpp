// Programming speed and weight storage at the scale of real models (issue 15 items 1-2):
// programs WEIGHTS weights (default 100 M) into 256 x 256 PCM tiles with 4 devices per weight
// (two differential pairs, per-tile scaling, global drift compensation: the defaults otherwise),
// one AnalogTileModel per tile as a chip holds them, then runs one MVM per tile one hour after
// programming (the drift cache is rebuilt there). Prints
//   - ns per device: process CPU time of the program() calls / devices programmed;
//   - bytes per weight: peak RSS (VmHWM) / weights, everything the process holds included;
//   - ns per weight of the MVM step (one MVM per tile, drift recomputed);
//   - sim.threads: the wall time of programming up to 32 of the tiles again with 1 and with 2
//     programming threads (TileParams::programming_threads), and whether the two gave the same
//     effective weights bit for bit (they must: counter-based streams keyed by device). On a
//     machine busy with other work the speed-up is whatever share of a second core it gets;
//   - the hot-path ratios (item 5): a noisy 256 x 256 and 512 x 512 MVM over a plain GEMV of
//     the same matrix (bench/mvm_rates.h; bench_mvm prints the rates behind them).
// The weight blocks are drawn into one reused buffer (a host streams them in; the tile keeps
// only its devices), outside the timed calls. The figures measured the same way on the commit
// before the fast programming (2d2a920) are printed beside them.
//
// Usage: bench_scale [WEIGHTS]   (a smaller count for a quick look; per-unit figures hold)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench/mvm_rates.h"
#include "models/analog_tile_model.h"

namespace {

constexpr int kSide = 256;
// Measured with this program (100 M weights, 1,526 tiles) on commit 2d2a920, before the fast
// programming and compact storage: 49.7 s CPU of programming, 10.06 GiB peak RSS.
constexpr double kBeforeNsPerDevice = 124.3;
constexpr double kBeforeBytesPerWeight = 108.1;
constexpr double kBeforeMvmNsPerWeight = 85.87;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Peak resident set size (bytes) from /proc/self/status (VmHWM, kB).
double peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return 1024.0 * std::strtod(line.c_str() + 6, nullptr);
  }
  return 0.0;
}

// Weights of tile `tile`: a cheap deterministic spread in [-1, 1] (xorshift), not timed.
void fill_weights(std::uint64_t tile, std::vector<float>* w) {
  std::uint64_t s = 0x9e3779b97f4a7c15ULL * (tile + 1);
  for (float& v : *w) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    v = static_cast<float>(static_cast<double>(s >> 11) * 0x1.0p-53 * 2.0 - 1.0);
  }
}

// Wall seconds of programming tiles [0, count) with `threads` programming threads; the
// effective weights of every tile are appended to *w_n.
double program_wall_s(kirchhoff::TileParams params, int threads, std::size_t count,
                      std::vector<float>* w_n) {
  params.programming_threads = threads;
  const std::size_t per_tile = static_cast<std::size_t>(kSide) * kSide;
  std::vector<float> w(per_tile);
  double wall_s = 0.0;
  for (std::size_t t = 0; t < count; ++t) {
    fill_weights(t, &w);
    kirchhoff::AnalogTileModel tile(params,
                                    kirchhoff::RandomStream(1, "bench.tile" + std::to_string(t)));
    const auto start = std::chrono::steady_clock::now();
    tile.program(w, kSide, kSide);
    wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    w_n->insert(w_n->end(), tile.effective_weights().begin(), tile.effective_weights().end());
  }
  return wall_s;
}

}  // namespace

int main(int argc, char** argv) {
  const double requested = argc > 1 ? std::strtod(argv[1], nullptr) : 100e6;
  if (!(requested >= 1.0)) {
    std::fprintf(stderr, "bench_scale: WEIGHTS must be a number >= 1, got '%s'\n", argv[1]);
    return 2;
  }
  const std::size_t per_tile = static_cast<std::size_t>(kSide) * kSide;
  const std::size_t tiles =
      (static_cast<std::size_t>(requested) + per_tile - 1) / per_tile;  // whole tiles
  const double weights = static_cast<double>(tiles * per_tile);

  kirchhoff::TileParams params;
  params.rows = params.cols = kSide;
  params.device.type = kirchhoff::DeviceType::kPcm;
  params.mapping.devices_per_weight = 4;
  const double devices = weights * params.mapping.devices_per_weight;

  std::vector<std::unique_ptr<kirchhoff::AnalogTileModel>> chip;
  chip.reserve(tiles);
  std::vector<float> w(per_tile);
  double program_cpu_s = 0.0;
  for (std::size_t t = 0; t < tiles; ++t) {
    fill_weights(t, &w);
    chip.push_back(std::make_unique<kirchhoff::AnalogTileModel>(
        params, kirchhoff::RandomStream(1, "bench.tile" + std::to_string(t))));
    const double c0 = cpu_seconds();
    chip.back()->program(w, kSide, kSide);
    program_cpu_s += cpu_seconds() - c0;
  }
  std::vector<float> x(kSide, 0.5f), y(kSide);
  const double c0 = cpu_seconds();
  for (auto& tile : chip) tile->mvm(x.data(), y.data(), 3600.0);
  const double mvm_cpu_s = cpu_seconds() - c0;

  const double ns_per_device = 1e9 * program_cpu_s / devices;
  const double bytes_per_weight = peak_rss_bytes() / weights;
  const double mvm_ns_per_weight = 1e9 * mvm_cpu_s / weights;
  std::printf("bench_scale: %zu tiles of %dx%d, %.0f weights, %d PCM devices per weight\n", tiles,
              kSide, kSide, weights, params.mapping.devices_per_weight);
  std::printf("%-34s %12s %12s\n", "", "now", "before");
  std::printf("%-34s %12.1f %12.1f\n", "programming ns per device (CPU)", ns_per_device,
              kBeforeNsPerDevice);
  std::printf("%-34s %12.1f %12.1f\n", "bytes per weight (peak RSS)", bytes_per_weight,
              kBeforeBytesPerWeight);
  std::printf("%-34s %12.2f %12.2f\n", "first MVM ns per weight (CPU)", mvm_ns_per_weight,
              kBeforeMvmNsPerWeight);
  std::printf("programming %.1f s CPU in all; peak RSS %.2f GiB\n", program_cpu_s,
              bytes_per_weight * weights / (1024.0 * 1024.0 * 1024.0));
  chip.clear();
  const std::size_t again = std::min<std::size_t>(tiles, 32);
  std::vector<float> w_one, w_two;
  const double one_s = program_wall_s(params, 1, again, &w_one);
  const double two_s = program_wall_s(params, 2, again, &w_two);
  const bool same = w_one.size() == w_two.size() &&
                    std::memcmp(w_one.data(), w_two.data(), w_one.size() * sizeof(float)) == 0;
  const double again_devices = static_cast<double>(again * per_tile) * 4.0;
  std::printf(
      "sim.threads 1 / 2: %.1f / %.1f ns per device (wall, %zu tiles), speed-up %.2fx, "
      "%s\n",
      1e9 * one_s / again_devices, 1e9 * two_s / again_devices, again, one_s / two_s,
      same ? "bit-identical" : "DIFFERENT (a bug)");
  for (const int n : {256, 512}) {
    const kirchhoff::bench::MvmRates r = kirchhoff::bench::measure_mvm_rates(n, 5);
    std::printf("noisy MVM / plain GEMV, %dx%d: %.2fx (target <= 2.5)\n", n, n,
                r.noisy_over_plain());
  }
  if (!same) return 1;
  return 0;
}
