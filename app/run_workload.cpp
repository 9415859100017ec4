#include "app/run_workload.h"

#include <utility>

#include "app/builtin_demo.h"
#include "app/cli.h"
#include "app/workload_inputs.h"
#include "workloads/default_workload.h"
#include "workloads/native_workload.h"
#include "workloads/npy.h"
#include "workloads/onnx_importer.h"

namespace kirchhoff::app {
namespace {

RunWorkload demo(const RunWorkloadRequest& r) {
  RunWorkload w;
  w.builtin_demo = true;
  const BuiltinFile net = demo_network(), images = demo_images(), labels = demo_labels();
  w.graph = import_onnx_bytes(net.bytes, net.name);
  w.inputs =
      read_inputs(read_npy_bytes(images.bytes, images.name), images.name, w.graph, r.uint8_scale);
  w.labels = read_labels(read_npy_bytes(labels.bytes, labels.name), labels.name, w.inputs.size(),
                         numel(w.graph.shape_of(w.graph.output_layer())));
  select_samples(w.inputs, w.labels, r.samples < 0 ? kDemoSamples : r.samples, r.repeat,
                 images.name);
  return w;
}

}  // namespace

RunWorkload load_run_workload(const RunWorkloadRequest& r, const config::ChipConfig& cfg) {
  const bool file = !r.workload.empty() && r.workload != kDenseWorkload;
  if (file && r.inputs.empty()) {
    throw UsageError("run: --workload " + r.workload +
                     " needs --inputs X.npy (its input samples); allowed without --inputs: "
                     "--workload dense or no --workload (the built-in demo)");
  }
  if (!file && !r.inputs.empty()) {
    throw UsageError(std::string("run: --inputs needs --workload FILE (") +
                     (r.workload.empty() ? "the built-in demo brings its own inputs"
                                         : "the dense workload draws its inputs from the seed") +
                     ")");
  }
  if (!file && !r.labels.empty()) {
    throw UsageError("run: --labels needs --workload FILE and --inputs");
  }
  if (r.repeat && r.samples < 0) throw UsageError("run: --repeat needs --samples N");
  if (r.workload.empty()) return demo(r);
  RunWorkload w;
  if (!file) {
    DefaultWorkload d = make_default_workload(cfg.workload, cfg.sim.seed);
    w.graph = std::move(d.graph);
    w.inputs = std::move(d.inputs);
    w.synthetic = true;
    select_samples(w.inputs, w.labels, r.samples, r.repeat,
                   "the dense workload's workload.samples");
    return w;
  }
  w.graph = load_workload(r.workload);
  w.inputs = read_inputs(r.inputs, w.graph, r.uint8_scale);
  if (!r.labels.empty()) {
    w.labels =
        read_labels(r.labels, w.inputs.size(), numel(w.graph.shape_of(w.graph.output_layer())));
  }
  select_samples(w.inputs, w.labels, r.samples, r.repeat, r.inputs);
  return w;
}

}  // namespace kirchhoff::app
