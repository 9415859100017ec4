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
// Before all that (while this process is still small: a child's peak RSS starts at its
// parent's), each in its own process (one SystemC model per process; bench/child_figures.h),
// the other issue-15 figures: bench_workload (whole-chip MLP and CNN against their MVMs, CNN
// samples per CPU second), bench_chip_scale (set-up and tear-down per tile, 1 k to 16 k tiles),
// bench_sample_memory (run growth, 16 k against 1 k samples) and the RNN-T step on one chip
// (`kirchhoff run`, configs/workloads/rnnt_step.yaml on 1,024 tiles: wall, CPU, peak RSS); it
// ends with one table of every target: figure, goal, measured, met or not. A child that fails
// is named and the program exits 1 without the table.
//
// Usage: bench_scale [WEIGHTS] [--programming-only]
//   WEIGHTS: weights programmed (default 100e6; a smaller count for a quick look, per-unit
//   figures hold); --programming-only: stop after the programming, threads and MVM figures.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <stdlib.h>

#include "bench/child_figures.h"
#include "bench/mvm_rates.h"
#include "models/analog_tile_model.h"
#include "workloads/npy.h"

namespace {

constexpr int kSide = 256;
// Measured with this program (100 M weights, 1,526 tiles) on commit 2d2a920, before the fast
// programming and compact storage: 49.7 s CPU of programming, 10.06 GiB peak RSS.
constexpr double kBeforeNsPerDevice = 124.3;
constexpr double kBeforeBytesPerWeight = 108.1;
constexpr double kBeforeMvmNsPerWeight = 85.87;

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

// One row of the closing table.
struct Target {
  std::string figure, goal, measured;
  bool met = false;
};

std::string fixed(double v, int digits, const char* unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%s", digits, v, unit);
  return buf;
}

// Runs sibling benchmark `name` (its lines echoed); ok is false when it failed or did not print
// every FIGURE in `keys`.
kirchhoff::bench::ChildResult run_bench(const std::string& name,
                                        const std::vector<std::string>& keys) {
  std::printf("\n== %s\n", name.c_str());
  std::fflush(stdout);
  kirchhoff::bench::ChildResult r =
      kirchhoff::bench::run_child({kirchhoff::bench::sibling_path(name)}, true);
  if (!r.ok) std::fprintf(stderr, "bench_scale: %s failed\n", name.c_str());
  for (const std::string& k : keys)
    if (r.ok && r.figures.count(k) == 0) {
      std::fprintf(stderr, "bench_scale: %s printed no FIGURE %s\n", name.c_str(), k.c_str());
      r.ok = false;
    }
  return r;
}

// The RNN-T step (45,276,416 weights) on one chip of 1,024 tiles, one step's input of 508
// values U(-1, 1), in a fresh temporary directory: as docs/performance.md "RNN-T scale".
kirchhoff::bench::ChildResult run_rnnt() {
  std::printf("\n== kirchhoff run configs/workloads/rnnt_step.yaml (1,024 tiles, one step)\n");
  std::fflush(stdout);
  std::string dir = "/tmp/kh_bench_scale_XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    std::fprintf(stderr, "bench_scale: cannot make a temporary directory\n");
    return {};
  }
  std::vector<float> x(508);
  kirchhoff::RandomStream rng(1, "bench_scale.rnnt_input");
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(rng.uniform(0, i) * 2.0 - 1.0);
  const std::string input = dir + "/x508.npy";
  kirchhoff::write_npy(input, kirchhoff::Shape{1, 508}, x);
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  kirchhoff::bench::ChildResult r = kirchhoff::bench::run_child(
      {KIRCHHOFF_BINARY, "--log-level", "warn", "run", src + "/configs/chips/hermes64.yaml",
       "--workload", src + "/configs/workloads/rnnt_step.yaml", "--inputs", input, "--set",
       "chip.tiles=1024", "--set", "chip.mesh_cols=32", "--set", "chip.mesh_rows=32", "--quiet",
       "--out", dir + "/out"},
      true);
  if (!r.ok) {
    std::fprintf(stderr, "bench_scale: the RNN-T run failed (files in %s)\n", dir.c_str());
    return r;  // its times and peak are of a failed run: not printed
  }
  std::filesystem::remove_all(dir);
  std::printf("  wall %.2f s, CPU %.2f s, peak RSS %.2f GiB\n", r.wall_s, r.cpu_s,
              r.peak_mib / 1024.0);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  double requested = 100e6;
  bool programming_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    char* end = nullptr;
    const double v = std::strtod(argv[i], &end);
    if (a == "--programming-only") {
      programming_only = true;
    } else if (end != argv[i] && *end == '\0' && v >= 1.0) {
      requested = v;
    } else {
      std::fprintf(stderr,
                   "bench_scale: '%s' is neither WEIGHTS (a number >= 1) nor --programming-only\n"
                   "usage: bench_scale [WEIGHTS] [--programming-only]\n",
                   argv[i]);
      return 2;
    }
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

  // The children first, while this process is small: a child's peak RSS is at least this
  // process's peak when it was started (child_figures.h), and the programming below peaks at
  // 2 GiB for the default 100 M weights, more than the RNN-T step's own peak.
  kirchhoff::bench::ChildResult work, chip_scale, samples, rnnt;
  if (!programming_only) {
    work = run_bench("bench_workload", {"mlp_ratio", "cnn_ratio", "cnn_samples_per_cpu_s"});
    if (!work.ok) return 1;
    chip_scale =
        run_bench("bench_chip_scale", {"construct_ratio", "elaborate_ratio", "teardown_ratio"});
    if (!chip_scale.ok) return 1;
    samples = run_bench("bench_sample_memory", {"sample_growth_ratio"});
    if (!samples.ok) return 1;
    rnnt = run_rnnt();
    if (!rnnt.ok) return 1;
    std::printf("\n");
  }

