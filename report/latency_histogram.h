// The distribution of the samples' latencies as equal-width bins, for summary.json
// (`latency_histogram_ns`) and the HTML report: min(20, samples) bins from the smallest to the
// largest latency; the largest falls in the last bin. When every latency is the same there is
// one bin of width 0 holding all samples; with no samples, no bins.
#pragma once

#include <cstdint>
#include <vector>

namespace kirchhoff {

struct LatencyHistogram {
  double min_ns = 0, max_ns = 0;
  double bin_width_ns = 0;            // (max - min) / bins
  std::vector<std::uint64_t> counts;  // samples per bin, bin i = [min + i w, min + (i+1) w)
};

constexpr int kLatencyHistogramBins = 20;

LatencyHistogram make_latency_histogram(const std::vector<double>& latencies_ns);

}  // namespace kirchhoff
