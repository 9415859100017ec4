#include "models/analog_tile_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace kirchhoff {
namespace {

// Number of positive quantisation levels of a converter with `bits` (sign bit included when
// signed): 8-bit signed -> 127 steps per polarity.
double levels_per_side(int bits, bool is_signed) {
  return is_signed ? std::ldexp(1.0, bits - 1) - 1.0 : std::ldexp(1.0, bits) - 1.0;
}

double quantise(double v, double full_scale, double steps, bool is_signed) {
  const double lo = is_signed ? -full_scale : 0.0;
  v = std::clamp(v, lo, full_scale);
  const double lsb = full_scale / steps;
  return std::round(v / lsb) * lsb;
}

}  // namespace

AnalogTileModel::AnalogTileModel(const TileParams& params, RandomStream rng)
    : params_(params), rng_(rng) {}

TileCost AnalogTileModel::program(const std::vector<float>& w, int rows_used, int cols_used) {
  if (rows_used <= 0 || cols_used <= 0 || rows_used > params_.rows || cols_used > params_.cols) {
    throw std::invalid_argument("weight block " + std::to_string(rows_used) + "x" +
                                std::to_string(cols_used) + " does not fit a " +
                                std::to_string(params_.rows) + "x" + std::to_string(params_.cols) +
                                " crossbar");
  }
  if (w.size() != static_cast<std::size_t>(rows_used) * cols_used) {
    throw std::invalid_argument("weight block has " + std::to_string(w.size()) +
                                " values, expected rows x cols");
  }
  rows_used_ = rows_used;
  cols_used_ = cols_used;
  w_ = w;
  float m = 0.0f;
  for (float v : w_) m = std::max(m, std::fabs(v));
  w_max_ = m > 0.0f ? m : 1.0f;

  const auto& pp = params_.programming;
  const double devices =
      static_cast<double>(rows_used) * cols_used * params_.mapping.devices_per_weight;
  const double row_groups = std::ceil(static_cast<double>(rows_used) / pp.parallel_rows);
  TileCost cost;
  cost.latency_ns = row_groups * pp.verify_iterations * 2.0 * pp.pulse_ns;
  cost.energy.programming_pj = devices * pp.verify_iterations * pp.pulse_energy_pj;
  return cost;
}

double AnalogTileModel::mvm_latency_ns() const {
  const auto& d = params_.dac;
  const auto& a = params_.adc;
  const double input_ns = levels_per_side(d.bits, d.is_signed) * d.t_lsb_ns;
  const double conv_ns =
      (a.type == AdcType::kSar ? a.bits * a.t_bit_ns : std::ldexp(1.0, a.bits) * a.t_lsb_ns) *
      a.columns_per_adc;
  return (input_ns + conv_ns) * d.phases;
}

TileCost AnalogTileModel::mvm(const float* x, float* y, double /*t_since_programming_s*/) {
  const auto& d = params_.dac;
  const auto& a = params_.adc;
  const double in_steps = levels_per_side(d.bits, d.is_signed);
  const double out_steps = levels_per_side(a.bits, true);
  std::vector<double> xn(rows_used_);
  for (int r = 0; r < rows_used_; ++r) {
    xn[r] = quantise(x[r] / d.range, 1.0, in_steps, d.is_signed);
  }
  const double wscale = 1.0 / w_max_;
  for (int c = 0; c < cols_used_; ++c) {
    double acc = 0.0;
    for (int r = 0; r < rows_used_; ++r) acc += w_[r * cols_used_ + c] * wscale * xn[r];
    const double yn = quantise(acc * a.gain, a.bound, out_steps, true) / a.gain;
    y[c] = static_cast<float>(yn * w_max_ * d.range);
  }
  ++mvm_count_;
  TileCost cost;
  cost.latency_ns = mvm_latency_ns();
  cost.energy.dac_pj = rows_used_ * d.energy_per_row_pj;
  return cost;
}

TileCost AnalogTileModel::calibrate(double /*t_since_programming_s*/) {
  return {};
}

}  // namespace kirchhoff
