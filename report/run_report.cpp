#include "report/run_report.h"

#include <fmt/format.h>

namespace kirchhoff {

nlohmann::ordered_json to_json(const RunReport& r) {
  nlohmann::ordered_json j = to_json(r.summary);
  j["workload"] = r.workload;
  nlohmann::ordered_json layers = nlohmann::ordered_json::object();
  for (const LayerError& l : r.layers) layers[l.layer] = l.rel_l2_error;
  j["layer_rel_l2_error"] = std::move(layers);
  if (r.top1_chip >= 0) {
    j["top1_chip"] = r.top1_chip;
    j["top1_reference"] = r.top1_reference;
  }
  return j;
}

std::string to_text(const RunReport& r) {
  std::string o = to_text(r.summary);
  for (const LayerError& l : r.layers) {
    // The layer name fills a 12-character column (the summary's values start at column 28).
    o += fmt::format("  rel. L2 error {:<12}{:.3e}\n", l.layer + (l.layer.size() < 12 ? "" : " "),
                     l.rel_l2_error);
  }
  if (r.top1_chip >= 0) {
    o += fmt::format("  top-1 chip / reference    {:.2f} % / {:.2f} %\n", 100 * r.top1_chip,
                     100 * r.top1_reference);
  }
  return o;
}

}  // namespace kirchhoff
