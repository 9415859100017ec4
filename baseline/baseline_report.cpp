#include "baseline/baseline_report.h"

#include <cstdio>
#include <sstream>

namespace kirchhoff::baseline {

nlohmann::ordered_json to_json(const BaselineResult& r) {
  nlohmann::ordered_json j;
  j["accelerator"] = r.accelerator;
  j["source"] = r.source;
  j["workload"] = r.workload;
  j["precision"] = to_string(r.precision);
  j["batch"] = r.batch;
  j["weights_fit"] = r.weights_fit;
  j["weight_bytes"] = r.weight_bytes;
  j["sram_capacity_bytes"] = r.sram_capacity_bytes;
  j["macs_per_sample"] = r.macs_per_sample;
  auto& layers = j["layers"] = nlohmann::ordered_json::array();
  for (const auto& l : r.layers) {
    nlohmann::ordered_json e;
    e["name"] = l.name;
    e["op"] = l.op;
    e["macs_per_sample"] = l.macs_per_sample;
    e["weight_bytes"] = l.weight_bytes;
    e["activation_bytes_per_sample"] = l.activation_bytes_per_sample;
    e["sram_bytes_per_batch"] = l.sram_bytes;
    e["dram_bytes_per_batch"] = l.dram_bytes;
    e["compute_time_ns"] = l.compute_time_ns;
    e["sram_time_ns"] = l.sram_time_ns;
    e["dram_time_ns"] = l.dram_time_ns;
    e["time_ns"] = l.time_ns;
    e["bound"] = to_string(l.bound);
    e["energy_pj"] = {{"mac", l.mac_energy_pj},
                      {"sram", l.sram_energy_pj},
                      {"dram", l.dram_energy_pj},
                      {"static", l.static_energy_pj},
                      {"total", l.energy_pj()}};
    e["energy_per_inference_pj"] = l.energy_pj() / r.batch;
    layers.push_back(e);
  }
  j["io"] = {{"bytes_per_batch", r.io_bytes},
             {"time_ns", r.io_time_ns},
             {"energy_pj", r.io_energy_pj + r.io_static_energy_pj}};
  j["overhead"] = {{"layer_ns", r.layer_overhead_ns},
                   {"inference_ns", r.overhead_time_ns},
                   {"static_energy_pj", r.overhead_static_energy_pj},
                   {"total_ns", r.total_overhead_ns()}};
  j["batch_time_ns"] = r.batch_time_ns;
  j["batch_energy_pj"] = r.batch_energy_pj;
  j["latency_ns"] = r.latency_ns;
  j["throughput_samples_per_s"] = r.throughput_samples_per_s;
  j["energy_per_inference_pj"] = {{"tile", r.energy_per_inference.tile_pj},
                                  {"chip", r.energy_per_inference.chip_pj},
                                  {"system", r.energy_per_inference.system_pj}};
  j["tops"] = r.tops;
  j["tops_per_w"] = r.tops_per_w;
  return j;
}

namespace {
std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}
}  // namespace

std::string to_text(const BaselineResult& r) {
  std::ostringstream s;
  s << "digital baseline: " << r.workload << " on " << r.accelerator << " (" << r.source << "), "
    << to_string(r.precision) << ", batch " << r.batch << "\n";
  s << "  weights " << r.weight_bytes << " B, SRAM " << fmt("%.0f", r.sram_capacity_bytes) << " B: "
    << (r.weights_fit ? "fit on chip (read from SRAM once per batch)"
                      : "do not fit (re-fetched from off-chip memory every batch)")
    << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-14s %-7s %12s %12s %12s %8s %16s\n", "layer", "op",
                "MACs/sample", "weights B", "time ns", "bound", "energy pJ/inf");
  s << line;
  for (const auto& l : r.layers) {
    std::snprintf(line, sizeof line, "  %-14s %-7s %12lld %12lld %12.4g %8s %16.6g\n",
                  l.name.c_str(), l.op.c_str(), static_cast<long long>(l.macs_per_sample),
                  static_cast<long long>(l.weight_bytes), l.time_ns, to_string(l.bound),
                  l.energy_pj() / r.batch);
    s << line;
  }
  std::snprintf(line, sizeof line, "  %-14s %-7s %12s %12.0f %12.4g %8s %16.6g\n", "io", "-", "-",
                r.io_bytes, r.io_time_ns, r.io_bytes > 0 ? "dram" : "-",
                (r.io_energy_pj + r.io_static_energy_pj) / r.batch);
  s << line;
  std::snprintf(line, sizeof line, "  %-14s %-7s %12s %12s %12.4g %8s %16.6g\n", "overhead", "-",
                "-", "-", r.overhead_time_ns, "-", r.overhead_static_energy_pj / r.batch);
  s << line;
  s << "  energy per inference      tile " << fmt("%.6g", r.energy_per_inference.tile_pj)
    << " pJ, chip " << fmt("%.6g", r.energy_per_inference.chip_pj) << " pJ, system "
    << fmt("%.6g", r.energy_per_inference.system_pj) << " pJ\n";
  s << "  latency                   " << fmt("%.6g", r.latency_ns) << " ns (the whole batch; "
    << fmt("%.6g", r.total_overhead_ns())
    << " ns of it fixed overhead: " << fmt("%.6g", r.layer_overhead_ns) << " ns per layer, "
    << fmt("%.6g", r.overhead_time_ns) << " ns per batch)\n";
  s << "  throughput                " << fmt("%.6g", r.throughput_samples_per_s) << " samples/s\n";
  s << "  efficiency                " << fmt("%.4g", r.tops) << " TOPS, "
    << fmt("%.4g", r.tops_per_w) << " TOPS/W (system)\n";
  return s.str();
}

}  // namespace kirchhoff::baseline
