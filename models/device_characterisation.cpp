#include "models/device_characterisation.h"

#include <cmath>
#include <stdexcept>

#include "models/device_model.h"
#include "models/random_stream.h"

namespace kirchhoff {

std::vector<DeviceStat> characterise_device(const DeviceParams& device,
                                            const std::vector<double>& levels,
                                            const std::vector<double>& times_s, int samples,
                                            std::uint64_t seed,
                                            std::vector<std::vector<double>>* raw) {
  if (samples < 2) throw std::invalid_argument("device characterisation: samples must be >= 2");
  const auto model = make_device_model(device);
  const RandomStream rng(seed, "device_characterisation");
  const std::size_t n = static_cast<std::size_t>(samples);
  std::vector<float> target(levels.size() * n);
  for (std::size_t l = 0; l < levels.size(); ++l) {
    for (std::size_t i = 0; i < n; ++i) {
      target[l * n + i] = static_cast<float>(levels[l] * device.g_max_uS);
    }
  }
  ProgrammedDevices d;
  model->program(target, rng, 0, &d);
  apply_stuck_at_faults(device, *model, rng, 0, &d);

  std::vector<DeviceStat> stats;
  if (raw != nullptr) raw->clear();
  std::vector<std::vector<float>> reads(times_s.size(), std::vector<float>(target.size()));
  for (std::size_t k = 0; k < times_s.size(); ++k) {
    read_conductance(d, *model, times_s[k], rng, k + 1, nullptr, reads[k].data());
  }
  for (std::size_t l = 0; l < levels.size(); ++l) {
    for (std::size_t k = 0; k < times_s.size(); ++k) {
      const float* g = reads[k].data() + l * n;
      double sum = 0.0, sum2 = 0.0;
      for (std::size_t i = 0; i < n; ++i) sum += g[i];
      const double mean = sum / static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i) sum2 += (g[i] - mean) * (g[i] - mean);
      stats.push_back({levels[l], times_s[k], mean, std::sqrt(sum2 / static_cast<double>(n - 1))});
      if (raw != nullptr) raw->emplace_back(g, g + n);
    }
  }
  return stats;
}

}  // namespace kirchhoff
