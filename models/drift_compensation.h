// Drift compensation as a digital scale on the tile's outputs, calibrated from the tile's own
// differential MVM readout (G+ - G-, through the array, read noise, ADC noise and the ADC; the
// read noise is drawn output-referred in both read-noise modes).
//
// Calibration input: the N randomised Walsh-Hadamard patterns of models/calibration_inputs.h
// (all N for per-column compensation; the first ReadParams::calibration_inputs, default all, for
// global) at a fixed DAC amplitude (set once at programming so the reads stay inside the ADC
// range), each read K = ReadParams::calibration_reads times (default 2). Right after programming
// the reads are kept as the reference ref[k][c]; a later calibration reads cur[k][c] and sets, over
// the patterns k (and columns c) whose reads did not saturate the ADC at either time,
//   global:      alpha   = sum_{k,c} ref[k][c] cur[k][c] / sum_{k,c} cur2[k][c]
//   per column:  alpha_c = sum_k    ref[k][c] cur[k][c] / sum_k    cur2[k][c]
// where cur is the mean of the K reads and cur2 estimates the noise-free cur^2 without the
// read-noise bias: (sum_j v_j)^2 - sum_j v_j^2 over K(K-1) (the products of different reads,
// whose noise is independent), or cur^2 when K = 1.
//
// Why this estimator: alpha is the least-squares scale that maps the drifted outputs onto the
// programmed ones, which is the scale a user wants (it minimises the output error). Because the
// patterns are orthogonal, the sums over the N reads equal the sums over the weight matrix: the
// factor is the least-squares scale for inputs with independent entries, per column from the
// same reads (no one-hot reads, whose single-weight outputs an ADC sized for whole columns
// resolves poorly). With fewer patterns P < N the sums keep cross terms between rows r, r' with
// r = r' mod P (random signs), an error that falls as 1 / sqrt(P x columns). mean|ref| / mean|cur|
// is not: |cur + noise| is biased upwards, and on a summed-magnitude readout (G+ + G-, the previous
// method) the "off" devices, whose programming-noise floor drifts with the largest exponent, made
// the factor 1-11 % too large after a year. Dividing by sum cur^2 with noisy reads would bias alpha
// low by the read-noise power; cur2 removes that.
//
// Guard (per column): a column uses its own alpha_c only when its reference and current
// calibration energies (sum_k ref^2, sum_k cur2) are each >= kPerColumnFloor times the mean over
// the columns and alpha_c > 0; otherwise (an empty or ~zero column, all its reads saturated, or
// a read-noise-dominated column) it uses the global alpha. Without any usable read the scale is 1.
#pragma once

#include <cstdint>
#include <vector>

#include "models/tile_params.h"

namespace kirchhoff {

// One calibration's readout: inputs x cols values (row-major by pattern).
struct CalibrationReadout {
  int inputs = 0, cols = 0;
  std::vector<double> mean;             // mean of the K reads (ADC output, normalised units)
  std::vector<double> square;           // estimate of the noise-free mean^2 (see above)
  std::vector<std::uint8_t> saturated;  // 1 when any of the K reads saturated the ADC
};

class DriftCompensator {
 public:
  // Design choice: 1 % of the mean calibration energy (a column ~10x smaller in amplitude than
  // the typical column falls back to the global factor).
  static constexpr double kPerColumnFloor = 1e-2;

  DriftCompensator() = default;
  explicit DriftCompensator(DriftCompensation mode) : mode_(mode) {}

  void set_reference(const CalibrationReadout& readout);  // resets the scale to 1
  void update(const CalibrationReadout& readout);         // sets the scale from a new readout
  // The same against a reference the caller keeps (or reads again), not the stored one.
  void update(const CalibrationReadout& reference, const CalibrationReadout& readout);
  void reset(int cols);  // no reference stored; the scale is 1 on every column
  const std::vector<float>& scale() const { return scale_; }  // per column
  DriftCompensation mode() const { return mode_; }

 private:
  DriftCompensation mode_ = DriftCompensation::kNone;
  CalibrationReadout reference_;
  std::vector<float> scale_;
};

}  // namespace kirchhoff
