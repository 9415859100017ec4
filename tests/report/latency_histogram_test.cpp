// The latency histogram of summary.json: bin count, edges and counts exactly.
#include <gtest/gtest.h>

#include <vector>

#include "report/latency_histogram.h"

namespace kirchhoff {
namespace {

TEST(LatencyHistogram, FewerSamplesThanBinsGetOneBinEach) {
  // 4 samples: 4 bins of (400 - 100) / 4 = 75 ns; 400 (the maximum) is in the last bin.
  const LatencyHistogram h = make_latency_histogram({100, 180, 175, 400});
  EXPECT_EQ(h.min_ns, 100);
  EXPECT_EQ(h.max_ns, 400);
  EXPECT_EQ(h.bin_width_ns, 75);
  EXPECT_EQ(h.counts, (std::vector<std::uint64_t>{1, 2, 0, 1}));
}

TEST(LatencyHistogram, ManySamplesGetTwentyBinsThatCountEverySample) {
  std::vector<double> l;
  for (int i = 0; i < 1000; ++i) l.push_back(1000.0 + i);  // 1000 .. 1999 ns
  const LatencyHistogram h = make_latency_histogram(l);
  ASSERT_EQ(h.counts.size(), 20u);
  EXPECT_DOUBLE_EQ(h.bin_width_ns, 999.0 / 20);
  std::uint64_t total = 0;
  for (auto c : h.counts) total += c;
  EXPECT_EQ(total, 1000u);
  EXPECT_EQ(h.counts.front(), 50u);  // 1000 .. 1049 (< 1049.95)
  EXPECT_EQ(h.counts.back(), 50u);   // 1950 .. 1999, the maximum included
}

TEST(LatencyHistogram, EqualLatenciesAreOneBinOfWidthZeroAndNoSamplesNoBins) {
  const LatencyHistogram h = make_latency_histogram({250, 250, 250});
  EXPECT_EQ(h.min_ns, 250);
  EXPECT_EQ(h.max_ns, 250);
  EXPECT_EQ(h.bin_width_ns, 0);
  EXPECT_EQ(h.counts, (std::vector<std::uint64_t>{3}));
  EXPECT_TRUE(make_latency_histogram({}).counts.empty());
}

}  // namespace
}  // namespace kirchhoff
