// The mapper: block splitting (counts, ranges, utilisation), partial sums meeting in one DPU,
// column blocks concatenated, placement distance between consecutive layers, replication, the
// multicast lists and the "needs N tiles" error; the plan printers.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/mapper.h"
#include "compiler/plan_report.h"
#include "config/config_loader.h"
#include "workloads/native_workload.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

// A chain of Dense layers (with a Relu after each but the last), zero weights.
WorkloadGraph dense_chain(const std::vector<int>& sizes) {
  WorkloadGraph g;
  g.name = "chain";
  g.input_name = "x";
  g.input_shape = {1, sizes[0]};
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    Layer l;
    l.name = "fc" + std::to_string(i + 1);
    l.op = OpKind::kDense;
    l.inputs = {static_cast<int>(g.layers.size()) - 1};
    DenseOp d;
    d.in_features = sizes[i];
    d.out_features = sizes[i + 1];
    d.weights.assign(static_cast<std::size_t>(sizes[i]) * sizes[i + 1], 0.0f);
    l.params = d;
    l.shape = {1, sizes[i + 1]};
    g.layers.push_back(l);
    if (i + 2 < sizes.size()) {
      Layer r;
      r.name = "relu" + std::to_string(i + 1);
      r.op = OpKind::kRelu;
      r.inputs = {static_cast<int>(g.layers.size()) - 1};
      r.shape = l.shape;
      g.layers.push_back(r);
    }
  }
  g.validate();
  return g;
}

config::ChipConfig chip(int tiles, int cols, int rows, int tile_size = 256, int dpus = 0) {
  config::ChipConfig c;
  c.tile.rows = tile_size;
  c.tile.cols = tile_size;
  c.chip.tiles = tiles;
  c.chip.mesh_cols = cols;
  c.chip.mesh_rows = rows;
  c.chip.global_dpus = dpus;
  c.host.ports = 1;
  return c;
}

TEST(Mapper, SplitsALargeMatrixIntoRowAndColumnBlocks) {
  // 600 x 300 on 256 x 256 crossbars: 3 row blocks x 2 column blocks.
  const MappingPlan p = map_workload(dense_chain({600, 300}), chip(8, 3, 3));
  ASSERT_EQ(p.layers.size(), 1u);
  const MappedLayer& m = p.layers[0];
  EXPECT_EQ(m.row_blocks, 3);
  EXPECT_EQ(m.col_blocks, 2);
  EXPECT_EQ(p.tiles_used, 6);
  EXPECT_NEAR(m.row_utilisation, 600.0 / 768, 1e-12);
  EXPECT_NEAR(m.col_utilisation, 300.0 / 512, 1e-12);
  EXPECT_NEAR(m.cell_utilisation, 600.0 * 300 / (6 * 256 * 256), 1e-12);
  const int row_edges[4] = {0, 256, 512, 600}, col_edges[3] = {0, 256, 300};
  for (int cb = 0; cb < 2; ++cb) {
    for (int rb = 0; rb < 3; ++rb) {
      const TileRoute& t = p.route(m.tile_of(0, rb, cb));
      EXPECT_EQ(t.row_begin, row_edges[rb]);
      EXPECT_EQ(t.row_end, row_edges[rb + 1]);
      EXPECT_EQ(t.col_begin, col_edges[cb]);
      EXPECT_EQ(t.col_end, col_edges[cb + 1]);
      EXPECT_TRUE(t.partial_sum);
      EXPECT_TRUE(t.outputs.empty());  // partial sums go to the reduction only
    }
  }
}

TEST(Mapper, PartialSumsMeetInOneDpuAndColumnBlocksConcatenate) {
  const MappingPlan p = map_workload(dense_chain({600, 300}), chip(8, 3, 3));
  const MappedLayer& m = p.layers[0];
  ASSERT_EQ(p.reductions.size(), 2u);  // one per column block
  for (int cb = 0; cb < 2; ++cb) {
    const Reduction& r = p.reductions[cb];
    EXPECT_EQ(r.kind, Reduction::Kind::kSum);
    EXPECT_EQ(r.col_block, cb);
    ASSERT_EQ(r.tiles.size(), 3u);
    for (int rb = 0; rb < 3; ++rb) {
      EXPECT_EQ(r.tiles[rb], m.tile_of(0, rb, cb));
      const TileRoute& t = p.route(r.tiles[rb]);
      EXPECT_EQ(t.reduction, r.id);
      EXPECT_EQ(t.reduction_node, r.node);  // all partial sums of a column meet at one node
    }
    // No global DPU: the local DPU of the middle tile (fewest hops to the other two).
    EXPECT_EQ(r.site, DpuSite::kTileDpu);
    EXPECT_EQ(r.site_index, m.tile_of(0, 1, cb));
    // The reduced column block goes to the host at its own output range: concatenation.
    ASSERT_EQ(r.outputs.size(), 1u);
    EXPECT_EQ(r.outputs[0].kind, Destination::Kind::kHost);
    EXPECT_EQ(r.outputs[0].row_begin, cb == 0 ? 0 : 256);
    EXPECT_EQ(r.outputs[0].row_end, cb == 0 ? 256 : 300);
  }
  EXPECT_EQ(p.reductions[0].col_end, p.reductions[1].col_begin);
}

