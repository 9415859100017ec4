#include "models/drift_compensation.h"

#include <cmath>

namespace kirchhoff {
namespace {
double mean_abs(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += std::fabs(x);
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}
}  // namespace

void DriftCompensator::set_reference(const std::vector<double>& readout) {
  reference_ = readout;
  scale_.assign(readout.size(), 1.0f);
}

void DriftCompensator::update(const std::vector<double>& readout) {
  scale_.assign(readout.size(), 1.0f);
  if (mode_ == DriftCompensation::kNone || readout.size() != reference_.size()) return;
  const double cur = mean_abs(readout);
  const double ref = mean_abs(reference_);
  const double global = cur > 0.0 ? ref / cur : 1.0;
  for (std::size_t c = 0; c < readout.size(); ++c) {
    double a = global;
    if (mode_ == DriftCompensation::kPerColumn && std::fabs(readout[c]) > kPerColumnFloor * cur) {
      a = std::fabs(reference_[c]) / std::fabs(readout[c]);
    }
    scale_[c] = static_cast<float>(a);
  }
}

}  // namespace kirchhoff
