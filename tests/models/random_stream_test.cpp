#include "models/random_stream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace kirchhoff {
namespace {

TEST(RandomStream, SameKeyAndCounterGiveSameNumberWhateverTheOrder) {
  RandomStream a(42, "chip.tile0");
  RandomStream b(42, "chip.tile0");
  const double first = a.normal(7, 3);
  (void)b.normal(1, 1);
  (void)b.normal(9, 100);
  EXPECT_EQ(first, b.normal(7, 3));
}

TEST(RandomStream, DifferentSeedOrComponentGiveDifferentNumbers) {
  RandomStream a(42, "chip.tile0");
  EXPECT_NE(a.normal(0, 0), RandomStream(43, "chip.tile0").normal(0, 0));
  EXPECT_NE(a.normal(0, 0), RandomStream(42, "chip.tile1").normal(0, 0));
}

TEST(RandomStream, BulkNormalsEqualSingleDraws) {
  RandomStream s(5, "x");
  std::vector<float> v(11);
  s.normals(3, 2, v.data(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_FLOAT_EQ(v[i], static_cast<float>(s.normal(3, 2 + i))) << i;
  }
}

// Bulk draws run Philox on four blocks at once (SSE2 lanes) and single draws the scalar
// Random123 Philox: the same bits, at any offset and with counter words beyond 32 bits.
TEST(RandomStream, BulkNormalsEqualSingleDrawsAtLargeCounters) {
  RandomStream s(77, "chip.tile12");
  for (std::uint64_t event : {std::uint64_t{0}, std::uint64_t{5} << 40, ~std::uint64_t{0} - 3}) {
    for (std::uint64_t first : {std::uint64_t{0}, std::uint64_t{3}, (std::uint64_t{1} << 40) + 1,
                                (std::uint64_t{1} << 32) - 6}) {
      std::vector<float> v(203);
      s.normals(event, first, v.data(), v.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        ASSERT_EQ(v[i], static_cast<float>(s.normal(event, first + i))) << event << " " << i;
      }
    }
  }
}

// Every length and offset up to a few eight-lane groups: the AVX2 groups, the group drawn
// into a buffer for a short tail, and the four-lane head and tail give the single draws' bits.
TEST(RandomStream, BulkNormalsEqualSingleDrawsForEveryShortLength) {
  RandomStream s(9, "chip.tile3");
  const std::uint64_t firsts[] = {0, 1, 2, 3, 5, 30};
  for (std::uint64_t first : firsts) {
    for (std::size_t n = 1; n <= 100; ++n) {
      std::vector<float> v(n);
      s.normals(11, first, v.data(), n);
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(v[i], static_cast<float>(s.normal(11, first + i)))
            << first << " " << n << " " << i;
      }
    }
  }
}

// 200k draws: the sample mean has sigma 1/sqrt(2e5) = 0.0022, the sample variance sigma
// sqrt(2/2e5) = 0.0032; tolerances are about 4.5 sigma.
TEST(RandomStream, NormalsHaveUnitVarianceAndZeroMean) {
  RandomStream s(1, "stats");
  const std::size_t n = 200000;
  std::vector<double> v(n);
  s.normals(0, 0, v.data(), n);
  double sum = 0, sum2 = 0;
  for (double x : v) {
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(var, 1.0, 0.015);
}

TEST(RandomStream, UniformsAreInOpenUnitIntervalWithMeanHalf) {
  RandomStream s(1, "u");
  const std::size_t n = 100000;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = s.uniform(0, i);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // sigma of the mean: sqrt(1/12/1e5) = 0.00091
  EXPECT_NEAR(sum / n, 0.5, 0.004);
}

}  // namespace
}  // namespace kirchhoff
