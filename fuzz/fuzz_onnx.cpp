// libFuzzer harness of the ONNX path of `kirchhoff map` / `kirchhoff run --workload`, without a
// simulation: import_onnx_bytes (parse, shape resolution, validation), map_workload on stock
// chips, the plan report (text and JSON) and make_dataflow_stages.
//
// Input: the bytes of an ONNX ModelProto; mutations change the model's structure (dims,
// attributes, input shape, nodes: fuzz/onnx_mutator.h) as well as its bytes. Each imported graph is
// mapped onto
//  - the stock 64-tile chip (configs/chips/hermes64.yaml, local DPUs), replication 1
//    and 2, and
//  - the same chip with 32 x 32 crossbars and 4 global DPUs (many row and column blocks,
//    reductions in global DPUs).
// Allowed outcomes: a WorkloadError from the import or the mapper ("needs N tiles ..."), and
// the std::invalid_argument make_dataflow_stages documents for what cannot run yet. Findings:
// any other exception, a crash or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/mapper.h"
#include "compiler/plan_report.h"
#include "config/config_loader.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/onnx_mutator.h"
#include "host/dataflow_stage.h"
#include "workloads/onnx_importer.h"
#include "workloads/workload_error.h"

namespace {

using kirchhoff::WorkloadError;
using kirchhoff::fuzz::fuzz_unexpected;
constexpr const char* kHarness = "fuzz_onnx";

struct Target {
  kirchhoff::config::ChipConfig cfg;
  kirchhoff::MapperOptions options;
};

std::vector<Target>& targets() {
  static std::vector<Target> t;
  return t;
}

void map_and_build(const kirchhoff::WorkloadGraph& g, const Target& t) {
  kirchhoff::MappingPlan plan;
  try {
    plan = kirchhoff::map_workload(g, t.cfg, t.options);
  } catch (const WorkloadError&) {
    return;
  } catch (...) {
    fuzz_unexpected(kHarness, "map_workload");
  }
  try {
    (void)kirchhoff::plan_text(plan);
    (void)kirchhoff::plan_json(plan).dump();
  } catch (...) {
    fuzz_unexpected(kHarness, "plan_text / plan_json of a valid plan");
  }
  try {
    (void)kirchhoff::make_dataflow_stages(g, plan);
  } catch (const std::invalid_argument&) {
  } catch (...) {
    fuzz_unexpected(kHarness, "make_dataflow_stages");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string chip = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
  auto& t = targets();
  t.push_back({kirchhoff::config::load_config(chip), {}});
  t.push_back({t.front().cfg, {}});
  t.back().options.replication = 2;
  t.push_back({kirchhoff::config::load_config(
                   chip, {"tile.rows=32", "tile.cols=32", "chip.tiles=56", "chip.global_dpus=4"}),
               {}});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kirchhoff::WorkloadGraph g;
  try {
    g = kirchhoff::import_onnx_bytes(std::string(reinterpret_cast<const char*>(data), size),
                                     "fuzz.onnx");
  } catch (const WorkloadError&) {
    return 0;
  } catch (...) {
    fuzz_unexpected(kHarness, "import_onnx_bytes");
  }
  for (const Target& t : targets()) map_and_build(g, t);
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  return kirchhoff::fuzz::mutate_onnx_model(data, size, max_size, seed);
}
