#include "models/analog_tile_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/calibration_inputs.h"
#include "models/ir_drop.h"
#include "models/mvm_kernel.h"
#include "models/rounding.h"
#include "models/simd_math.h"

namespace kirchhoff {

AnalogTileModel::AnalogTileModel(const TileParams& params, RandomStream rng)
    : params_(params),
      rng_(rng),
      device_(make_device_model(params.device, params.programming_threads)),
      dac_(params.dac),
      adc_(params.adc),
      duration_(params.duration),
      comp_(params.read.compensation) {
  if (params_.rows <= 0 || params_.cols <= 0) {
    throw std::invalid_argument("tile: rows and cols must be > 0");
  }
  if (params_.read.calibration_reads < 1 || params_.read.calibration_inputs < 0) {
    throw std::invalid_argument(
        "tile.read: calibration_reads must be >= 1 and calibration_inputs "
        ">= 0, got " +
        std::to_string(params_.read.calibration_reads) + " and " +
        std::to_string(params_.read.calibration_inputs));
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
  // The target conductances and the float device arrays are per-programming scratch, reused
  // from one tile to the next (no page faults per tile); the tile keeps only devices_ (4 bytes
  // per device) and the caches derived from it.
  thread_local std::vector<float> target_scratch;
  thread_local ProgrammedDevices programmed;
  map_.target_uS.swap(target_scratch);
  map_weights_into(w.data(), rows_used, cols_used, params_.mapping, params_.device.g_min_uS,
                   params_.device.g_max_uS, &map_);
  rows_used_ = rows_used;
  cols_used_ = cols_used;
  const std::uint64_t event = program_count_ == 0 ? 0 : kReprogramEventBase + program_count_;
  ++program_count_;
  device_->program(map_.target_uS, rng_, event, &programmed);
  apply_stuck_at_faults(params_.device, *device_, rng_, event, &programmed);
  devices_.store(programmed, device_->exact_programming());
  map_.target_uS.swap(target_scratch);
  map_.target_uS.clear();
  map_.target_uS.shrink_to_fit();
  if (params_.read.noise_mode == ReadNoiseMode::kPerDevice) {
    decoded_ = devices_.decode();
  } else {
    decoded_ = ProgrammedDevices{};
  }

  x_n_.assign(rows_used, 0.0f);
  code_.assign(rows_used, 0);
  z_.assign(cols_used, 0.0f);
  normals_.assign(cols_used, 0.0f);
  scratch_.assign(cols_used, 0.0f);
  g_read_uS_.clear();
  w_read_.clear();

  // Reference of drift compensation: the drift-free state right after programming. The
  // calibration amplitude puts the largest calibration output at kCalibrationFill of the ADC
  // bound (in DAC steps, at least one step).
  cache_valid_ = false;
  rebuild_cache(0.0);
  if (comp_.mode() != DriftCompensation::kNone) {
    const std::vector<float> out =
        calibration_outputs(w_n_, rows_used_, cols_used_, 1.0, params_.dac.is_signed);
    double peak = 0.0;
    for (float v : out) peak = std::max(peak, static_cast<double>(std::fabs(v)));
    const double bound_z = params_.adc.bound / params_.adc.gain;
    double a = peak > 0.0 ? std::min(1.0, kCalibrationFill * bound_z / peak) : 1.0;
    a = std::max(1.0, std::floor(a * dac_.steps())) / dac_.steps();
    calib_amplitude_ = a;
    // The reference read is not stored (it holds inputs x cols values, 17 bytes per weight of a
    // square tile): it is a function of the devices at t = 0, the ADC and its random event, so
    // every update reads it again (reference_readout()).
    reference_adc_ = adc_;
    reference_index_ = calibration_count_++;
  }
  comp_.reset(cols_used_);  // the scale is 1 on every column
  return programming_cost(params_, rows_used, cols_used);
}

void AnalogTileModel::ensure_cache(double t_s) {
  if (cache_valid_) {
    const double lt = drift_log_time(t_s, device_->drift_t0_s());
    const double change = std::fabs(std::expm1(-devices_.nu_max() * (lt - cache_log_t_)));
    if (change <= params_.read.drift_tolerance) return;
  }
  rebuild_cache(t_s);
  if (comp_.mode() != DriftCompensation::kNone && params_.read.recalibration_period_ns <= 0.0) {
    update_compensation(t_s);
  }
}

void AnalogTileModel::rebuild_cache(double t_s) {
  cache_log_t_ = drift_log_time(t_s, device_->drift_t0_s());
  cache_valid_ = true;
  ++drift_recomputations_;
  derive_matrices(cache_log_t_, &w_n_, &ir_att_, &row_g_sum_uS_);
  var_valid_ = false;  // derived when a read with read noise needs it (ensure_variances)
  if (params_.read.noise_mode == ReadNoiseMode::kPerDevice) {
    g_t_uS_.assign(devices_.size(), 0.0f);  // without IR drop: the read applies it after
    devices_.drifted(cache_log_t_, 0, devices_.size(), g_t_uS_.data());
  } else {
    g_t_uS_.clear();
  }
}

void AnalogTileModel::derive_matrices(double log_t, std::vector<float>* w_n,
                                      std::vector<float>* ir_att,
                                      std::vector<float>* row_g_sum_uS) const {
  using simd::Float4;
  const std::size_t ps = map_.plane_size();
  const int planes = map_.planes();
  // G(t) of every device, then the per-cell sums; the per-device array is scratch shared by the
  // tiles of a thread.
  thread_local std::vector<float> g_t, cell;
  g_t.resize(devices_.size());
  devices_.drifted(log_t, 0, devices_.size(), g_t.data());
  cell.assign(ps, 0.0f);
  for (int p = 0; p < planes; ++p) {
    const float* g = g_t.data() + p * ps;
    for (std::size_t i = 0; i < ps; ++i) cell[i] += g[i];
  }
  if (params_.read.ir_drop) {
    *ir_att = ir_drop_attenuation(cell, rows_used_, cols_used_, params_.read.wire_resistance_ohm);
  } else {
    ir_att->clear();
  }
  const double inv = 1.0 / (map_.g_range_uS * map_.significance_sum());
  w_n->assign(ps, 0.0f);
  float* wn = w_n->data();
  const float* att = ir_att->empty() ? nullptr : ir_att->data();
  for (int k = 0; k < map_.pairs; ++k) {
    const float s = static_cast<float>(map_.significance[k] * inv);
    for (int pol = 0; pol < 2; ++pol) {
      const float ws = pol == 0 ? s : -s;
      const float* g = g_t.data() + (2 * k + pol) * ps;
      std::size_t i = 0;
      if (att == nullptr) {
        for (; i + 4 <= ps; i += 4) {
          simd::store4(wn + i, simd::load4(wn + i) + ws * simd::load4(g + i));
        }
      }
      for (; i < ps; ++i) wn[i] += ws * g[i] * (att == nullptr ? 1.0f : att[i]);
    }
  }
  row_g_sum_uS->assign(rows_used_, 0.0f);
  for (int r = 0; r < rows_used_; ++r) {
    float sum = 0.0f;
    for (int c = 0; c < cols_used_; ++c) sum += cell[static_cast<std::size_t>(r) * cols_used_ + c];
    (*row_g_sum_uS)[r] = sum;
  }
}

void AnalogTileModel::ensure_variances() {
  if (var_valid_) return;
  using simd::Float4;
  const std::size_t ps = map_.plane_size();
  const std::size_t n = devices_.size();
  // sigma = |G(t) att| read_q(G_prog) s per device, summed in variance per cell.
  thread_local std::vector<float> g_t, q, var;
  g_t.resize(n);
  q.resize(n);
  devices_.drifted(cache_log_t_, 0, n, g_t.data());
  devices_.g_prog(0, n, q.data());
  device_->read_q_batch(q.data(), q.data(), n);
  const double inv = 1.0 / (map_.g_range_uS * map_.significance_sum());
  var.assign(ps, 0.0f);
  for (int k = 0; k < map_.pairs; ++k) {
    const float s = static_cast<float>(map_.significance[k] * inv);
    for (int pol = 0; pol < 2; ++pol) {
      const std::size_t off = (2 * k + pol) * ps;
      float* g = g_t.data() + off;
      const float* qq = q.data() + off;
      if (!ir_att_.empty()) {
        for (std::size_t i = 0; i < ps; ++i) g[i] *= ir_att_[i];
      }
      std::size_t i = 0;
      for (; i + 4 <= ps; i += 4) {
        const Float4 sigma = simd::abs4(simd::load4(g + i)) * simd::load4(qq + i) * s;
        simd::store4(var.data() + i, simd::load4(var.data() + i) + sigma * sigma);
      }
      for (; i < ps; ++i) {
        const float sigma = std::fabs(g[i]) * qq[i] * s;
        var[i] += sigma * sigma;
      }
    }
  }
  var_n_bf16_.resize(ps);
  for (std::size_t i = 0; i < ps; ++i) var_n_bf16_[i] = to_bfloat16(var[i]);
  var_valid_ = true;
}

CalibrationReadout AnalogTileModel::reference_readout() const {
  // At t = 0 the read-noise time factor is 0: no variances needed.
  thread_local std::vector<float> w_n, ir_att, row_sum;
  derive_matrices(0.0, &w_n, &ir_att, &row_sum);
  return read_calibration(0.0, w_n, {}, reference_index_, reference_adc_);
}

void AnalogTileModel::update_compensation(double t_s) {
  if (device_->read_noise_time_factor(t_s) > 0.0) ensure_variances();
  const CalibrationReadout now =
      read_calibration(t_s, w_n_, var_n_bf16_, calibration_count_++, adc_);
  comp_.update(reference_readout(), now);
}

std::size_t AnalogTileModel::stored_bytes() const {
  const auto bytes = [](const auto& v) { return v.size() * sizeof(v[0]); };
  return devices_.stored_bytes() + bytes(decoded_.g_prog_uS) + bytes(decoded_.nu) + bytes(g_t_uS_) +
         bytes(ir_att_) + bytes(w_n_) + bytes(var_n_bf16_) + bytes(row_g_sum_uS_) +
         bytes(map_.target_uS) + bytes(map_.w_max);
}

int AnalogTileModel::calibration_reads() const {
  if (!programmed()) return 0;
  return calibration_inputs_used() * params_.read.calibration_reads;
}

int AnalogTileModel::calibration_inputs_used() const {
  if (!programmed()) return 0;
  const int n = calibration_input_count(rows_used_);
  const int p = params_.read.calibration_inputs;
  return comp_.mode() == DriftCompensation::kPerColumn || p == 0 ? n : std::min(p, n);
}

CalibrationReadout AnalogTileModel::read_calibration(double t_s, const std::vector<float>& w_n,
                                                     const std::vector<std::uint16_t>& var_bf16,
                                                     std::uint64_t index, const Adc& adc) const {
  const int n = calibration_inputs_used(), k_reads = params_.read.calibration_reads;
  const int rows = rows_used_, cols = cols_used_;
  const bool is_signed = params_.dac.is_signed;
  const std::uint64_t base = kCalibrationEventBase + (index << 32);
  const double tf = device_->read_noise_time_factor(t_s);
  // The noise-free outputs of every pattern at once (fast Walsh-Hadamard transform) plus one
  // Gaussian per column with the variance the output-referred MVM path draws: in both read-noise
  // modes, since a per-device draw reads every device N x K times per calibration (a 20-sample
  // MLP run on the hermes-like chip took 52 s instead of 0.7 s) and the two agree in
  // distribution (AnalogTileModel.OutputReferredMatchesPerDeviceReadNoise).
  const std::vector<float> clean =
      calibration_outputs(w_n, rows, cols, calib_amplitude_, is_signed);
  const float out_var = static_cast<float>(params_.adc.noise_sigma * params_.adc.noise_sigma);
  const float tf2 = static_cast<float>(tf * tf);
  std::vector<float> sd(cols, 0.0f), var(cols, 0.0f), z(cols, 0.0f);

  CalibrationReadout out;
  out.inputs = n;
  out.cols = cols;
  const std::size_t size = static_cast<std::size_t>(n) * cols;
  out.mean.assign(size, 0.0);
  out.square.assign(size, 0.0);
  out.saturated.assign(size, 0);
  std::vector<double> sum_sq(cols), v(cols);
  std::vector<float> normals(cols);
  for (int k = 0; k < n; ++k) {
    if (k == 0 || !is_signed) {  // signed: x^2 is the same for every pattern
      const std::vector<float> x = calibration_input(k, rows, calib_amplitude_, is_signed);
      std::fill(var.begin(), var.end(), 0.0f);
      if (tf > 0.0) variance_gemv_accumulate(var_bf16.data(), rows, cols, x.data(), var.data());
      for (int c = 0; c < cols; ++c) sd[c] = std::sqrt(tf2 * var[c] + out_var);
    }
    double* mean = out.mean.data() + static_cast<std::size_t>(k) * cols;
    std::uint8_t* sat = out.saturated.data() + static_cast<std::size_t>(k) * cols;
    std::fill(sum_sq.begin(), sum_sq.end(), 0.0);
    for (int j = 0; j < k_reads; ++j) {
      const std::uint64_t event = base + static_cast<std::uint64_t>(k) * k_reads + j;
      std::copy_n(clean.data() + static_cast<std::size_t>(k) * cols, cols, z.data());
      if (tf > 0.0 || out_var > 0.0f) {
        rng_.normals(event, kSlotOutputNoise * kSlotStride, normals.data(), cols);
        for (int c = 0; c < cols; ++c) z[c] += sd[c] * normals[c];
      }
      adc.convert_many(z.data(), cols, v.data(), sat);
      for (int c = 0; c < cols; ++c) {
        mean[c] += v[c];
        sum_sq[c] += v[c] * v[c];
      }
    }
    double* square = out.square.data() + static_cast<std::size_t>(k) * cols;
    for (int c = 0; c < cols; ++c) {
      // Products of different reads: their noise is independent, so no read-noise bias.
      square[c] = k_reads > 1 ? (mean[c] * mean[c] - sum_sq[c]) / (k_reads * (k_reads - 1.0))
                              : mean[c] * mean[c];
      mean[c] /= k_reads;
    }
  }
  return out;
}

AnalogTileModel::CalibrationDrive AnalogTileModel::calibration_drive() const {
  const int n = calibration_inputs_used();
  std::vector<int> code(rows_used_);
  CalibrationDrive d;
  for (int k = 0; k < n; ++k) {
    const std::vector<float> x =
        calibration_input(k, rows_used_, calib_amplitude_, params_.dac.is_signed);
    for (int r = 0; r < rows_used_; ++r) {
      code[r] = static_cast<int>(round_half_away(std::fabs(x[r]) * dac_.steps()));
    }
    d.array_pj +=
        array_energy_pj(params_.read.v_read_V, row_g_sum_uS_.data(), code.data(), rows_used_, dac_);
    d.driven_rows += driven_rows(code.data(), rows_used_);
  }
  d.array_pj *= params_.read.calibration_reads;
  d.driven_rows *= params_.read.calibration_reads;
  return d;
}

double AnalogTileModel::mvm_latency_ns() const {
  return mvm_timing(params_, dac_, adc_).latency_ns;
}

double AnalogTileModel::mvm_interval_ns() const {
  return mvm_timing(params_, dac_, adc_).interval_ns;
}

void AnalogTileModel::analog_outputs(const float* x_n, double t_s, std::uint64_t event, float* z) {
  const int rows = rows_used_, cols = cols_used_;
  std::fill(z, z + cols, 0.0f);
  const double tf = device_->read_noise_time_factor(t_s);
  const bool per_device_read = tf > 0.0 && params_.read.noise_mode == ReadNoiseMode::kPerDevice;
  if (per_device_read) {
    // Reference mode: one read of every device, then the exact column sums.
    const std::size_t ps = map_.plane_size();
    g_read_uS_.resize(devices_.size());
    w_read_.resize(ps);
    read_conductance(decoded_, *device_, t_s, rng_, event, g_t_uS_.data(), g_read_uS_.data());
    if (!ir_att_.empty()) {
      for (int p = 0; p < map_.planes(); ++p) {
        for (std::size_t i = 0; i < ps; ++i) g_read_uS_[p * ps + i] *= ir_att_[i];
      }
    }
    normalised_weights(map_, g_read_uS_.data(), w_read_.data());
    gemv_accumulate(w_read_.data(), rows, cols, x_n, z);
  }
  // Output noise: read noise (output-referred mode) and ADC noise are independent Gaussians on
  // the same column, so one normal per column with the summed variance draws both.
  const bool read_noise_here =
      tf > 0.0 && params_.read.noise_mode == ReadNoiseMode::kOutputReferred;
  const float out_var = static_cast<float>(params_.adc.noise_sigma * params_.adc.noise_sigma);
  if (read_noise_here || out_var > 0.0f) std::fill(scratch_.begin(), scratch_.end(), 0.0f);
  if (read_noise_here) {  // the column sums of the weights and of the variances in one pass
    ensure_variances();
    gemv_and_variance_accumulate(w_n_.data(), var_n_bf16_.data(), rows, cols, x_n, z,
                                 scratch_.data());
  } else if (!per_device_read) {
    gemv_accumulate(w_n_.data(), rows, cols, x_n, z);
  }
  if (read_noise_here || out_var > 0.0f) {
    rng_.normals(event, kSlotOutputNoise * kSlotStride, normals_.data(), cols);
    const float tf2 = static_cast<float>(tf * tf);
    add_output_noise(scratch_.data(), normals_.data(), tf2, out_var, cols, z);
  }
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

  analog_outputs(x_n_.data(), t, event, z_.data());
  const std::vector<float>& alpha = comp_.scale();
  if (params_.output_conversion == OutputConversion::kDuration) {
    const double bound = adc_range();
    const bool rescaled = duration_.rescaled();
    for (int c = 0; c < cols; ++c) {
      const double z = static_cast<double>(z_[c]) * alpha[c];
      if (duration_.saturates(z, bound)) ++clips_.adc_saturated;
      const double v = duration_.convert(z, bound);
      y[c] = static_cast<float>(rescaled ? v * map_.w_max[c] * full_scale : v);
    }
  } else {
    clips_.adc_saturated += static_cast<std::uint64_t>(
        adc_.convert_scaled(z_.data(), alpha.data(), map_.w_max.data(), full_scale, cols, y));
  }
  clips_.adc_outputs += static_cast<std::uint64_t>(cols);

  TileCost cost;
  cost.latency_ns = mvm_latency_ns();
  cost.interval_ns = mvm_interval_ns();
  cost.energy = mvm_energy(
      params_, dac_, adc_, rows, driven_rows(code_.data(), rows), cols,
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

void AnalogTileModel::set_readout_activation(DurationActivation activation) {
  if (activation != DurationActivation::kNone &&
      params_.output_conversion != OutputConversion::kDuration) {
    throw std::invalid_argument(
        "a readout activation needs tile.output_conversion = duration (an ADC has no enable "
        "timing)");
  }
  duration_.set_activation(activation);
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
  const double t = t_since_programming_s + params_.read.time_since_programming_s;
  ensure_cache(t);
  update_compensation(t);
  // Every read costs what one MVM with its input costs; the array energy is summed per read.
  const double reads = calibration_reads();
  TileCost cost;
  cost.latency_ns = reads * mvm_latency_ns();  // reads one after another
  cost.interval_ns = cost.latency_ns;
  const CalibrationDrive drive = calibration_drive();
  cost.energy = mvm_energy(params_, dac_, adc_, rows_used_, rows_used_, cols_used_, 0.0);
  cost.energy.array_pj = drive.array_pj;
  // The DAC drives only the rows with a pulse, summed over the reads already.
  cost.energy.dac_pj =
      mvm_energy(params_, dac_, adc_, rows_used_, drive.driven_rows, cols_used_, 0.0).dac_pj;
  cost.energy.adc_pj *= reads;
  cost.energy.buffer_pj *= reads;
  cost.energy.dpu_pj *= reads;
  cost.energy.active_pj *= reads;
  return cost;
}

}  // namespace kirchhoff
