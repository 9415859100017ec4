#include "traces/events_csv_sink.h"

#include "traces/text_format.h"

namespace kirchhoff::traces {

namespace {
constexpr int kNsDecimals = 3;  // ns with ps precision
}

std::string EventsCsvSink::header() {
  std::string h = "start_ns,duration_ns,component,kind,sample,layer,bytes,ops,energy_pj";
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) {
    h += ',';
    h += to_string(static_cast<EnergyCategory>(i));
    h += "_pj";
  }
  h += ",unit,category,value,layer_name";
  return h;
}

EventsCsvSink::EventsCsvSink(std::string path) : file_(std::move(path)) {
  file_.write(header());
  file_.write("\n");
}

void EventsCsvSink::on_event(const Recorder& recorder, const Event& e) {
  const ComponentInfo& c = recorder.component(e.component);
  const std::string& unit = recorder.unit_name(e.component, e.unit);
  TextBuffer& out = file_.buffer();
  append_fixed(out, e.start_ps, kNsDecimals);
  out.push_back(',');
  append_fixed(out, e.duration_ps, kNsDecimals);
  out.push_back(',');
  append_csv_field(out, c.name);
  out.push_back(',');
  out.append(to_string(e.kind));
  out.push_back(',');
  append_int(out, e.sample);
  out.push_back(',');
  append_int(out, e.layer);
  out.push_back(',');
  append_uint(out, e.bytes);
  out.push_back(',');
  append_uint(out, e.ops);
  out.push_back(',');
  append_double(out, e.energy.total());
  for (double pj : e.energy.pj) {
    out.push_back(',');
    append_double(out, pj);
  }
  out.push_back(',');
  append_csv_field(out, unit);
  out.push_back(',');
  append_csv_field(out, c.category);
  out.append(",,");
  append_csv_field(out, recorder.layer_name(e.layer));
  out.push_back('\n');
  file_.maybe_flush();
  totals_.add(e);
}

void EventsCsvSink::on_counter(const Recorder& recorder, const CounterSample& s) {
  const CounterInfo& k = recorder.counter(s.counter);
  const ComponentInfo& c = recorder.component(k.component);
  TextBuffer& out = file_.buffer();
  append_fixed(out, s.time_ps, kNsDecimals);
  out.append(",0.000,");
  append_csv_field(out, c.name);
  out.append(",counter,-1,-1,0,0,0");
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) out.append(",0");
  out.push_back(',');
  append_csv_field(out, k.name);
  out.push_back(',');
  append_csv_field(out, c.category);
  out.push_back(',');
  append_double(out, s.value);
  out.append(",\n");
  file_.maybe_flush();
  totals_.add(s);
}

void EventsCsvSink::finish(const Recorder& /*recorder*/) {
  file_.commit();
}

}  // namespace kirchhoff::traces