  std::vector<std::unique_ptr<kirchhoff::AnalogTileModel>> chip;
  chip.reserve(tiles);
  std::vector<float> w(per_tile);
  double program_cpu_s = 0.0;
  for (std::size_t t = 0; t < tiles; ++t) {
    fill_weights(t, &w);
    chip.push_back(std::make_unique<kirchhoff::AnalogTileModel>(
        params, kirchhoff::RandomStream(1, "bench.tile" + std::to_string(t))));
    const double c0 = kirchhoff::bench::process_cpu_s();
    chip.back()->program(w, kSide, kSide);
    program_cpu_s += kirchhoff::bench::process_cpu_s() - c0;
  }
  std::vector<float> x(kSide, 0.5f), y(kSide);
  const double c0 = kirchhoff::bench::process_cpu_s();
  for (auto& tile : chip) tile->mvm(x.data(), y.data(), 3600.0);
  const double mvm_cpu_s = kirchhoff::bench::process_cpu_s() - c0;

  const double ns_per_device = 1e9 * program_cpu_s / devices;
  const double bytes_per_weight = kirchhoff::bench::status_bytes("VmHWM") / weights;
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
  double mvm_ratio[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    const int n = i == 0 ? 256 : 512;
    const kirchhoff::bench::MvmRates r = kirchhoff::bench::measure_mvm_rates(n, 5);
    mvm_ratio[i] = r.noisy_over_plain();
    std::printf("noisy MVM / plain GEMV, %dx%d: %.2fx (target <= 2.5)\n", n, n, mvm_ratio[i]);
  }
  if (!same) return 1;
  if (programming_only) return 0;

  auto figure = [](const kirchhoff::bench::ChildResult& c, const char* key) {
    return c.figures.at(key);  // present: run_bench checked
  };
  const double gib = 1024.0 * 1024.0 * 1024.0;
  const double billion_gib = bytes_per_weight * 1e9 / gib;
  // Item 3: the per-tile cost of each chip phase, 16 k against 1 k tiles, within one bound.
  constexpr double kNotGrowing = 1.25;
  auto not_growing = [&](const char* key, const char* phase) {
    const double ratio = figure(chip_scale, key);
    return Target{std::string("3 ") + phase + " per tile, 16 k / 1 k tiles",
                  "not growing (<= " + fixed(kNotGrowing, 2, "x") + ", assumed spread)",
                  fixed(ratio, 2, "x"), ratio <= kNotGrowing};
  };
  const std::vector<Target> targets = {
      {"1 programming, CPU ns per device", "<= 15", fixed(ns_per_device, 1, ""),
       ns_per_device <= 15.0},
      {"1 same bits with sim.threads 1 and 2", "yes", same ? "yes" : "no", same},
      {"2 peak RSS, bytes per weight (4 PCM)", "<= 24", fixed(bytes_per_weight, 1, ""),
       bytes_per_weight <= 24.0},
      {weights >= 1e9 ? "6 one billion weights, peak RSS (measured)"
                      : "6 one billion weights, peak RSS (from bytes per weight)",
       "<= 24 GiB", fixed(billion_gib, 2, " GiB"), billion_gib <= 24.0},
      not_growing("teardown_ratio", "tear-down"),
      not_growing("construct_ratio", "construct"),
      not_growing("elaborate_ratio", "elaborate"),
      {"4 run growth, 16 k / 1 k samples", "<= 1.10x",
       fixed(figure(samples, "sample_growth_ratio"), 3, "x"),
       figure(samples, "sample_growth_ratio") <= 1.10},
      {"5 noisy MVM / plain GEMV, 256 x 256", "<= 2.5x", fixed(mvm_ratio[0], 2, "x"),
       mvm_ratio[0] <= 2.5},
      {"5 noisy MVM / plain GEMV, 512 x 512", "<= 2.5x", fixed(mvm_ratio[1], 2, "x"),
       mvm_ratio[1] <= 2.5},
      {"5 whole chip MLP / its MVMs (CPU)", "<= 1.5x", fixed(figure(work, "mlp_ratio"), 2, "x"),
       figure(work, "mlp_ratio") <= 1.5},
      {"5 whole chip CNN / its MVMs (CPU)", "<= 1.5x", fixed(figure(work, "cnn_ratio"), 2, "x"),
       figure(work, "cnn_ratio") <= 1.5},
      {"5 CNN samples per CPU second", ">= 2000",
       fixed(figure(work, "cnn_samples_per_cpu_s"), 0, ""),
       figure(work, "cnn_samples_per_cpu_s") >= 2000.0},
      {"6 RNN-T step on one chip, wall", "< 5 s",
       fixed(rnnt.wall_s, 2, " s") + " (CPU " + fixed(rnnt.cpu_s, 2, " s") + ")",
       rnnt.wall_s < 5.0},
      {"6 RNN-T step on one chip, peak RSS", "< 2 GiB", fixed(rnnt.peak_mib / 1024.0, 2, " GiB"),
       rnnt.peak_mib / 1024.0 < 2.0},
  };
  std::printf("\nIssue 15 targets, measured in this run:\n%-56s %-40s %-22s %s\n", "figure", "goal",
              "measured", "");
  for (const Target& t : targets)
    std::printf("%-56s %-40s %-22s %s\n", t.figure.c_str(), t.goal.c_str(), t.measured.c_str(),
                t.met ? "met" : "NOT MET");
  return 0;
}
