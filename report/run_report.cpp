#include "report/run_report.h"

#include <fmt/format.h>

namespace kirchhoff {

nlohmann::ordered_json to_json(const RunReport& r) {
  nlohmann::ordered_json j = to_json(r.summary);
  j["workload"] = r.workload;
  nlohmann::ordered_json layers = nlohmann::ordered_json::object();
  for (const LayerError& l : r.layers) layers[l.layer] = l.rel_l2_error;
  j["layer_rel_l2_error"] = std::move(layers);
  nlohmann::ordered_json dac = nlohmann::ordered_json::object();
  nlohmann::ordered_json adc = nlohmann::ordered_json::object();
  for (const LayerError& l : r.layers) {
    dac[l.layer] = l.dac_clipped_fraction;
    adc[l.layer] = l.adc_saturated_fraction;
  }
  j["layer_dac_clipped_fraction"] = std::move(dac);
  j["layer_adc_saturated_fraction"] = std::move(adc);
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
  const double limit = r.clip_warning_fraction;
  for (const LayerError& l : r.layers) {
    if (l.dac_clipped_fraction > limit) {
      o += fmt::format(
          "  warning: layer {} clips {:.2f} % of its DAC inputs (limit {:.2f} %, "
          "tile.clip_warning_fraction)\n",
          l.layer, 100 * l.dac_clipped_fraction, 100 * limit);
    }
    if (l.adc_saturated_fraction > limit) {
      o += fmt::format(
          "  warning: layer {} saturates {:.2f} % of its ADC outputs (limit "
          "{:.2f} %, tile.clip_warning_fraction)\n",
          l.layer, 100 * l.adc_saturated_fraction, 100 * limit);
    }
  }
  return o;
}

}  // namespace kirchhoff
