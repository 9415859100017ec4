// Device-model interface: what programming fixes once per device (conductance, drift exponent,
// read-noise coefficient) and the laws every model shares in time:
//   G(t)       = G_prog * (t / t0)^-nu          for t > t0, G_prog otherwise
//   sigma_r(t) = |G(t)| * read_q * time_factor(t)
// Each concrete model (ideal, PCM, RRAM, table) decides how G_prog, nu and read_q are drawn and
// what t0 and time_factor(t) are. Random draws are keyed (event, slot * kSlotStride + device).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/random_stream.h"
#include "models/tile_params.h"

namespace kirchhoff {

// Element slots inside one random-stream event, so draws of different kinds never collide.
constexpr std::uint64_t kSlotStride = std::uint64_t{1} << 40;
constexpr std::uint64_t kSlotProgNoise = 0;  // programming noise, one normal per device
constexpr std::uint64_t kSlotDriftNu = 1;    // drift exponent, one normal per device
constexpr std::uint64_t kSlotStuckAt = 2;    // stuck-at fault, one uniform per device
constexpr std::uint64_t kSlotReadNoise = 3;  // per-device read noise, one normal per device
// Output noise, one normal per column (output-referred read noise and ADC noise together).
constexpr std::uint64_t kSlotOutputNoise = 4;

// Programmed state of an array of devices (structure of arrays, one entry per device). The
// read-noise coefficient is DeviceModel::read_q of g_prog_uS (not stored).
struct ProgrammedDevices {
  std::vector<float> g_prog_uS;  // conductance right after programming
  std::vector<float> nu;         // drift exponent (0: no drift)
  double nu_max = 0.0;           // largest nu (bounds how fast any device drifts)
  void resize(std::size_t n);
  std::size_t size() const { return g_prog_uS.size(); }
};

class DeviceModel {
 public:
  virtual ~DeviceModel() = default;
  // Programs one device per target (uS): draws programming noise and drift exponents from
  // `rng` at `event`, device i using element slot * kSlotStride + i.
  virtual void program(const std::vector<float>& target_uS, const RandomStream& rng,
                       std::uint64_t event, ProgrammedDevices* out) const = 0;
  // Read-noise coefficient of a device programmed to g_prog_uS.
  virtual float read_q(float g_prog_uS) const = 0;
  // read_q of n devices at once (q[i] = read_q(g_prog_uS[i])).
  virtual void read_q_batch(const float* g_prog_uS, float* q, std::size_t n) const;
  // True when programming sets every conductance exactly (no programming noise): the tile then
  // stores conductances in float rather than binary16 (models/device_storage.h).
  virtual bool exact_programming() const { return false; }
  // Drift reference time t0 (s).
  virtual double drift_t0_s() const = 0;
  // Time factor of the read-noise sigma at t seconds after programming (PCM: the 1/f integral).
  virtual double read_noise_time_factor(double t_s) const = 0;
};

// The device model named by params.type; throws std::invalid_argument on inconsistent params.
// threads: the threads of a programming call (sim.threads; PCM only, the others program on the
// caller's thread); the results do not depend on it.
std::shared_ptr<const DeviceModel> make_device_model(const DeviceParams& params, int threads = 1);

// Replaces a fraction of devices by stuck-at faults at G_min / G_max (one uniform per device,
// slot kSlotStuckAt of `event`): stuck devices hold their value exactly and do not drift.
void apply_stuck_at_faults(const DeviceParams& params, const DeviceModel& model,
                           const RandomStream& rng, std::uint64_t event, ProgrammedDevices* d);

// ln(t / t0) for t > t0, 0 otherwise: the exponent argument of the drift law.
double drift_log_time(double t_s, double t0_s);

// G(t) of every device (uS).
void drifted_conductance(const ProgrammedDevices& d, double t_s, double t0_s, float* g_uS);

// One read of every device at t: G(t) + sigma_r(t) * N(0,1), clamped at 0 (event, slot
// kSlotReadNoise). `g_t_uS` may be given (the drifted conductances) or null.
void read_conductance(const ProgrammedDevices& d, const DeviceModel& model, double t_s,
                      const RandomStream& rng, std::uint64_t event, const float* g_t_uS,
                      float* g_read_uS);

}  // namespace kirchhoff