TEST(Mapper, GlobalDpusReduceWhenTheChipHasThem) {
  const MappingPlan p = map_workload(dense_chain({600, 300}), chip(8, 4, 3, 256, 2));
  ASSERT_EQ(p.reductions.size(), 2u);
  for (const auto& r : p.reductions) {
    EXPECT_EQ(r.site, DpuSite::kGlobalDpu);
    EXPECT_EQ(r.node, p.floorplan.dpu_nodes[r.site_index]);
  }
  MapperOptions local;
  local.use_global_dpus = false;
  const MappingPlan q = map_workload(dense_chain({600, 300}), chip(8, 4, 3, 256, 2), local);
  EXPECT_EQ(q.reductions[0].site, DpuSite::kTileDpu);
}

TEST(Mapper, MulticastGoesOnlyToTilesWhoseRowsAreFed) {
  // 300 -> 300 -> 300: fc2 has 2 row blocks x 2 column blocks; fc1's column block 0 (outputs
  // 0..255) feeds fc2's row block 0 only, in both of fc2's column blocks.
  const MappingPlan p = map_workload(dense_chain({300, 300, 300}), chip(12, 4, 4));
  const MappedLayer& fc1 = p.layers[0];
  const MappedLayer& fc2 = p.layers[1];
  EXPECT_EQ(fc1.post_ops.size(), 1u);  // relu1 runs in fc1's output DPU
  const Reduction& r0 = p.reductions[0];
  ASSERT_EQ(r0.mapped_layer, 0);
  ASSERT_EQ(r0.outputs.size(), 1u);
  const Destination& d = r0.outputs[0];
  EXPECT_EQ(d.mapped_layer, 1);
  EXPECT_EQ(d.row_begin, 0);
  EXPECT_EQ(d.row_end, 256);
  EXPECT_EQ(d.tiles, (std::vector<int>{fc2.tile_of(0, 0, 0), fc2.tile_of(0, 0, 1)}));
  const Reduction& r1 = p.reductions[1];
  EXPECT_EQ(r1.outputs[0].tiles, (std::vector<int>{fc2.tile_of(0, 1, 0), fc2.tile_of(0, 1, 1)}));
  // The host sends the input to fc1's tiles (all rows).
  ASSERT_EQ(p.input.size(), 1u);
  EXPECT_EQ(p.input[0].tiles, fc1.tiles);
}

TEST(Mapper, ConsecutiveLayersStayClose) {
  // 784-256-128-10 (the MLP): fc1 4 tiles, fc2 1, fc3 1 on a 4x4 mesh.
  const WorkloadGraph g = import_onnx(kData + "/mlp.onnx");
  const MappingPlan p = map_workload(g, chip(15, 4, 4));
  ASSERT_EQ(p.layers.size(), 3u);
  EXPECT_EQ(p.tiles_used, 6);
  const Floorplan& fp = p.floorplan;
  // Bound: the last tile of layer L is 1 hop from the first of L+1, and any two tiles of
  // consecutive layers are at most (tiles of L + tiles of L+1 - 1) hops apart.
  for (std::size_t l = 0; l + 1 < p.layers.size(); ++l) {
    const auto& a = p.layers[l].tiles;
    const auto& b = p.layers[l + 1].tiles;
    EXPECT_EQ(fp.hops(fp.tile_nodes[a.back()], fp.tile_nodes[b.front()]), 1);
    const int bound = static_cast<int>(a.size() + b.size()) - 1;
    for (int ta : a) {
      for (int tb : b) EXPECT_LE(fp.hops(fp.tile_nodes[ta], fp.tile_nodes[tb]), bound);
    }
  }
  // The first layer starts at (or next to) the router the host port attaches to.
  EXPECT_LE(fp.hops(p.host_node, fp.tile_nodes[p.layers[0].tiles.front()]), 1);
}

