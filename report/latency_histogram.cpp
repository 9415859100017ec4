#include "report/latency_histogram.h"

#include <algorithm>

namespace kirchhoff {

LatencyHistogram make_latency_histogram(const std::vector<double>& latencies_ns) {
  LatencyHistogram h;
  if (latencies_ns.empty()) return h;
  const auto [lo, hi] = std::minmax_element(latencies_ns.begin(), latencies_ns.end());
  h.min_ns = *lo;
  h.max_ns = *hi;
  if (h.max_ns == h.min_ns) {
    h.counts = {latencies_ns.size()};
    return h;
  }
  const std::size_t bins = std::min<std::size_t>(kLatencyHistogramBins, latencies_ns.size());
  h.bin_width_ns = (h.max_ns - h.min_ns) / static_cast<double>(bins);
  h.counts.assign(bins, 0);
  for (double l : latencies_ns) {
    const auto i = static_cast<std::size_t>((l - h.min_ns) / h.bin_width_ns);
    ++h.counts[std::min(i, bins - 1)];
  }
  return h;
}

}  // namespace kirchhoff
