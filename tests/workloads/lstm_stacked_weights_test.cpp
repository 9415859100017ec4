// LstmOp::stacked_weights: the crossbar matrix [(I+H)][4H], row k < I is W[:, k] and row I + k
// is R[:, k], for sizes that are not multiples of its 64 x 64 transpose blocks.
#include <gtest/gtest.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {
namespace {

TEST(LstmStackedWeights, EveryElementIsItsGateColumnForSizesAcrossBlockEdges) {
  for (const auto& [I, H] : {std::pair{1, 1}, std::pair{70, 17}, std::pair{64, 65}}) {
    LstmOp op;
    op.input_size = I;
    op.hidden_size = H;
    const int G = 4 * H;
    op.w.resize(static_cast<std::size_t>(G) * I);
    op.r.resize(static_cast<std::size_t>(G) * H);
    for (std::size_t i = 0; i < op.w.size(); ++i) op.w[i] = static_cast<float>(i) + 0.5f;
    for (std::size_t i = 0; i < op.r.size(); ++i) op.r[i] = -static_cast<float>(i) - 0.25f;
    const std::vector<float> m = op.stacked_weights();
    ASSERT_EQ(m.size(), static_cast<std::size_t>(I + H) * G);
    for (int g = 0; g < G; ++g) {
      for (int k = 0; k < I; ++k)
        ASSERT_EQ(m[static_cast<std::size_t>(k) * G + g], op.w[static_cast<std::size_t>(g) * I + k])
            << "I " << I << " H " << H << " gate row " << g << " input " << k;
      for (int k = 0; k < H; ++k)
        ASSERT_EQ(m[static_cast<std::size_t>(I + k) * G + g],
                  op.r[static_cast<std::size_t>(g) * H + k])
            << "I " << I << " H " << H << " gate row " << g << " hidden " << k;
    }
  }
}

}  // namespace
}  // namespace kirchhoff
