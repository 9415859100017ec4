// Names of a workload graph go into summary.json, the plan's JSON and the traces: they must be
// UTF-8 (found by fuzz_onnx: a node name of byte 0x9D made the plan's JSON throw).
#include <gtest/gtest.h>

#include <string>

#include "tests/common/thrown_message.h"
#include "workloads/workload_error.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {
namespace {

WorkloadGraph graph_with_layer_name(const std::string& layer_name) {
  WorkloadGraph g;
  g.name = "names";
  g.source = "names.onnx";
  g.input_name = "x";
  Layer l;
  l.name = layer_name;
  g.layers.push_back(l);
  return g;
}

std::string error_of(const WorkloadGraph& g) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { g.check_names(); }, "no error");
}

TEST(WorkloadGraphNames, Utf8NamesPass) {
  EXPECT_EQ(error_of(graph_with_layer_name("fc1")), "no error");
  EXPECT_EQ(error_of(graph_with_layer_name("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x94\xa5")),
            "no error");
}

TEST(WorkloadGraphNames, NamesThatAreNotUtf8AreRejected) {
  const std::string tail =
      " is not valid UTF-8; allowed: UTF-8 text (names are written into summary.json, the plan "
      "and the traces)";
  for (const std::string& bad :
       {std::string("\x9d"), std::string("fc\xc3"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80")}) {
    const WorkloadGraph g = graph_with_layer_name(bad);
    EXPECT_EQ(error_of(g), "names.onnx: the name of layer 0 (" +
                               std::string(to_string(g.layers[0].op)) + ")" + tail);
  }
  WorkloadGraph g = graph_with_layer_name("fc1");
  g.input_name = "x\xff";
  EXPECT_EQ(error_of(g), "names.onnx: the graph input's name" + tail);
}

}  // namespace
}  // namespace kirchhoff
