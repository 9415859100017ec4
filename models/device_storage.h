// Compact programmed state of a tile's devices, 4 bytes per device instead of the 12 of
// ProgrammedDevices: the programmed conductance in IEEE binary16 (relative rounding error
// <= 2^-11, 0.012 uS at 25 uS against a programming noise sigma of 0.26-1.06 uS) and the drift
// exponent in 16-bit fixed point of the tile's largest exponent (absolute error <= nu_max / 2^17,
// 3e-6 for nu_max = 0.4: a drift-factor error <= 5e-5 after a year). The read-noise coefficient
// is a function of the programmed conductance (DeviceModel::read_q_batch) and is not stored.
// A model without programming noise (DeviceModel::exact_programming: ideal devices) keeps its
// conductances in float, exactly; exponents are not stored at all when every one is 0.
// The precision is tested in tests/models/device_storage_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/device_model.h"

namespace kirchhoff {

// IEEE binary16 of non-negative floats (round to nearest even, subnormals kept, values above the
// largest half 65504 saturate to it), four at a time; the same bits as fp16_bits_from_float of
// models/numeric_format.h there.
void encode_fp16(const float* x, std::uint16_t* h, std::size_t n);
void decode_fp16(const std::uint16_t* h, float* x, std::size_t n);

class DeviceStorage {
 public:
  static constexpr std::uint32_t kNuCodes = 65535;  // largest drift-exponent code

  // Encodes every device of d (nu_max becomes the largest stored exponent); exact keeps the
  // conductances in float.
  void store(const ProgrammedDevices& d, bool exact);
  std::size_t size() const { return size_; }
  double nu_max() const { return nu_max_; }
  std::size_t stored_bytes() const {
    return g_fp16_.size() * sizeof(std::uint16_t) + g_f32_.size() * sizeof(float) +
           nu_code_.size() * sizeof(std::uint16_t);
  }

  // Devices [first, first + n): programmed conductance (uS), drift exponent, and the
  // conductance after drift G_prog 2^(-nu log_t / ln 2), log_t = ln(t / t0) (drift_log_time).
  void g_prog(std::size_t first, std::size_t n, float* g_uS) const;
  void nu(std::size_t first, std::size_t n, float* nu) const;
  void drifted(double log_t, std::size_t first, std::size_t n, float* g_uS) const;

  // Every device as the float arrays it was stored from (after the rounding of the storage).
  ProgrammedDevices decode() const;

 private:
  std::size_t size_ = 0;
  std::vector<std::uint16_t> g_fp16_;  // either this (noisy programming) ...
  std::vector<float> g_f32_;           // ... or this (exact programming)
  std::vector<std::uint16_t> nu_code_;
  float nu_step_ = 0.0f;
  double nu_max_ = 0.0;
};

}  // namespace kirchhoff
