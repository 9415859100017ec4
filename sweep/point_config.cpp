#include "sweep/point_config.h"

#include "config/config_error.h"
#include "config/config_loader.h"

namespace kirchhoff::sweep {

namespace {
// How messages name the base a point starts from.
std::string base_source(const SweepSpec& spec) {
  return "resolved base of " + spec.file;
}
}  // namespace

std::string base_config_yaml(const SweepSpec& spec) {
  config::ChipConfig cfg;
  if (!spec.base_path.empty()) {
    config::apply_file(cfg, spec.base_path);
  } else if (spec.base_inline.IsMap()) {
    config::apply_yaml(cfg, spec.file, spec.base_inline, spec.dir);
  }
  return config::resolved_yaml(cfg);
}

std::vector<std::string> point_overrides(const SweepSpec& spec, const SweepPoint& point) {
  std::vector<std::string> sets;
  for (const auto& [key, value] : spec.set) sets.push_back(key + "=" + value);
  for (std::size_t i = 0; i < spec.axis_keys.size(); ++i) {
    if (!is_run_key(spec.axis_keys[i])) sets.push_back(spec.axis_keys[i] + "=" + point.values[i]);
  }
  sets.push_back("sim.seed=" + std::to_string(point.seed));
  return sets;
}

RunValues point_run_values(const SweepSpec& spec, const SweepPoint& point) {
  RunValues values = spec.run;
  const std::size_t prefix = std::string(kRunPrefix).size();
  for (std::size_t i = 0; i < spec.axis_keys.size(); ++i) {
    if (is_run_key(spec.axis_keys[i])) values[spec.axis_keys[i].substr(prefix)] = point.values[i];
  }
  return values;
}

config::ChipConfig base_config(const SweepSpec& spec, const std::string& base_yaml) {
  return config::load_config_text(base_source(spec), base_yaml);
}

config::ChipConfig point_config(const SweepSpec& spec, const config::ChipConfig& base,
                                const SweepPoint& point) {
  try {
    return config::with_overrides(base, point_overrides(spec, point), base_source(spec));
  } catch (const config::ConfigError& e) {
    throw config::ConfigError(
        config::Location{spec.file},
        "point " + point.id + " (" + describe_point(spec, point) + "): " + e.what());
  }
}

std::string describe_point(const SweepSpec& spec, const SweepPoint& point) {
  std::string out;
  for (std::size_t i = 0; i < spec.axis_keys.size(); ++i) {
    out += (out.empty() ? "" : ", ") + spec.axis_keys[i] + "=" + point.values[i];
  }
  if (spec.seeds > 1)
    out += (out.empty() ? "" : ", ") + std::string("replicate ") + std::to_string(point.replicate);
  if (out.empty()) out = "the base configuration";
  return out;
}

}  // namespace kirchhoff::sweep
