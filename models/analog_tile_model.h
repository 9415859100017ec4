// The physics and cost of one analog crossbar tile, without SystemC: programming a weight
// block into conductances, and the MVM as the hardware computes it (DAC, noisy array, ADC,
// digital rescale), with its latency and energy by category. The SystemC tile (tiles/) owns one
// and tells it the simulated time since programming.
//
// Composition: weight_mapping (W -> target conductances), a DeviceModel (programming noise,
// drift exponents, read noise; ideal / pcm / rram / table) with stuck-at faults, a drift cache
// (G(t), the normalised weight matrix and the read-noise variance matrix, recomputed only when
// the drift factor of the fastest-drifting device moved by more than ReadParams::drift_tolerance),
// optional IR drop, Dac, mvm_kernel, Adc and DriftCompensator (calibrated with the inputs of
// calibration_inputs.h); costs from tile_cost.h.
//
// Random events: the first programming is event 0, MVM number k (0-based, counted over the
// model's life) is event k + 1, re-programming number n >= 1 is event kReprogramEventBase + n,
// read i of drift-compensation calibration number m (0-based over the model's life; the
// reference read at programming counts) is event kCalibrationEventBase + m * 2^32 + i.
// Elements: device index (programming, per-device read noise) or column index (output noise:
// output-referred read noise and ADC noise drawn together), in the slots of
// models/device_model.h.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/adc.h"
#include "models/dac.h"
#include "models/device_model.h"
#include "models/device_storage.h"
#include "models/dpu_cost.h"
#include "models/drift_compensation.h"
#include "models/duration_readout.h"
#include "models/random_stream.h"
#include "models/tile_cost.h"
#include "models/tile_params.h"
#include "models/weight_mapping.h"

namespace kirchhoff {

// Converter clipping counts over the model's MVMs: inputs outside the DAC's full scale (they
// clip) and ADC conversions whose analog value reached +-bound (they saturate).
struct ConverterClipCounts {
  std::uint64_t dac_inputs = 0, dac_clipped = 0;
  std::uint64_t adc_outputs = 0, adc_saturated = 0;
};

class AnalogTileModel {
 public:
  static constexpr std::uint64_t kReprogramEventBase = std::uint64_t{1} << 63;
  static constexpr std::uint64_t kCalibrationEventBase = std::uint64_t{1} << 62;
  // The largest calibration output of the programmed tile is set to this fraction of the ADC
  // bound (design choice: room for read and ADC noise; drift only shrinks the outputs).
  static constexpr double kCalibrationFill = 0.9;

  // Throws std::invalid_argument on inconsistent converter or device parameters.
  AnalogTileModel(const TileParams& params, RandomStream rng);

  // Programs a rows_used x cols_used block (row-major: w[r * cols_used + c]; r indexes inputs,
  // c outputs) with program-and-verify; draws programming noise, drift exponents and stuck-at
  // faults, and takes the drift-compensation reference. Throws std::invalid_argument if the
  // block does not fit the crossbar.
  TileCost program(const std::vector<float>& w, int rows_used, int cols_used);

  // With the duration readout (TileParams::output_conversion) the column value goes through
  // DurationReadout instead of the ADC: the drift-compensation scale is applied before it, as
  // the gain of the comparison (no digital stage between the capacitor and the output pulse),
  // and a hard-sigmoid output is the ramp fraction in [0, 1], not rescaled. Drift-compensation
  // calibration reads keep the signed ADC law at tile.adc.bits: the duration law without
  // activation when tile.adc.bits = tile.duration.bits (as in configs/chips/ibm14nm34.yaml).
  // y[c] = sum_r W[r][c] * x[r] as the tile computes it, at t_since_programming_s seconds after
  // programming (plus ReadParams::time_since_programming_s). x has rows_used values, y gets
  // cols_used. Each call is one MVM event for the random streams. Before program() it writes
  // nothing and costs nothing.
  TileCost mvm(const float* x, float* y, double t_since_programming_s);

  // Sets the DAC full scale (input units, > 0) of the following MVMs: the per-layer input range
  // the host programs (the DAC_RANGE register). The output is rescaled by it after the ADC, as
  // for DacParams::range. Throws std::invalid_argument when range is not > 0 and finite.
  void set_dac_range(double range);
  // Sets the ADC full scale of the following MVMs: the normalised column value (> 0) that
  // converts to the largest code, i.e. the bound becomes range * gain (the ADC_RANGE register;
  // default bound / gain). Throws std::invalid_argument when range is not > 0 and finite.
  void set_adc_range(double range);
  double adc_range() const { return params_.adc.bound / params_.adc.gain; }
  // Sets the duration readout's activation for the following MVMs (the READOUT_ACTIVATION
  // register; default tile.duration.activation). Throws std::invalid_argument for an activation
  // other than none when the tile converts with an ADC (no enable timing to shape).
  void set_readout_activation(DurationActivation activation);
  DurationActivation readout_activation() const { return duration_.params().activation; }
  const ConverterClipCounts& clip_counts() const { return clips_; }

  // The DPU cost model that prices the digital work of per-vector noise management (DAC range
  // mode abs_max): a max-reduction over the inputs (DpuOp::kMaxPool, one compare per input) before
  // the DAC and a multiply per output (DpuOp::kMultiply) after the ADC. Default: DpuParams{}.
  void set_dpu_params(const DpuParams& dpu) { dpu_ = DpuCostModel(dpu); }
  // That cost for one MVM of rows_used() inputs and cols_used() outputs, the two ops one after
  // the other; nothing when the DAC does not scale per vector.
  TileCost noise_management_cost() const;

