// DIR/events.csv: one row per recorded event, in arrival order, streamed to disk (memory is
// one output buffer). Columns:
//   start_ns,duration_ns   event start and duration, ns with 3 decimals (exact ps)
//   component              hierarchical component name ("chip.tile0")
//   kind                   mvm, dpu_op, packet_hop, ... ("counter" for counter samples)
//   sample,layer           -1 when not tied to one
//   bytes,ops              payload moved or processed, arithmetic operations
//   energy_pj              total energy of the event
//   array_pj,dac_pj,adc_pj,dpu_pj,buffer_pj,network_pj,host_io_pj,programming_pj,static_pj,
//   active_pj
//                          energy by category (shortest text that reads back exactly)
//   unit                   track inside the component ("crossbar", "link_E"; the category for
//                          the default track; the counter name for counter samples)
//   category               component category ("tile", "router", "host" ...)
//   value                  counter value (empty for events)
//   layer_name             name of `layer` (the workload layer, e.g. ONNX node "fc1"; empty
//                          when the event is not tied to a layer or the layer has no name)
// pandas: pd.read_csv("events.csv"); rows are in arrival order (sort by start_ns if needed).
#pragma once

#include <string>

#include "traces/output_file.h"
#include "traces/recorder.h"

namespace kirchhoff::traces {

class EventsCsvSink : public Sink {
 public:
  explicit EventsCsvSink(std::string path);

  void on_event(const Recorder& recorder, const Event& event) override;
  void on_counter(const Recorder& recorder, const CounterSample& sample) override;
  void finish(const Recorder& recorder) override;

  const Totals* totals() const override { return &totals_; }
  std::string name() const override { return "events.csv"; }

  // The header line (without the line break).
  static std::string header();

 private:
  OutputFile file_;
  Totals totals_;
};

}  // namespace kirchhoff::traces
