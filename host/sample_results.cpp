#include "host/sample_results.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

int argmax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

SampleResults::SampleResults(const WorkloadGraph& g, const std::vector<DataflowStage>& stages,
                             const std::vector<std::vector<float>>& inputs,
                             const std::vector<int>* labels, bool keep_outputs,
                             Callback on_reference, Reference reference)
    : g_(g),
      stages_(stages),
      inputs_(inputs),
      labels_(labels),
      keep_(keep_outputs),
      on_reference_(std::move(on_reference)),
      reference_(std::move(reference)),
      e2_(stages.size(), 0.0),
      r2_(stages.size(), 0.0),
      size_mismatch_(stages.size(), false),
      stage_latency_sum_(stages.size(), 0.0) {}

void SampleResults::add(std::size_t s, SampleRecord record) {
  if (s != next_) {
    waiting_.emplace(s, std::move(record));
    max_held_ = std::max(max_held_, waiting_.size());
    return;
  }
  fold(s, record);
  for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_;) {
    fold(it->first, it->second);
    it = waiting_.erase(it);
  }
}

void SampleResults::finish() {
  while (next_ < inputs_.size()) {
    const auto it = waiting_.find(next_);
    if (it != waiting_.end()) {
      fold(next_, it->second);
      waiting_.erase(it);
    } else {
      fold(next_, SampleRecord{});
    }
  }
}

void SampleResults::fold(std::size_t s, const SampleRecord& r) {
  std::vector<std::vector<float>> own;
  if (!reference_) own = run_reference(g_, inputs_.at(s));
  auto ref = [&](int layer) -> const std::vector<float>& {
    return reference_ ? reference_(s, layer) : own.at(static_cast<std::size_t>(layer));
  };
  for (std::size_t k = 0; k < stages_.size(); ++k) {
    const std::vector<float>& b = ref(stages_[k].observed_layer);
    const std::vector<float> none;
    const std::vector<float>& a = k < r.stage_outputs.size() ? r.stage_outputs[k] : none;
    if (k < r.stage_latencies_ns.size()) stage_latency_sum_[k] += r.stage_latencies_ns[k];
    if (a.size() != b.size()) size_mismatch_[k] = true;
    if (size_mismatch_[k]) continue;
    for (std::size_t i = 0; i < a.size(); ++i) {
      e2_[k] += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
      r2_[k] += static_cast<double>(b[i]) * b[i];
    }
  }
  read_sum_ += r.output_read_ns;
  const std::vector<float>& y = ref(g_.output_layer());
  for (std::size_t j = 0; j < r.output.size() && j < y.size(); ++j) {
    const double d = static_cast<double>(r.output[j]) - y[j];
    out_err2_ += d * d;
    out_ref2_ += static_cast<double>(y[j]) * y[j];
    out_max_abs_ = std::max(out_max_abs_, std::fabs(d));
  }
  if (labels_ != nullptr && s < labels_->size()) {
    if (!r.output.empty() && argmax(r.output) == (*labels_)[s]) ++chip_ok_;
    if (argmax(y) == (*labels_)[s]) ++ref_ok_;
  }
  if (on_reference_) on_reference_(s, y);
  if (keep_) {
    outputs.push_back(r.output);
    reference.push_back(y);
  }
  ++next_;
}

std::vector<double> SampleResults::stage_rel_l2_error() const {
  std::vector<double> e(stages_.size());
  for (std::size_t k = 0; k < stages_.size(); ++k) {
    if (size_mismatch_[k]) {
      e[k] = -1;
    } else if (r2_[k] == 0) {
      e[k] = e2_[k] == 0 ? 0.0 : std::numeric_limits<double>::infinity();
    } else {
      e[k] = std::sqrt(e2_[k] / r2_[k]);
    }
  }
  return e;
}

}  // namespace kirchhoff
