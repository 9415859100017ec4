#include "app/baseline_side_by_side.h"

#include <cstdio>
#include <vector>

#include "baseline/baseline_report.h"

namespace kirchhoff::app {
namespace {

struct LevelPair {
  const char* name;
  double analog_pj, digital_pj, analog_tops_per_w;
};

std::vector<LevelPair> levels(const AnalogFigures& a, const baseline::BaselineResult& d) {
  return {{"tile", a.tile_pj, d.energy_per_inference.tile_pj, a.tile_tops_per_w},
          {"chip", a.chip_pj, d.energy_per_inference.chip_pj, a.chip_tops_per_w},
          {"system", a.system_pj, d.energy_per_inference.system_pj, a.system_tops_per_w}};
}

// digital / analog; 0 when the analog figure is 0 (no ratio).
double ratio(double digital, double analog) {
  return analog > 0 ? digital / analog : 0.0;
}

// ops per pJ = TOPS/W, with the baseline's MACs (the same as the analog run's ops per sample).
double digital_tops_per_w(const baseline::BaselineResult& d, double energy_per_inference_pj) {
  return energy_per_inference_pj > 0
             ? 2.0 * static_cast<double>(d.macs_per_sample) / energy_per_inference_pj
             : 0.0;
}

}  // namespace

AnalogFigures analog_figures(const RunReport& analog) {
  const RunSummary& s = analog.summary;
  const double n = s.samples > 0 ? s.samples : 1;
  AnalogFigures a;
  a.tile_pj = s.tile_level.energy_pj / n;
  a.chip_pj = s.chip_level.energy_pj / n;
  a.system_pj = s.system_level.energy_pj / n;
  a.tile_tops_per_w = s.tile_level.tops_per_w;
  a.chip_tops_per_w = s.chip_level.tops_per_w;
  a.system_tops_per_w = s.system_level.tops_per_w;
  a.latency_mean_ns = s.latency_mean_ns;
  a.throughput_samples_per_s = s.throughput_samples_per_s;
  return a;
}

nlohmann::ordered_json side_by_side_json(const RunReport& analog,
                                         const baseline::BaselineResult& digital) {
  return side_by_side_json(analog_figures(analog), digital);
}

std::string side_by_side_text(const RunReport& analog, const baseline::BaselineResult& digital) {
  return side_by_side_text(analog_figures(analog), digital);
}

nlohmann::ordered_json side_by_side_json(const AnalogFigures& analog,
                                         const baseline::BaselineResult& digital) {
  nlohmann::ordered_json j;
  j["accelerator"] = digital.accelerator;
  j["source"] = digital.source;
  j["precision"] = baseline::to_string(digital.precision);
  j["batch"] = digital.batch;
  auto& lv = j["levels"] = nlohmann::ordered_json::object();
  for (const auto& l : levels(analog, digital)) {
    lv[l.name] = {{"analog_energy_per_inference_pj", l.analog_pj},
                  {"digital_energy_per_inference_pj", l.digital_pj},
                  {"energy_ratio_digital_over_analog", ratio(l.digital_pj, l.analog_pj)},
                  {"analog_tops_per_w", l.analog_tops_per_w},
                  {"digital_tops_per_w", digital_tops_per_w(digital, l.digital_pj)}};
  }
  const AnalogFigures& s = analog;
  j["latency_ns"] = {{"analog", s.latency_mean_ns},
                     {"digital", digital.latency_ns},
                     {"ratio_digital_over_analog", ratio(digital.latency_ns, s.latency_mean_ns)},
                     {"digital_overhead", digital.total_overhead_ns()}};
  j["throughput_samples_per_s"] = {
      {"analog", s.throughput_samples_per_s},
      {"digital", digital.throughput_samples_per_s},
      {"ratio_digital_over_analog",
       ratio(digital.throughput_samples_per_s, s.throughput_samples_per_s)}};
  j["digital"] = baseline::to_json(digital);
  return j;
}

std::string side_by_side_text(const AnalogFigures& analog,
                              const baseline::BaselineResult& digital) {
  std::string out = "  baseline: " + digital.accelerator + " (" +
                    baseline::to_string(digital.precision) + ", batch " +
                    std::to_string(digital.batch) + ", analytic; docs/baselines.md)\n";
  char line[256];
  std::snprintf(line, sizeof line, "    %-28s %16s %16s %14s\n", "per inference", "analog",
                digital.accelerator.c_str(), "digital/analog");
  out += line;
  for (const auto& l : levels(analog, digital)) {
    std::snprintf(line, sizeof line, "    %-28s %16.6g %16.6g %14.4g\n",
                  (std::string("energy, ") + l.name + " level (pJ)").c_str(), l.analog_pj,
                  l.digital_pj, ratio(l.digital_pj, l.analog_pj));
    out += line;
  }
  const AnalogFigures& s = analog;
  std::snprintf(line, sizeof line, "    %-28s %16.6g %16.6g %14.4g\n", "latency (ns)",
                s.latency_mean_ns, digital.latency_ns,
                ratio(digital.latency_ns, s.latency_mean_ns));
  out += line;
  std::snprintf(line, sizeof line, "    %-28s %16s %16.6g\n", "  of it fixed overhead (ns)", "-",
                digital.total_overhead_ns());
  out += line;
  std::snprintf(line, sizeof line, "    %-28s %16.6g %16.6g %14.4g\n", "throughput (samples/s)",
                s.throughput_samples_per_s, digital.throughput_samples_per_s,
                ratio(digital.throughput_samples_per_s, s.throughput_samples_per_s));
  out += line;
  return out;
}

}  // namespace kirchhoff::app
