#include "models/analog_tile_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/ir_drop.h"
#include "models/mvm_kernel.h"

namespace kirchhoff {

AnalogTileModel::AnalogTileModel(const TileParams& params, RandomStream rng)
    : params_(params),
      rng_(rng),
      device_(make_device_model(params.device)),
      dac_(params.dac),
      adc_(params.adc),
      comp_(params.read.compensation) {
  if (params_.rows <= 0 || params_.cols <= 0) {
    throw std::invalid_argument("tile: rows and cols must be > 0");
  }
}

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
  map_ = map_weights(w.data(), rows_used, cols_used, params_.mapping, params_.device.g_min_uS,
                     params_.device.g_max_uS);
  rows_used_ = rows_used;
  cols_used_ = cols_used;
  const std::uint64_t event = program_count_ == 0 ? 0 : kReprogramEventBase + program_count_;
  ++program_count_;
  device_->program(map_.target_uS, rng_, event, &devices_);
  apply_stuck_at_faults(params_.device, *device_, rng_, event, &devices_);

  x_n_.assign(rows_used, 0.0f);
  code_.assign(rows_used, 0);
  z_.assign(cols_used, 0.0f);
  normals_.assign(cols_used, 0.0f);
  scratch_.assign(cols_used, 0.0f);
  g_read_uS_.clear();
  w_read_.clear();

  // Reference of drift compensation: the drift-free state right after programming.
  cache_valid_ = false;
  rebuild_cache(0.0);
  comp_.set_reference(calibration_readout());
  return programming_cost(params_, rows_used, cols_used);
}

void AnalogTileModel::ensure_cache(double t_s) {
  if (cache_valid_) {
    const double lt = drift_log_time(t_s, device_->drift_t0_s());
    const double change = std::fabs(std::expm1(-devices_.nu_max * (lt - cache_log_t_)));
    if (change <= params_.read.drift_tolerance) return;
  }
  rebuild_cache(t_s);
  if (comp_.mode() != DriftCompensation::kNone && params_.read.recalibration_period_ns <= 0.0) {
    comp_.update(calibration_readout());
  }
}

void AnalogTileModel::rebuild_cache(double t_s) {
  const std::size_t ps = map_.plane_size();
  const int planes = map_.planes();
  g_t_uS_.resize(devices_.size());
  drifted_conductance(devices_, t_s, device_->drift_t0_s(), g_t_uS_.data());
  cache_log_t_ = drift_log_time(t_s, device_->drift_t0_s());
  cache_valid_ = true;
  ++drift_recomputations_;

  std::vector<float> cell(ps, 0.0f);
  for (int p = 0; p < planes; ++p) {
    const float* g = g_t_uS_.data() + p * ps;
    for (std::size_t i = 0; i < ps; ++i) cell[i] += g[i];
  }
  if (params_.read.ir_drop) {
    ir_att_ = ir_drop_attenuation(cell, rows_used_, cols_used_, params_.read.wire_resistance_ohm);
  } else {
    ir_att_.clear();
  }

  const double inv = 1.0 / (map_.g_range_uS * map_.significance_sum());
  w_n_.assign(ps, 0.0f);
  w_abs_.assign(ps, 0.0f);
  std::vector<float> var(ps, 0.0f);
  for (int k = 0; k < map_.pairs; ++k) {
    const double s = map_.significance[k] * inv;
    for (int pol = 0; pol < 2; ++pol) {
      const std::size_t off = (2 * k + pol) * ps;
      const float sign = pol == 0 ? 1.0f : -1.0f;
      for (std::size_t i = 0; i < ps; ++i) {
        const float att = ir_att_.empty() ? 1.0f : ir_att_[i];
        const double g = static_cast<double>(g_t_uS_[off + i]) * att;
        w_n_[i] += static_cast<float>(sign * s * g);
        w_abs_[i] += static_cast<float>(s * g);
        const double sigma = std::fabs(g) * devices_.read_q[off + i] * s;
        var[i] += static_cast<float>(sigma * sigma);
      }
    }
  }
  var_n_bf16_.resize(ps);
  for (std::size_t i = 0; i < ps; ++i) var_n_bf16_[i] = to_bfloat16(var[i]);
  row_g_sum_uS_.assign(rows_used_, 0.0f);
  for (int r = 0; r < rows_used_; ++r) {
    float sum = 0.0f;
    for (int c = 0; c < cols_used_; ++c) sum += cell[static_cast<std::size_t>(r) * cols_used_ + c];
    row_g_sum_uS_[r] = sum;
  }
}

std::vector<double> AnalogTileModel::calibration_readout() const {
  // Column currents of the + devices and of the - devices, read separately with all rows at
  // full scale, added: sum_r sum_k s_k (G_k+ + G_k-) in normalised units.
  std::vector<double> out(cols_used_, 0.0);
  for (int r = 0; r < rows_used_; ++r) {
    const float* row = w_abs_.data() + static_cast<std::size_t>(r) * cols_used_;
    for (int c = 0; c < cols_used_; ++c) out[c] += row[c];
  }
  return out;
}

double AnalogTileModel::calibration_array_energy_pj() const {
  const std::vector<int> full(rows_used_, static_cast<int>(dac_.steps()));
  return array_energy_pj(params_.read.v_read_V, row_g_sum_uS_.data(), full.data(), rows_used_,
                         dac_);
}

double AnalogTileModel::mvm_latency_ns() const {
  return mvm_timing(dac_, adc_, params_.readout).latency_ns;
}

double AnalogTileModel::mvm_interval_ns() const {
  return mvm_timing(dac_, adc_, params_.readout).interval_ns;
}

