// Sparsity-aware mapping (compiler/sparsity.h): exact tile counts of hand-made sparse layers
// (zero rows, zero columns, pruned conv channels, a row-shared 2:4 pattern, scattered zeros that
// save nothing), the routing of a packed layer's inputs, mapper.sparsity=off, and the plan's
// sparsity report (text and JSON).
#include <gtest/gtest.h>

#include "compiler/mapper.h"
#include "compiler/plan_report.h"
#include "compiler/sparsity.h"
#include "compiler/sparsity_report.h"
#include "tests/common/graph_builders.h"

namespace kirchhoff {
namespace {

// One Dense layer (or a chain of them) with weights w(r, c) given by `weight`.
Layer dense(const std::string& name, int in, int out, int input, float (*weight)(int r, int c)) {
  std::vector<float> w(static_cast<std::size_t>(in) * out);
  for (int r = 0; r < in; ++r)
    for (int c = 0; c < out; ++c) w[static_cast<std::size_t>(r) * out + c] = weight(r, c);
  return test::dense_layer(name, input, in, out, std::move(w));
}

WorkloadGraph graph(int in, std::vector<Layer> layers) {
  return test::flat_graph("sparse", in, std::move(layers));
}

config::ChipConfig chip(int tiles, config::SparsityMode mode = config::SparsityMode::kAuto) {
  config::ChipConfig c;
  c.tile.rows = 256;
  c.tile.cols = 256;
  c.chip.tiles = tiles;
  c.chip.mesh_cols = 4;
  c.chip.mesh_rows = 4;
  c.host.ports = 1;
  c.mapper.sparsity = mode;
  return c;
}

// 600 x 300: rows 100..399 and columns 200..299 are zero.
float zero_band(int r, int c) {
  return (r >= 100 && r < 400) || c >= 200 ? 0.0f : 0.5f;
}

TEST(Sparsity, DropsZeroRowsAndColumnsAndPacksTheRest) {
  const WorkloadGraph g = graph(600, {dense("fc", 600, 300, Layer::kGraphInput, zero_band)});
  const MappingPlan dense_plan = map_workload(g, chip(16, config::SparsityMode::kOff));
  EXPECT_EQ(dense_plan.tiles_used, 6);  // 3 row blocks x 2 column blocks
  EXPECT_TRUE(dense_plan.layers[0].kept_rows.empty());

  const MappingPlan p = map_workload(g, chip(16));
  const MappedLayer& m = p.layers[0];
  ASSERT_EQ(m.packed_rows(), 300);  // rows 0..99 and 400..599
  ASSERT_EQ(m.packed_cols(), 200);
  EXPECT_EQ(m.kept_rows.front(), 0);
  EXPECT_EQ(m.kept_rows[99], 99);
  EXPECT_EQ(m.kept_rows[100], 400);
  EXPECT_EQ(m.kept_cols.back(), 199);
  EXPECT_EQ(m.rows, 600);  // the layer matrix is unchanged
  EXPECT_EQ(m.cols, 300);
  EXPECT_EQ(m.row_blocks, 2);
  EXPECT_EQ(m.col_blocks, 1);
  EXPECT_EQ(m.dense_blocks, 6);
  EXPECT_EQ(p.tiles_used, 2);
  EXPECT_EQ(dense_tiles(p), 6);
  EXPECT_NEAR(m.cell_utilisation, 300.0 * 200 / (2 * 256 * 256), 1e-12);
  EXPECT_EQ(p.route(m.tile_of(0, 1, 0)).row_begin, 256);
  EXPECT_EQ(p.route(m.tile_of(0, 1, 0)).row_end, 300);
  EXPECT_EQ(p.route(m.tile_of(0, 0, 0)).col_end, 200);

  // The packed matrix holds the kept rows and columns in order.
  const std::vector<float> w = packed_matrix(g.layers[0], m);
  ASSERT_EQ(w.size(), 300u * 200u);
  for (float v : w) EXPECT_EQ(v, 0.5f);
  std::vector<float> x(600);
  for (int i = 0; i < 600; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(i);
  const std::vector<float> gx = gather_rows(m, x);
  ASSERT_EQ(gx.size(), 300u);
  EXPECT_EQ(gx[99], 99.0f);
  EXPECT_EQ(gx[100], 400.0f);
}

TEST(Sparsity, PlanReportsTilesSavedAndUtilisation) {
  const WorkloadGraph g = graph(600, {dense("fc", 600, 300, Layer::kGraphInput, zero_band)});
  const MappingPlan p = map_workload(g, chip(16));
  const nlohmann::ordered_json j = plan_json(p).at("sparsity");
  EXPECT_EQ(j.at("dense_tiles"), 6);
  EXPECT_EQ(j.at("tiles_used"), 2);
  EXPECT_EQ(j.at("tiles_saved"), 4);
  // 300 x 200 non-zero weights in 6 and in 2 tiles of 65536 cells.
  EXPECT_NEAR(j.at("dense_weight_utilisation").get<double>(), 60000.0 / (6 * 65536.0), 1e-12);
  EXPECT_NEAR(j.at("weight_utilisation").get<double>(), 60000.0 / (2 * 65536.0), 1e-12);
  const auto& l = j.at("layers").at(0);
  EXPECT_EQ(l.at("kept_rows"), 300);
  EXPECT_EQ(l.at("kept_cols"), 200);
  EXPECT_EQ(l.at("tiles_saved"), 4);
  EXPECT_EQ(l.at("nonzero_weights"), 60000);
  const std::string t = plan_text(p);
  EXPECT_NE(t.find("sparsity: all-zero rows and columns dropped"), std::string::npos) << t;
  EXPECT_NE(t.find("300/600"), std::string::npos) << t;
  EXPECT_NE(t.find("15.3 -> 45.8"), std::string::npos) << t;  // 60000/393216, 60000/131072
  EXPECT_NE(t.find("chip tile utilisation: 12.5 %"), std::string::npos) << t;  // 2 of 16
  // A dense plan prints no sparsity table and reports nothing saved.
  const MappingPlan d = map_workload(g, chip(16, config::SparsityMode::kOff));
  EXPECT_EQ(plan_text(d).find("sparsity:"), std::string::npos);
  EXPECT_EQ(plan_json(d).at("sparsity").at("tiles_saved"), 0);
}

TEST(Sparsity, RowShared2of4PatternHalvesTheRowBlocks) {
  // 1024 x 64: in every group of 4 rows, rows 1 and 2 are zero for all outputs.
  auto two_of_four = [](int r, int c) {
    return (r % 4 == 1 || r % 4 == 2) ? 0.0f : 0.1f * (c + 1);
  };
  const WorkloadGraph g = graph(1024, {dense("fc", 1024, 64, Layer::kGraphInput, two_of_four)});
  EXPECT_EQ(map_workload(g, chip(8, config::SparsityMode::kOff)).tiles_used, 4);
  const MappingPlan p = map_workload(g, chip(8));
  EXPECT_EQ(p.layers[0].packed_rows(), 512);
  EXPECT_EQ(p.layers[0].packed_cols(), 64);
  EXPECT_EQ(p.tiles_used, 2);
}

TEST(Sparsity, ScatteredZerosSaveNoTile) {
  // A 2:4 mask chosen per output (shifted by the column): every row and column keeps weights.
  auto per_output = [](int r, int c) { return ((r + c) % 4 < 2) ? 0.0f : 1.0f; };
  const WorkloadGraph g = graph(512, {dense("fc", 512, 64, Layer::kGraphInput, per_output)});
  const MappingPlan p = map_workload(g, chip(8));
  EXPECT_TRUE(p.layers[0].kept_rows.empty());
  EXPECT_EQ(p.tiles_used, 2);
  EXPECT_EQ(plan_json(p).at("sparsity").at("tiles_saved"), 0);
}

TEST(Sparsity, PrunedConvolutionChannelsBecomeDroppedRowsAndColumns) {
  // Conv 32 -> 300 channels, 3x3 on a 4x4 map: 288 rows (2 row blocks) x 300 columns (2 blocks).
  // Input channels 24..31 (72 rows) and output channels 256..299 are pruned: 216 x 256, 1 tile.
  Layer l;
  l.name = "conv";
  l.op = OpKind::kConv2d;
  l.inputs = {Layer::kGraphInput};
  Conv2dOp c;
  c.in_channels = 32;
  c.out_channels = 300;
  c.kernel_h = c.kernel_w = 3;
  c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 1;
  c.in_h = c.in_w = 4;
  c.out_h = c.out_w = 4;
  c.weights.assign(288u * 300u, 0.0f);
  for (int r = 0; r < 24 * 9; ++r)
    for (int o = 0; o < 256; ++o) c.weights[static_cast<std::size_t>(r) * 300 + o] = 1.0f;
  l.params = c;
  l.shape = {1, 300, 4, 4};
  WorkloadGraph g;
  g.name = "conv";
  g.input_name = "x";
  g.input_shape = {1, 32, 4, 4};
  g.layers = {l};
  g.validate();
  EXPECT_EQ(map_workload(g, chip(8, config::SparsityMode::kOff)).tiles_used, 4);
  const MappingPlan p = map_workload(g, chip(8));
  EXPECT_EQ(p.layers[0].packed_rows(), 216);
  EXPECT_EQ(p.layers[0].packed_cols(), 256);
  EXPECT_EQ(p.tiles_used, 1);
  // A dropped output channel is its bias at every pixel; kept ones land at their channel.
  const std::vector<float> packed(256u * 16u, 2.0f);
  std::vector<float> bias(300, 0.0f);
  bias[299] = -3.0f;
  const std::vector<float> full = scatter_cols(p.layers[0].kept_cols, 300, 16, packed, bias);
  ASSERT_EQ(full.size(), 300u * 16u);
  EXPECT_EQ(full[255 * 16 + 15], 2.0f);
  EXPECT_EQ(full[256 * 16], 0.0f);
  EXPECT_EQ(full[299 * 16 + 7], -3.0f);
}

TEST(Sparsity, InputsReachOnlyTheTilesHoldingTheirKeptRows) {
  // fc1 8 -> 600 (dense, 3 column blocks); fc2 600 -> 10 with rows 0..299 zero: its kept rows
  // 300..599 fill packed row blocks [0, 256) (matrix rows 300..555) and [256, 300) (556..599).
  auto ones = [](int, int) { return 1.0f; };
  auto upper = [](int r, int) { return r < 300 ? 0.0f : 1.0f; };
  const WorkloadGraph g =
      graph(8, {dense("fc1", 8, 600, Layer::kGraphInput, ones), dense("fc2", 600, 10, 0, upper)});
  const MappingPlan p = map_workload(g, chip(16));
  const MappedLayer& fc1 = p.layers[0];
  const MappedLayer& fc2 = p.layers[1];
  ASSERT_EQ(fc1.col_blocks, 3);
  ASSERT_EQ(fc2.row_blocks, 2);
  EXPECT_EQ(p.tiles_used, 5);  // dense: 3 + 3
  EXPECT_EQ(dense_tiles(p), 6);
  auto fed = [&](int cb) {
    const TileRoute& t = p.route(fc1.tile_of(0, 0, cb));
    for (const Destination& d : t.outputs)
      if (d.kind == Destination::Kind::kTiles && d.mapped_layer == 1) return d.tiles;
    return std::vector<int>{-1};
  };
  EXPECT_EQ(fed(0), std::vector<int>{});  // features 0..255: all dropped in fc2
  EXPECT_EQ(fed(1), (std::vector<int>{fc2.tile_of(0, 0, 0)}));                        // 256..511
  EXPECT_EQ(fed(2), (std::vector<int>{fc2.tile_of(0, 0, 0), fc2.tile_of(0, 1, 0)}));  // 512..599
}

TEST(Sparsity, AllZeroLayerStaysDense) {
  auto zero = [](int, int) { return 0.0f; };
  const WorkloadGraph g = graph(300, {dense("fc", 300, 10, Layer::kGraphInput, zero)});
  const MappingPlan p = map_workload(g, chip(4));
  EXPECT_TRUE(p.layers[0].kept_rows.empty());
  EXPECT_EQ(p.tiles_used, 2);
}

}  // namespace
}  // namespace kirchhoff
