// Drift compensation as a digital scale on the tile's outputs. Right after programming the tile
// is read with a fixed calibration input (all rows at full scale; the tile reads its + and -
// devices separately so each column's readout is its summed conductance magnitude, which drifts
// with the weights but cannot cancel) and the readout kept as the reference; a later
// calibration reads again and sets
//   global:      alpha = mean_c |ref_c| / mean_c |cur_c|              (one scale per tile)
//   per column:  alpha_c = |ref_c| / |cur_c|, or the global alpha where |cur_c| is below
//                kPerColumnFloor * mean |cur| (an empty column has no usable readout).
// The readouts are the expected (noise-free) column outputs: the calibration is taken to average
// its reads, so read noise does not enter the scale.
#pragma once

#include <vector>

#include "models/tile_params.h"

namespace kirchhoff {

class DriftCompensator {
 public:
  static constexpr double kPerColumnFloor = 1e-3;

  DriftCompensator() = default;
  explicit DriftCompensator(DriftCompensation mode) : mode_(mode) {}

  void set_reference(const std::vector<double>& readout);     // resets the scale to 1
  void update(const std::vector<double>& readout);            // sets the scale from a new readout
  const std::vector<float>& scale() const { return scale_; }  // per column
  DriftCompensation mode() const { return mode_; }

 private:
  DriftCompensation mode_ = DriftCompensation::kNone;
  std::vector<double> reference_;
  std::vector<float> scale_;
};

}  // namespace kirchhoff