TileCost AnalogTileModel::mvm(const float* x, float* y, double t_since_programming_s) {
  if (!programmed()) return {};  // nothing stored: no outputs, no cost
  const double t = t_since_programming_s + params_.read.time_since_programming_s;
  ensure_cache(t);
  const std::uint64_t event = ++mvm_count_;
  const int rows = rows_used_, cols = cols_used_;

  const double full_scale = dac_.full_scale(x, rows);
  dac_.convert(x, rows, full_scale, x_n_.data(), code_.data());
  clips_.dac_inputs += static_cast<std::uint64_t>(rows);
  clips_.dac_clipped += static_cast<std::uint64_t>(dac_.clipped(x, rows, full_scale));

  std::fill(z_.begin(), z_.end(), 0.0f);
  const double tf = device_->read_noise_time_factor(t);
  if (tf > 0.0 && params_.read.noise_mode == ReadNoiseMode::kPerDevice) {
    // Reference mode: one read of every device, then the exact column sums.
    const std::size_t ps = map_.plane_size();
    g_read_uS_.resize(devices_.size());
    w_read_.resize(ps);
    read_conductance(devices_, *device_, t, rng_, event, g_t_uS_.data(), g_read_uS_.data());
    if (!ir_att_.empty()) {
      for (int p = 0; p < map_.planes(); ++p) {
        for (std::size_t i = 0; i < ps; ++i) g_read_uS_[p * ps + i] *= ir_att_[i];
      }
    }
    normalised_weights(map_, g_read_uS_.data(), w_read_.data());
    gemv_accumulate(w_read_.data(), rows, cols, x_n_.data(), z_.data());
  } else {
    gemv_accumulate(w_n_.data(), rows, cols, x_n_.data(), z_.data());
  }
  // Output noise: read noise (output-referred mode) and ADC noise are independent Gaussians on
  // the same column, so one normal per column with the summed variance draws both.
  const bool read_noise_here =
      tf > 0.0 && params_.read.noise_mode == ReadNoiseMode::kOutputReferred;
  const float out_var = static_cast<float>(params_.adc.noise_sigma * params_.adc.noise_sigma);
  if (read_noise_here || out_var > 0.0f) {
    std::fill(scratch_.begin(), scratch_.end(), 0.0f);
    if (read_noise_here) {
      variance_gemv_accumulate(var_n_bf16_.data(), rows, cols, x_n_.data(), scratch_.data());
    }
    rng_.normals(event, kSlotOutputNoise * kSlotStride, normals_.data(), cols);
    const float tf2 = static_cast<float>(tf * tf);
    for (int c = 0; c < cols; ++c) z_[c] += std::sqrt(tf2 * scratch_[c] + out_var) * normals_[c];
  }
  const std::vector<float>& alpha = comp_.scale();
  for (int c = 0; c < cols; ++c) {
    if (adc_.saturates(z_[c])) ++clips_.adc_saturated;
    y[c] = static_cast<float>(adc_.convert(z_[c]) * alpha[c] * map_.w_max[c] * full_scale);
  }
  clips_.adc_outputs += static_cast<std::uint64_t>(cols);

  TileCost cost;
  cost.latency_ns = mvm_latency_ns();
  cost.interval_ns = mvm_interval_ns();
  cost.energy = mvm_energy(
      params_, dac_, adc_, rows, cols,
      array_energy_pj(params_.read.v_read_V, row_g_sum_uS_.data(), code_.data(), rows, dac_));
  const TileCost nm = noise_management_cost();
  cost.latency_ns += nm.latency_ns;
  cost.energy.dpu_pj += nm.energy.dpu_pj;
  return cost;
}

TileCost AnalogTileModel::noise_management_cost() const {
  TileCost cost;
  if (!dac_.abs_max() || !programmed()) return cost;
  const DpuCost max = dpu_.cost(DpuOp::kMaxPool, static_cast<std::uint64_t>(rows_used_));
  const DpuCost scale = dpu_.cost(DpuOp::kMultiply, static_cast<std::uint64_t>(cols_used_));
  cost.latency_ns = max.latency_ns + scale.latency_ns;
  cost.energy.dpu_pj = max.energy_pj + scale.energy_pj;
  return cost;
}

void AnalogTileModel::set_adc_range(double range) {
  if (!(range > 0.0) || !std::isfinite(range)) {
    throw std::invalid_argument("adc range must be > 0 and finite, got " + std::to_string(range));
  }
  params_.adc.bound = range * params_.adc.gain;
  adc_ = Adc(params_.adc);
}

void AnalogTileModel::set_dac_range(double range) {
  if (!(range > 0.0) || !std::isfinite(range)) {
    throw std::invalid_argument("dac range must be > 0 and finite, got " + std::to_string(range));
  }
  params_.dac.range = range;
  dac_ = Dac(params_.dac);
}

TileCost AnalogTileModel::calibrate(double t_since_programming_s) {
  if (!programmed() || comp_.mode() == DriftCompensation::kNone) return {};
  ensure_cache(t_since_programming_s + params_.read.time_since_programming_s);
  comp_.update(calibration_readout());
  TileCost cost;
  cost.latency_ns = kCalibrationReads * mvm_latency_ns();  // reads one after another
  cost.interval_ns = cost.latency_ns;
  cost.energy =
      mvm_energy(params_, dac_, adc_, rows_used_, cols_used_, calibration_array_energy_pj());
  cost.energy.dac_pj *= kCalibrationReads;
  cost.energy.adc_pj *= kCalibrationReads;
  cost.energy.buffer_pj *= kCalibrationReads;
  cost.energy.dpu_pj *= kCalibrationReads;
  cost.energy.active_pj *= kCalibrationReads;
  return cost;
}

}  // namespace kirchhoff