TEST(Mapper, ReplicationDoublesTiles) {
  const WorkloadGraph g = dense_chain({600, 300, 10});
  const MappingPlan one = map_workload(g, chip(32, 6, 6));
  MapperOptions two;
  two.replication = 2;
  const MappingPlan p = map_workload(g, chip(32, 6, 6), two);
  EXPECT_EQ(p.tiles_used, 2 * one.tiles_used);
  EXPECT_EQ(p.layers[0].replicas, 2);
  EXPECT_EQ(p.layers[0].tiles.size(), 2 * one.layers[0].tiles.size());
  // Each replica of fc1 reduces separately and sends to both replicas of fc2.
  const Reduction& r = p.reductions[0];
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_EQ(r.outputs[0].replica, 0);
  EXPECT_EQ(r.outputs[1].replica, 1);
  EXPECT_NE(r.outputs[0].tiles, r.outputs[1].tiles);

  MapperOptions per_layer;
  per_layer.layer_replication["fc2"] = 3;
  const MappingPlan q = map_workload(g, chip(32, 6, 6), per_layer);
  EXPECT_EQ(q.layers[0].replicas, 1);
  EXPECT_EQ(q.layers[1].replicas, 3);
  EXPECT_EQ(q.tiles_used, one.tiles_used + 2 * 2);  // fc2: 2 row blocks
  per_layer.layer_replication["relu1"] = 2;
  EXPECT_THROW(map_workload(g, chip(32, 6, 6), per_layer), WorkloadError);
}

TEST(Mapper, TooLargeWorkloadSaysHowManyTiles) {
  try {
    map_workload(dense_chain({600, 300}), chip(4, 3, 2));
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("needs 6 tiles, the chip has 4"), std::string::npos)
        << e.what();
  }
  MapperOptions rep;
  rep.replication = 2;
  try {
    map_workload(dense_chain({600, 300}), chip(8, 3, 3), rep);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("needs 12 tiles, the chip has 8"), std::string::npos)
        << e.what();
  }
}

