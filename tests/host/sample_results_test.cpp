// SampleResults (host/sample_results.h) without a simulation: records arriving out of order wait
// until the earlier ones are in, the sums are those of the vectors concatenated in sample order
// (relative_l2_error), a sample that never completed makes its stages' error -1, and the
// references reach on_reference in sample order.
#include <gtest/gtest.h>

#include <vector>

#include "host/sample_results.h"
#include "tests/common/graph_builders.h"
#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

// One Dense layer 2 -> 2 (weights [[1, 2], [3, 4]]), the network output.
WorkloadGraph dense_graph() {
  return test::flat_graph("dense", 2,
                          {test::dense_layer("fc", Layer::kGraphInput, 2, 2, {1, 2, 3, 4})});
}

std::vector<DataflowStage> one_stage() {
  DataflowStage st;
  st.layer = 0;
  st.observed_layer = 0;
  return {st};
}

SampleRecord record(std::vector<float> y, double latency_ns) {
  SampleRecord r;
  r.stage_outputs = {y};
  r.output = std::move(y);
  r.stage_latencies_ns = {latency_ns};
  r.output_read_ns = 1;
  r.complete = true;
  return r;
}

TEST(SampleResults, OutOfOrderRecordsFoldInSampleOrder) {
  const WorkloadGraph g = dense_graph();
  const std::vector<DataflowStage> stages = one_stage();
  const std::vector<std::vector<float>> inputs = {{1, 0}, {0, 1}, {1, 1}};
  const std::vector<int> labels = {1, 0, 1};
  std::vector<std::size_t> order;
  SampleResults res(g, stages, inputs, &labels, true,
                    [&](std::size_t s, const std::vector<float>&) { order.push_back(s); });
  // References: [1, 2], [3, 4], [4, 6].
  res.add(2, record({4, 5}, 30));
  res.add(1, record({3, 4.5f}, 20));
  EXPECT_EQ(res.folded(), 0u);
  EXPECT_EQ(res.max_records_held(), 2u);
  res.add(0, record({1, 2}, 10));
  EXPECT_EQ(res.folded(), 3u);
  res.finish();
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2}));
  const std::vector<float> chip = {1, 2, 3, 4.5f, 4, 5}, ref = {1, 2, 3, 4, 4, 6};
  EXPECT_EQ(res.stage_rel_l2_error().at(0), relative_l2_error(chip, ref));
  EXPECT_EQ(res.output_err2(), 0.25 + 1.0);
  EXPECT_EQ(res.output_ref2(), 1.0 + 4 + 9 + 16 + 16 + 36);
  EXPECT_EQ(res.output_max_abs_error(), 1.0);
  EXPECT_EQ(res.top1_chip_correct(), 2);       // argmax 1, 1, 1 against labels 1, 0, 1
  EXPECT_EQ(res.top1_reference_correct(), 2);  // argmax 1, 1, 1
  EXPECT_EQ(res.stage_latency_sum_ns().at(0), 60.0);
  EXPECT_EQ(res.output_read_sum_ns(), 3.0);
  ASSERT_EQ(res.outputs.size(), 3u);
  EXPECT_EQ(res.reference.at(2), (std::vector<float>{4, 6}));
}

TEST(SampleResults, ASampleThatNeverCompletedMakesTheErrorMinusOne) {
  const WorkloadGraph g = dense_graph();
  const std::vector<DataflowStage> stages = one_stage();
  const std::vector<std::vector<float>> inputs = {{1, 0}, {0, 1}};
  SampleResults res(g, stages, inputs, nullptr, false, {});
  res.add(0, record({1, 2}, 10));
  res.finish();  // sample 1 never came
  EXPECT_EQ(res.folded(), 2u);
  EXPECT_EQ(res.stage_rel_l2_error().at(0), -1.0);
  EXPECT_EQ(res.output_err2(), 0.0);
  EXPECT_EQ(res.output_ref2(), 5.0);  // only sample 0's output was compared
  EXPECT_TRUE(res.outputs.empty());   // not kept
}

}  // namespace
}  // namespace kirchhoff
