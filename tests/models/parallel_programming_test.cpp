// sim.threads: a tile's programming split over threads (models/parallel_for.h) gives the same
// devices, bit for bit, as on one thread, whatever the count and the array size (whole runs
// of 16 K devices and a ragged end alike), and parallel_for itself runs every item once and
// passes a body's exception on.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "models/analog_tile_model.h"
#include "models/parallel_for.h"
#include "models/pcm_device.h"
#include "models/random_stream.h"

namespace kirchhoff {
namespace {

std::vector<float> targets(std::size_t n) {
  const RandomStream data(3, "targets");
  std::vector<float> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<float>(25.0 * data.uniform(0, i));
  return t;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(ParallelProgramming, PcmDevicesAreBitIdenticalForAnyThreadCount) {
  for (std::size_t n : {std::size_t{5}, std::size_t{16384}, std::size_t{70001}}) {
    const std::vector<float> t = targets(n);
    const RandomStream rng(11, "chip.tile7");
    ProgrammedDevices one;
    PcmDevice(PcmParams{}, 25.0, 1).program(t, rng, 0, &one);
    for (int threads : {2, 3, 8}) {
      ProgrammedDevices many;
      PcmDevice(PcmParams{}, 25.0, threads).program(t, rng, 0, &many);
      EXPECT_TRUE(same_bits(one.g_prog_uS, many.g_prog_uS)) << n << " devices, " << threads;
      EXPECT_TRUE(same_bits(one.nu, many.nu)) << n << " devices, " << threads;
      EXPECT_EQ(one.nu_max, many.nu_max) << n << " devices, " << threads;
    }
  }
}

// A device's numbers depend on its index only: the first k devices of a short array (four-lane
// and padded paths) equal those of a long one (eight AVX2 lanes where the processor has them).
TEST(ParallelProgramming, ShortAndLongArraysGiveTheSameLeadingDevices) {
  const std::vector<float> t = targets(4096);
  const RandomStream rng(12, "chip.tile3");
  ProgrammedDevices all;
  PcmDevice(PcmParams{}, 25.0).program(t, rng, 0, &all);
  for (std::size_t k = 1; k <= 9; ++k) {
    ProgrammedDevices head;
    PcmDevice(PcmParams{}, 25.0)
        .program(std::vector<float>(t.begin(), t.begin() + k), rng, 0, &head);
    for (std::size_t i = 0; i < k; ++i) {
      EXPECT_EQ(head.g_prog_uS[i], all.g_prog_uS[i]) << k << " " << i;
      EXPECT_EQ(head.nu[i], all.nu[i]) << k << " " << i;
    }
  }
}

TEST(ParallelProgramming, TileOutputsAreBitIdenticalForAnyThreadCount) {
  const int side = 200;
  const RandomStream data(4, "weights");
  std::vector<float> w(static_cast<std::size_t>(side) * side);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(data.normal(0, i));
  std::vector<float> x(side, 0.25f);
  std::vector<std::vector<float>> y;
  for (int threads : {1, 2}) {
    TileParams p;
    p.rows = p.cols = side;
    p.device.type = DeviceType::kPcm;
    p.mapping.devices_per_weight = 4;
    p.programming_threads = threads;
    AnalogTileModel tile(p, RandomStream(9, "chip.tile0"));
    tile.program(w, side, side);
    y.emplace_back(side);
    tile.mvm(x.data(), y.back().data(), 3600.0);
  }
  EXPECT_TRUE(same_bits(y[0], y[1]));
}

TEST(ParallelFor, RunsEveryItemExactlyOnce) {
  std::vector<std::atomic<int>> hits(1000);
  parallel_for(3, hits.size(), [&](std::size_t i) { ++hits[i]; });
  for (std::size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(hits[i].load(), 1) << i;
}

TEST(ParallelFor, RethrowsTheExceptionOfABody) {
  EXPECT_THROW(parallel_for(2, 100,
                            [](std::size_t i) {
                              if (i == 57) throw std::runtime_error("item 57");
                            }),
               std::runtime_error);
}

}  // namespace
}  // namespace kirchhoff
