#include "baseline/accelerator_loader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "config/config_error.h"
#include "config/config_file.h"
#include "config/did_you_mean.h"
#include "config/schema.h"
#include "config/yaml_document.h"

namespace kirchhoff::baseline {
namespace {

using config::ConfigError;
using config::Location;

const char* const kRoot = "accelerator";

enum class Kind { kNumber, kText, kPrecision };

struct Key {
  std::string path;  // "accelerator.int8.peak_tops"
  Kind kind = Kind::kNumber;
  std::string unit;
  double min = 0, max = 0;
  std::string doc;
  double* (*number)(AcceleratorConfig&) = nullptr;
  std::string* (*text)(AcceleratorConfig&) = nullptr;
};

const std::vector<Key>& keys() {
  static const std::vector<Key> k = [] {
    std::vector<Key> v;
    auto num = [&v](const char* path, const char* unit, double min, double max, const char* doc,
                    double* (*acc)(AcceleratorConfig&)) {
      v.push_back(
          {std::string(kRoot) + "." + path, Kind::kNumber, unit, min, max, doc, acc, nullptr});
    };
    auto txt = [&v](const char* path, const char* doc, std::string* (*acc)(AcceleratorConfig&)) {
      v.push_back({std::string(kRoot) + "." + path, Kind::kText, "", 0, 0, doc, nullptr, acc});
    };
    txt("name", "name of the accelerator (required)", [](AcceleratorConfig& c) { return &c.name; });
    txt("description", "what it is and where its figures come from",
        [](AcceleratorConfig& c) { return &c.description; });
    v.push_back({std::string(kRoot) + ".precision", Kind::kPrecision, "", 0, 0,
                 "precision a baseline computes in unless told otherwise: int8 or fp16", nullptr,
                 nullptr});
    num("int8.peak_tops", "TOPS", 0, 1e6, "peak int8 throughput, 2 ops per MAC; 0: no int8",
        [](AcceleratorConfig& c) { return &c.int8.peak_tops; });
    num("int8.energy_per_mac_pj", "pJ", 0, 1e6, "energy of one int8 MAC",
        [](AcceleratorConfig& c) { return &c.int8.energy_per_mac_pj; });
    num("fp16.peak_tops", "TOPS", 0, 1e6, "peak fp16 throughput, 2 ops per MAC; 0: no fp16",
        [](AcceleratorConfig& c) { return &c.fp16.peak_tops; });
    num("fp16.energy_per_mac_pj", "pJ", 0, 1e6, "energy of one fp16 MAC",
        [](AcceleratorConfig& c) { return &c.fp16.energy_per_mac_pj; });
    num("sram.capacity_mib", "MiB", 0, 1e9, "on-chip SRAM that can hold the weights",
        [](AcceleratorConfig& c) { return &c.sram_capacity_mib; });
    num("sram.energy_per_byte_pj", "pJ", 0, 1e6, "energy per byte read from or written to SRAM",
        [](AcceleratorConfig& c) { return &c.sram_energy_per_byte_pj; });
    num("sram.bandwidth_tb_per_s", "TB/s", 0, 1e6, "SRAM bandwidth; 0: not a limit",
        [](AcceleratorConfig& c) { return &c.sram_bandwidth_tb_per_s; });
    num("dram.bandwidth_gb_per_s", "GB/s", 0, 1e9,
        "off-chip memory bandwidth; 0: no off-chip memory (the weights must fit in SRAM)",
        [](AcceleratorConfig& c) { return &c.dram_bandwidth_gb_per_s; });
    num("dram.energy_per_byte_pj", "pJ", 0, 1e6, "energy per byte moved to or from off-chip memory",
        [](AcceleratorConfig& c) { return &c.dram_energy_per_byte_pj; });
    num("static_power_w", "W", 0, 1e6, "power drawn the whole time, busy or not",
        [](AcceleratorConfig& c) { return &c.static_power_w; });
    num("utilisation", "", 0.001, 1, "fraction of the peak MAC rate a layer achieves",
        [](AcceleratorConfig& c) { return &c.utilisation; });
    num("layer_overhead_ns", "ns", 0, 1e9,
        "fixed time every weight layer adds (kernel launch, synchronisation); 0: none",
        [](AcceleratorConfig& c) { return &c.layer_overhead_ns; });
    num("inference_overhead_ns", "ns", 0, 1e12,
        "fixed time every batch adds once (graph launch, host round trip); 0: none",
        [](AcceleratorConfig& c) { return &c.inference_overhead_ns; });
    return v;
  }();
  return k;
}

const Key* find_key(const std::string& path) {
  for (const auto& k : keys()) {
    if (k.path == path) return &k;
  }
  return nullptr;
}

bool is_section(const std::string& path) {
  for (const auto& k : keys()) {
    if (k.path.compare(0, path.size() + 1, path + ".") == 0) return true;
  }
  return false;
}

std::string nearest(const std::string& path) {
  std::vector<std::string> paths;
  for (const auto& k : keys()) paths.push_back(k.path);
  return config::nearest_key_path(path, paths);
}

std::string describe(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a map";
  return "nothing (null)";
}

void set_value(AcceleratorConfig& cfg, const Key& k, const YAML::Node& n, const Location& at) {
  if (k.kind == Kind::kText) {
    if (!n.IsScalar()) {
      throw ConfigError(at, k.path + ": expected text, got " + describe(n) + "; allowed: any text");
    }
    *k.text(cfg) = n.Scalar();
    return;
  }
  if (k.kind == Kind::kPrecision) {
    const std::string s = n.IsScalar() ? n.Scalar() : describe(n);
    if (s == "int8") {
      cfg.precision = Precision::kInt8;
    } else if (s == "fp16") {
      cfg.precision = Precision::kFp16;
    } else {
      throw ConfigError(at,
                        k.path + ": value '" + s + "' is not allowed; allowed: one of: int8, fp16");
    }
    return;
  }
  *k.number(cfg) = config::parse_number(n, at, k.path, false, k.min, k.max);
}

Location location_of(const std::string& file, const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

void apply_map(AcceleratorConfig& cfg, const std::string& file, const YAML::Node& map,
               const std::string& prefix) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    const Location at = location_of(file, it->first);
    if (const Key* k = find_key(path)) {
      set_value(cfg, *k, it->second, location_of(file, it->second));
    } else if (is_section(path)) {
      if (!it->second.IsMap()) {
        throw ConfigError(at, path + ": is a section; expected a map of keys under it");
      }
      apply_map(cfg, file, it->second, path);
    } else {
      throw ConfigError(at, "unknown key '" + path + "'; did you mean '" + nearest(path) + "'?");
    }
  }
}

void apply_override(AcceleratorConfig& cfg, const std::string& assignment) {
  const Location where{"--set " + assignment};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw ConfigError(where, "expected key.path=value");
  const std::string path = assignment.substr(0, eq);
  const Key* k = find_key(path);
  if (!k) {
    throw ConfigError(where, "unknown key '" + path + "'; did you mean '" + nearest(path) + "'?");
  }
  set_value(cfg, *k, YAML::Node(assignment.substr(eq + 1)), where);
}

void check(const AcceleratorConfig& c) {
  const Location at{c.source};
  if (c.name.empty()) {
    throw ConfigError(at, "accelerator.name is missing; allowed: a non-empty name");
  }
  if (c.int8.peak_tops <= 0 && c.fp16.peak_tops <= 0) {
    throw ConfigError(at,
                      "accelerator.int8.peak_tops and accelerator.fp16.peak_tops are both 0; "
                      "allowed: at least one precision with a peak throughput > 0");
  }
  if (c.figures(c.precision).peak_tops <= 0) {
    const std::string p = to_string(c.precision);
    throw ConfigError(at, "accelerator.precision is " + p + " but accelerator." + p +
                              ".peak_tops is 0; allowed: a precision the accelerator has");
  }
}

AcceleratorConfig from_root(const std::string& source, const YAML::Node& root,
                            const std::vector<std::string>& overrides) {
  AcceleratorConfig cfg;
  cfg.source = source;
  const std::string expected =
      "expected a map with one key 'accelerator' at the top (an accelerator file, "
      "configs/accelerators/)";
  if (!root.IsMap()) throw ConfigError(location_of(source, root), expected);
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    if (key == kRoot) continue;
    throw ConfigError(location_of(source, it->first),
                      "unknown key '" + key + "'; did you mean '" + nearest(key) +
                          "'? (an accelerator file holds one map, 'accelerator')");
  }
  if (!root[kRoot]) throw ConfigError(location_of(source, root), expected);
  const YAML::Node body = root[kRoot];
  if (!body.IsMap()) {
    throw ConfigError(location_of(source, body),
                      "accelerator: is a section; expected a map of keys under it");
  }
  apply_map(cfg, source, body, kRoot);
  for (const auto& o : overrides) apply_override(cfg, o);
  check(cfg);
  return cfg;
}

}  // namespace

const char* to_string(Precision p) {
  return p == Precision::kInt8 ? "int8" : "fp16";
}

int bytes_per_value(Precision p) {
  return p == Precision::kInt8 ? 1 : 2;
}

AcceleratorConfig load_accelerator(const std::string& path,
                                   const std::vector<std::string>& overrides) {
  const std::string text = config::read_config_file(path, Location{path}, "");
  return from_root(path, config::parse_yaml_document(path, text), overrides);
}

AcceleratorConfig load_accelerator_text(const std::string& source, const std::string& text,
                                        const std::vector<std::string>& overrides) {
  return from_root(source, config::parse_yaml_document(source, text), overrides);
}

bool is_accelerator_text(const std::string& source, const std::string& text) {
  const YAML::Node root = config::parse_yaml_document(source, text);
  return root.IsMap() && root[kRoot];
}

}  // namespace kirchhoff::baseline