  // Drift-compensation calibration (models/drift_compensation.h): calibration_reads() MVM reads
  // of the fixed calibration inputs through the tile's differential output path with read and
  // ADC noise at that time; updates the digital scale and returns the cost of the reads (each
  // costs what one MVM with that input costs); nothing and no cost when compensation is off.
  TileCost calibrate(double t_since_programming_s);
  // Reads of one calibration: calibration_inputs_used() x ReadParams::calibration_reads.
  int calibration_reads() const;
  // Calibration patterns applied (0 before program()): all N = calibration_input_count(rows_used)
  // for per-column compensation (each column needs the full orthogonal set), else the first
  // min(ReadParams::calibration_inputs, N) of them (0: all N).
  int calibration_inputs_used() const;
  // DAC amplitude of the calibration inputs (fraction of full scale, a whole number of DAC
  // steps), chosen at programming so the largest calibration output is kCalibrationFill of the
  // ADC bound, at most 1.
  double calibration_amplitude() const { return calib_amplitude_; }

  // Latency (input to result) and interval (start to the next possible start) of one MVM from
  // the timing laws of models/tile_cost.h (serial or pipelined readout); independent of the data.
  double mvm_latency_ns() const;
  double mvm_interval_ns() const;

  int rows_used() const { return rows_used_; }
  int cols_used() const { return cols_used_; }
  bool programmed() const { return rows_used_ > 0; }
  std::uint64_t mvm_count() const { return mvm_count_; }
  const TileParams& params() const { return params_; }

  // Introspection (tests, characterisation, reports).
  // The mapping of the last program() (its target_uS is released after programming).
  const MappedWeights& mapped_weights() const { return map_; }
  // The programmed devices as stored (models/device_storage.h: fp16 conductance, 16-bit drift
  // exponent), decoded into float arrays.
  ProgrammedDevices programmed_devices() const { return devices_.decode(); }
  // Bytes the tile holds per programmed device and its caches (storage, normalised weights,
  // variances; not the scratch shared by all tiles of a thread).
  std::size_t stored_bytes() const;
  const DeviceModel& device_model() const { return *device_; }
  // Normalised effective weights w_n (row-major) at the cached time, and its per-column scale.
  const std::vector<float>& effective_weights() const { return w_n_; }
  const std::vector<float>& compensation_scale() const { return comp_.scale(); }
  std::uint64_t drift_recomputations() const { return drift_recomputations_; }

 private:
  void ensure_cache(double t_s);
  void rebuild_cache(double t_s);
  // The normalised weights, IR-drop attenuation and row conductance sums
  // of the stored devices at ln(t / t0) = log_t.
  void derive_matrices(double log_t, std::vector<float>* w_n, std::vector<float>* ir_att,
                       std::vector<float>* row_g_sum_uS) const;
  // The read-noise variance matrix at the cached time, derived on first use after a rebuild
  // (programming does not need it: the read-noise time factor is 0 at t = 0).
  void ensure_variances();
  // The drift-compensation reference: the calibration read right after programming (t = 0,
  // the ADC of that time, calibration number reference_index_), read again from the devices.
  CalibrationReadout reference_readout() const;
  // A calibration read at t against the reference; updates the compensation scale.
  void update_compensation(double t_s);
  // One MVM's column sums before the ADC (array and output noise) of normalised inputs x_n.
  void analog_outputs(const float* x_n, double t_s, std::uint64_t event, float* z);
  // Calibration number `index` at t of the tile whose matrices are w_n / var_bf16, through adc.
  CalibrationReadout read_calibration(double t_s, const std::vector<float>& w_n,
                                      const std::vector<std::uint16_t>& var_bf16,
                                      std::uint64_t index, const Adc& adc) const;
  // Summed over the reads of one calibration: the array energy and the rows that get a pulse
  // (an unsigned DAC applies the patterns' -1 entries as 0: no pulse).
  struct CalibrationDrive {
    double array_pj = 0.0;
    int driven_rows = 0;
  };
  CalibrationDrive calibration_drive() const;

  TileParams params_;
  RandomStream rng_;
  std::shared_ptr<const DeviceModel> device_;
  Dac dac_;
  Adc adc_;
  DurationReadout duration_;  // used when params_.output_conversion is kDuration
  int rows_used_ = 0;
  int cols_used_ = 0;
  std::uint64_t mvm_count_ = 0;
  std::uint64_t program_count_ = 0;
  std::uint64_t calibration_count_ = 0;
  double calib_amplitude_ = 1.0;
  Adc reference_adc_{AdcParams{}};     // the ADC when the compensation reference was read
  std::uint64_t reference_index_ = 0;  // calibration number of that read
  ConverterClipCounts clips_;
  DpuCostModel dpu_{DpuParams{}};
  MappedWeights map_;
  DeviceStorage devices_;
  ProgrammedDevices decoded_;  // the devices in float, per-device read-noise mode only
  DriftCompensator comp_;

  // Drift cache.
  bool cache_valid_ = false;
  double cache_log_t_ = 0.0;
  std::uint64_t drift_recomputations_ = 0;
  std::vector<float> g_t_uS_;              // G(t) per device, plane-major (per-device mode)
  std::vector<float> ir_att_;              // IR-drop attenuation per cell (empty when off)
  std::vector<float> w_n_;                 // normalised effective weights, rows x cols
  std::vector<std::uint16_t> var_n_bf16_;  // normalised read-noise variance at time factor 1
  bool var_valid_ = false;                 // var_n_bf16_ is of the cached time
  std::vector<float> row_g_sum_uS_;        // summed conductance of each row (array energy)

  // Scratch buffers of one MVM.
  std::vector<float> x_n_, z_, normals_, scratch_, g_read_uS_, w_read_;
  std::vector<int> code_;
};

}  // namespace kirchhoff