TEST(Mapper, CnnConvolutionsUseIm2colMatrices) {
  const MappingPlan p = map_workload(import_onnx(kData + "/cnn.onnx"), chip(4, 3, 2));
  ASSERT_EQ(p.layers.size(), 3u);
  EXPECT_EQ(p.layers[0].rows, 9);
  EXPECT_EQ(p.layers[0].cols, 8);
  EXPECT_EQ(p.layers[0].mvms_per_sample, 784);
  EXPECT_EQ(p.layers[1].rows, 72);
  EXPECT_EQ(p.layers[1].cols, 16);
  // bn1, relu1, pool1 after conv1; relu2, gap, flatten after conv2; softmax after fc.
  EXPECT_EQ(p.layers[0].post_ops, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(p.layers[1].post_ops, (std::vector<int>{5, 6, 7}));
  EXPECT_EQ(p.layers[2].post_ops, (std::vector<int>{9}));
  // conv1 -> conv2 (all 72 rows), conv2 -> fc (16 rows), fc -> host.
  const TileRoute& t0 = p.route(p.layers[0].tiles[0]);
  ASSERT_EQ(t0.outputs.size(), 1u);
  EXPECT_EQ(t0.outputs[0].tiles, p.layers[1].tiles);
  EXPECT_EQ(t0.outputs[0].row_end, 72);
  const TileRoute& t2 = p.route(p.layers[2].tiles[0]);
  ASSERT_EQ(t2.outputs.size(), 1u);
  EXPECT_EQ(t2.outputs[0].kind, Destination::Kind::kHost);
}

TEST(Mapper, LstmStateLoopsBackThroughAGatherDpu) {
  const MappingPlan p = map_workload(import_onnx(kData + "/lstm.onnx"), chip(9, 4, 3, 16));
  // (8 + 16) x 64 on 16 x 16 crossbars: 2 row blocks x 4 column blocks.
  const MappedLayer& m = p.layers[0];
  EXPECT_EQ(m.row_blocks, 2);
  EXPECT_EQ(m.col_blocks, 4);
  EXPECT_EQ(m.mvms_per_sample, 5);
  ASSERT_EQ(m.gathers.size(), 1u);
  const Reduction& g = p.reductions[m.gathers[0]];
  EXPECT_EQ(g.kind, Reduction::Kind::kGather);
  EXPECT_EQ(g.inputs.size(), 4u);  // one kSum per column block
  for (int id : g.inputs) EXPECT_EQ(p.reductions[id].gather, g.id);
  ASSERT_GE(g.outputs.size(), 2u);
  const Destination& rec = g.outputs[0];
  EXPECT_TRUE(rec.recurrent);
  EXPECT_EQ(rec.row_begin, 8);
  EXPECT_EQ(rec.row_end, 24);
  EXPECT_EQ(rec.tiles.size(), 8u);  // rows 8..23 touch both row blocks in all 4 column blocks
  EXPECT_EQ(g.outputs[1].mapped_layer, 1);  // then the Gemm after the Reshape
  // The host feeds the x rows only.
  EXPECT_EQ(p.input[0].row_end, 8);
  EXPECT_EQ(p.input[0].tiles.size(), 4u);
}

TEST(PlanReport, TextAndJson) {
  const MappingPlan p = map_workload(dense_chain({600, 300, 10}), chip(8, 3, 3));
  const std::string t = plan_text(p);
  EXPECT_NE(t.find("fc1"), std::string::npos) << t;
  EXPECT_NE(t.find("600x300"), std::string::npos) << t;
  EXPECT_NE(t.find("3x2"), std::string::npos) << t;
  EXPECT_NE(t.find("78.1"), std::string::npos) << t;  // row utilisation 600/768
  EXPECT_NE(t.find("58.6"), std::string::npos) << t;  // column utilisation 300/512
  EXPECT_NE(t.find("total"), std::string::npos) << t;
  const auto j = plan_json(p);
  EXPECT_EQ(j["tiles_used"], 8);  // fc1 3x2, fc2 (300 x 10) 2x1
  EXPECT_EQ(j["layers"][0]["row_blocks"], 3);
  EXPECT_EQ(j["routes"].size(), 8u);
  EXPECT_EQ(j["routes"][0]["reduction"], 0);
  EXPECT_EQ(j["reductions"][0]["kind"], "sum");
  EXPECT_EQ(j["reductions"][0]["outputs"][0]["tiles"][0], 6);
}

TEST(Mapper, ResidualOperandGoesToTheConsumersOutputDpu) {
  // fc1 -> relu -> fc2 -> add(fc2, relu): relu (owned by fc1) is fc2's second operand.
  WorkloadGraph g = dense_chain({300, 300, 300});
  Layer add;
  add.name = "residual";
  add.op = OpKind::kAdd;
  add.inputs = {2, 1};
  add.params = ElementwiseOp{};
  add.shape = {1, 300};
  g.layers.push_back(add);
  g.validate();
  const MappingPlan p = map_workload(g, chip(12, 4, 4));
  const MappedLayer& fc2 = p.layers[1];
  EXPECT_EQ(fc2.post_ops, (std::vector<int>{3}));
  // Two column blocks and a two-input Add: fc2's columns are gathered in one DPU.
  ASSERT_EQ(fc2.gathers.size(), 1u);
  const Reduction& gather = p.reductions[fc2.gathers[0]];
  EXPECT_EQ(fc2.output_nodes[0], gather.node);
  // fc1's reductions send their slice to fc2's tiles and, as the operand, to the gather node.
  const Reduction& r0 = p.reductions[0];
  ASSERT_EQ(r0.mapped_layer, 0);
  bool found = false;
  for (const auto& d : r0.outputs) {
    if (d.kind == Destination::Kind::kOperand) {
      found = true;
      EXPECT_EQ(d.operand_layer, 3);
      EXPECT_EQ(d.node, gather.node);
      EXPECT_EQ(d.row_begin, 0);
      EXPECT_EQ(d.row_end, 256);
    }
  }
  EXPECT_TRUE(found);
  // fc2's sums feed the gather, which returns to the host.
  for (int id : gather.inputs) EXPECT_EQ(p.reductions[id].gather, gather.id);
  ASSERT_EQ(gather.outputs.size(), 1u);
  EXPECT_EQ(gather.outputs[0].kind, Destination::Kind::kHost);
}

TEST(Mapper, CnnAndNativeMlpMapOntoTheHermesLikePreset) {
  const auto cfg =
      config::load_config(std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml");
  const MappingPlan p =
      map_workload(load_workload(std::string(KIRCHHOFF_TEST_DATA_DIR) + "/cnn.onnx"), cfg);
  EXPECT_EQ(p.tiles_used, 3);
  const MappingPlan q = map_workload(
      load_workload(std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/workloads/mlp_synthetic.yaml"),
      cfg);
  EXPECT_EQ(q.layers.size(), 3u);
}

}  // namespace
}  // namespace kirchhoff
