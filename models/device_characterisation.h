// Device characterisation for `kirchhoff device`: program `samples` devices to each level
// (fraction of G_max), read each once at every time since programming, and report the mean and
// standard deviation of the read conductance. Random stream: (seed, "device_characterisation");
// programming is event 0 with device index level_index * samples + i, the read at time index k
// is event k + 1.
#pragma once

#include <cstdint>
#include <vector>

#include "models/tile_params.h"

namespace kirchhoff {

struct DeviceStat {
  double level = 0.0;   // target as a fraction of G_max
  double time_s = 0.0;  // time since programming
  double mean_uS = 0.0;
  double std_uS = 0.0;  // sample standard deviation (n - 1)
};

// One entry per (level, time), levels outer. When `raw` is given it receives the read
// conductances (uS) of every entry, in the same order. Throws std::invalid_argument on
// samples < 2 or inconsistent device parameters.
std::vector<DeviceStat> characterise_device(const DeviceParams& device,
                                            const std::vector<double>& levels,
                                            const std::vector<double>& times_s, int samples,
                                            std::uint64_t seed,
                                            std::vector<std::vector<double>>* raw = nullptr);

}  // namespace kirchhoff
