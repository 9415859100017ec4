// The mapper on graphs no importer should produce but a caller can build (an empty weight
// matrix) and on a replication factor whose tile count overflows an int: WorkloadErrors that
// name the workload, never a crash in the placement (MappedLayer::tile_of).
#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "compiler/mapper.h"
#include "config/chip_config.h"
#include "tests/common/thrown_message.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

config::ChipConfig small_chip() {
  config::ChipConfig c;
  c.tile.rows = 256;
  c.tile.cols = 256;
  c.chip.tiles = 4;
  c.chip.mesh_cols = 3;
  c.chip.mesh_rows = 2;
  c.host.ports = 1;
  return c;
}

WorkloadGraph one_dense(int in, int out) {
  WorkloadGraph g;
  g.name = "one";
  g.source = "one.onnx";
  g.input_name = "x";
  g.input_shape = {1, in};
  Layer l;
  l.name = "fc";
  l.op = OpKind::kDense;
  l.inputs = {Layer::kGraphInput};
  DenseOp d;
  d.in_features = in;
  d.out_features = out;
  d.weights.assign(static_cast<std::size_t>(in) * static_cast<std::size_t>(out), 0.0f);
  l.params = d;
  l.shape = {1, out};
  g.layers.push_back(l);
  return g;
}

std::string error_of(const WorkloadGraph& g, const MapperOptions& o = {}) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { map_workload(g, small_chip(), o); },
                                                        "no error");
}

TEST(MapperBadInput, AnEmptyWeightMatrixIsAnErrorNotACrash) {
  EXPECT_EQ(error_of(one_dense(784, 0)),
            "one.onnx: layer 'fc' (Dense) has an empty 784 x 0 weight matrix; allowed: at least "
            "1 row and 1 column");
  EXPECT_EQ(error_of(one_dense(0, 10)),
            "one.onnx: layer 'fc' (Dense) has an empty 0 x 10 weight matrix; allowed: at least "
            "1 row and 1 column");
}

TEST(MapperBadInput, AHugeReplicationDoesNotOverflowTheTileCount) {
  MapperOptions o;
  o.replication = INT_MAX;
  const std::string e = error_of(one_dense(300, 10), o);  // 2 blocks x (2^31 - 1) replicas
  EXPECT_NE(e.find("one.onnx: needs 4294967294 tiles, the chip has 4"), std::string::npos) << e;
}

}  // namespace
}  // namespace kirchhoff
