// What `kirchhoff map SYSTEM` shows of the dense layers split across chips (compiler/
// dense_split.h): each original layer, its blocks with their rows and chips, and the partial
// sums that cross links (from which chip to which, values and bytes per inference).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/dense_split.h"
#include "compiler/system_partition.h"
#include "config/system_config.h"

namespace kirchhoff {

struct PartialSumCrossing {
  std::string name;  // D/block0 or D/sum<i>: the sum of the blocks before
  int from_share = -1, to_share = -1;
  std::int64_t values = 0, bytes = 0;
};

// The partial sums of `split` that cross from one share to another (graph: the split graph).
std::vector<PartialSumCrossing> partial_sum_crossings(const DenseSplit& split,
                                                      const WorkloadGraph& graph,
                                                      const SystemPartition& p);
// The share holding graph layer `name` (-1 when none does).
int share_of_layer(const WorkloadGraph& graph, const SystemPartition& p, const std::string& name);

std::string split_text(const config::SystemConfig& sys, const SplitGraph& split,
                       const SystemPartition& p);
nlohmann::ordered_json split_json(const config::SystemConfig& sys, const SplitGraph& split,
                                  const SystemPartition& p);

}  // namespace kirchhoff
