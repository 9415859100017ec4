#include "models/drift_compensation.h"

namespace kirchhoff {

void DriftCompensator::set_reference(const CalibrationReadout& readout) {
  reference_ = readout;
  scale_.assign(static_cast<std::size_t>(readout.cols), 1.0f);
}

void DriftCompensator::reset(int cols) {
  reference_ = CalibrationReadout{};
  scale_.assign(static_cast<std::size_t>(cols), 1.0f);
}

void DriftCompensator::update(const CalibrationReadout& readout) {
  update(reference_, readout);
}

void DriftCompensator::update(const CalibrationReadout& reference,
                              const CalibrationReadout& readout) {
  const std::size_t cols = static_cast<std::size_t>(readout.cols);
  scale_.assign(cols, 1.0f);
  if (mode_ == DriftCompensation::kNone || readout.cols != reference.cols ||
      readout.inputs != reference.inputs) {
    return;
  }
  std::vector<double> num(cols, 0.0), den(cols, 0.0), ref_energy(cols, 0.0);
  for (std::size_t i = 0; i < readout.mean.size(); ++i) {
    if (readout.saturated[i] || reference.saturated[i]) continue;
    const std::size_t c = i % cols;
    num[c] += reference.mean[i] * readout.mean[i];
    den[c] += readout.square[i];
    ref_energy[c] += reference.square[i];
  }
  double num_all = 0.0, den_all = 0.0, ref_all = 0.0;
  for (std::size_t c = 0; c < cols; ++c) {
    num_all += num[c];
    den_all += den[c];
    ref_all += ref_energy[c];
  }
  if (!(den_all > 0.0) || !(num_all > 0.0)) return;  // no usable read: leave the outputs as read
  const double global = num_all / den_all;
  const double den_floor = kPerColumnFloor * den_all / static_cast<double>(cols);
  const double ref_floor = kPerColumnFloor * ref_all / static_cast<double>(cols);
  for (std::size_t c = 0; c < cols; ++c) {
    double a = global;
    if (mode_ == DriftCompensation::kPerColumn && den[c] >= den_floor &&
        ref_energy[c] >= ref_floor && num[c] > 0.0) {
      a = num[c] / den[c];
    }
    scale_[c] = static_cast<float>(a);
  }
}

}  // namespace kirchhoff
