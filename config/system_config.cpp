#include "config/system_config.h"

#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/config_file.h"
#include "config/config_loader.h"
#include "config/did_you_mean.h"
#include "config/schema.h"
#include "config/yaml_document.h"

namespace kirchhoff::config {
namespace {

namespace fs = std::filesystem;

// The most chips one system file may list (a `count:` beyond it is a typo, not a system).
constexpr int kMaxChips = 1024;

const std::vector<std::pair<std::string, Topology>>& topologies() {
  static const std::vector<std::pair<std::string, Topology>> t = {
      {"ring", Topology::kRing},
      {"mesh2d", Topology::kMesh2d},
      {"fully_connected", Topology::kFullyConnected},
      {"star", Topology::kStar}};
  return t;
}

struct Reader {
  std::string file;
  Location at(const YAML::Node& n) const { return {file, n.Mark().line + 1, n.Mark().column + 1}; }
  // Every key of map `n` (at `path`) must be one of `known`.
  void check_keys(const YAML::Node& n, const std::string& path,
                  const std::vector<std::string>& known) const {
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      bool ok = false;
      for (const std::string& k : known) ok = ok || k == key;
      if (ok) continue;
      std::string allowed;
      for (const std::string& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
      throw ConfigError(at(kv.first), "unknown key '" + path + key + "' (did you mean '" + path +
                                          nearest_name(key, known) + "'?); allowed: " + allowed);
    }
  }
  void need_map(const YAML::Node& n, const std::string& path) const {
    if (!n.IsMap())
      throw ConfigError(at(n), path + ": expected a map, got " +
                                   (n.IsSequence() ? std::string("a list") : "'" + text(n) + "'"));
  }
  static std::string text(const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : "?"; }
  std::string string_at(const YAML::Node& n, const std::string& path) const {
    if (!n.IsScalar() || n.Scalar().empty())
      throw ConfigError(at(n), path + ": expected a non-empty string");
    return n.Scalar();
  }
};

SystemChip load_chip(const Reader& r, const std::string& dir, const std::string& name,
                     const YAML::Node& config_node, const std::string& path,
                     const std::vector<std::string>& overrides) {
  SystemChip c;
  c.name = name;
  const std::string rel = r.string_at(config_node, path + ".config");
  c.config_path =
      fs::path(rel).is_absolute() ? rel : (fs::path(dir) / rel).lexically_normal().string();
  std::error_code ec;
  if (!fs::is_regular_file(c.config_path, ec)) {
    throw ConfigError(r.at(config_node), path + ".config: '" + rel + "' (" + c.config_path +
                                             "): no such chip configuration file");
  }
  c.config = load_config(c.config_path, overrides);
  return c;
}

}  // namespace

const char* to_string(Topology t) {
  for (const auto& [name, v] : topologies())
    if (v == t) return name.c_str();
  return "?";
}

// Presets from public figures (docs/multichip.md copies them):
//  die_to_die: UCIe 1.0 standard-package module (UCIe Consortium, "Universal Chiplet
//    Interconnect Express (UCIe) Specification 1.0", 2022; D. Das Sharma et al., IEEE Micro 43(2),
//    2023): 16 lanes at 32 GT/s, 0.5 pJ/bit (the spec's target for standard package is
//    0.5 pJ/bit, 0.25 for advanced package). Latency 2 ns (the spec's < 2 ns PHY + adapter
//    target; ASSUMPTION: no protocol-layer latency on top).
//  board_pcie: PCIe Gen4 x16 through a board (PCI-SIG PCIe 4.0 base spec: 16 GT/s per lane,
//    128b/130b coding -> 15.75 Gbit/s of payload per lane). ASSUMPTIONS: 6 pJ/bit (published
//    SerDes + PHY + controller figures span ~5-10 pJ/bit) and 600 ns one-way latency (measured
//    PCIe round trips are ~1-2 us; DMA setup excluded).
LinkParams link_preset(const std::string& name) {
  LinkParams p;
  p.preset = name;
  if (name == "die_to_die") {
    p.bandwidth_gbps = 32;
    p.lanes = 16;
    p.latency_ns = 2;
    p.energy_pj_per_bit = 0.5;
  } else if (name == "board_pcie") {
    p.bandwidth_gbps = 15.75;
    p.lanes = 16;
    p.latency_ns = 600;
    p.energy_pj_per_bit = 6;
  } else {
    throw std::out_of_range("link preset " + name);
  }
  return p;
}

std::vector<std::string> link_preset_names() {
  return {"die_to_die", "board_pcie"};
}

bool is_system_file(const std::string& path) {
  try {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    const std::string text = read_config_file(path, {path, 0, 0}, "");
    const YAML::Node root = parse_yaml_document(path, text);
    return root.IsMap() && root["system"].IsDefined();
  } catch (const std::exception&) {
    return false;
  }
}

SystemConfig load_system_config(const std::string& path,
                                const std::vector<std::string>& chip_overrides) {
  Reader r{path};
  const std::string text = read_config_file(path, {path, 0, 0}, "");
  const YAML::Node root = parse_yaml_document(path, text);
  if (!root.IsMap() || !root["system"].IsDefined())
    throw ConfigError(Location{path, 0, 0},
                      "not a system file: expected a top-level 'system:' map");
  r.check_keys(root, "", {"system"});
  const YAML::Node sys = root["system"];
  r.need_map(sys, "system");
  r.check_keys(sys, "system.", {"chips", "link", "topology", "mesh_cols"});
  const std::string dir = fs::path(path).parent_path().string();

  SystemConfig s;
  s.source = path;
  const YAML::Node chips = sys["chips"];
  if (!chips.IsDefined())
    throw ConfigError(r.at(sys),
                      "system.chips: missing; allowed: a list of {name, config} or "
                      "{count, config}");
  if (!chips.IsSequence() || chips.size() == 0)
    throw ConfigError(r.at(chips),
                      "system.chips: expected a non-empty list of {name, config} or "
                      "{count, config}");
  std::set<std::string> names;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    const YAML::Node c = chips[i];
    const std::string p = "system.chips[" + std::to_string(i) + "]";
    r.need_map(c, p);
    r.check_keys(c, p + ".", {"name", "config", "count", "set"});
    if (!c["config"].IsDefined()) throw ConfigError(r.at(c), p + ".config: missing (a chip file)");
    if (c["count"].IsDefined() && c["name"].IsDefined())
      throw ConfigError(r.at(c["count"]), p + ": 'count' and 'name' do not go together (count "
                                              "names its chips c<index>)");
    const int count = c["count"].IsDefined()
                          ? static_cast<int>(parse_number(c["count"], r.at(c["count"]),
                                                          p + ".count", true, 1, kMaxChips))
                          : 1;
    for (int k = 0; k < count; ++k) {
      const std::string name = c["name"].IsDefined() ? r.string_at(c["name"], p + ".name")
                                                     : "c" + std::to_string(s.chips.size());
      if (!names.insert(name).second)
        throw ConfigError(r.at(c["name"].IsDefined() ? c["name"] : c),
                          p + ".name: chip '" + name + "' is named twice");
      if (s.chips.size() >= static_cast<std::size_t>(kMaxChips))
        throw ConfigError(r.at(c),
                          "system.chips: more than " + std::to_string(kMaxChips) + " chips");
      if (k > 0) {
        SystemChip copy = s.chips.back();
        copy.name = name;
        s.chips.push_back(std::move(copy));
      } else {
        // The entry's own `set:` overrides (key.path=value), then the command line's.
        std::vector<std::string> sets;
        if (const YAML::Node set = c["set"]; set.IsDefined()) {
          if (!set.IsSequence())
            throw ConfigError(r.at(set), p + ".set: expected a list of key.path=value");
          for (std::size_t j = 0; j < set.size(); ++j)
            sets.push_back(r.string_at(set[j], p + ".set[" + std::to_string(j) + "]"));
        }
        sets.insert(sets.end(), chip_overrides.begin(), chip_overrides.end());
        s.chips.push_back(load_chip(r, dir, name, c["config"], p, sets));
      }
    }
  }

  s.link = link_preset("die_to_die");
  if (const YAML::Node l = sys["link"]; l.IsDefined()) {
    r.need_map(l, "system.link");
    r.check_keys(l, "system.link.",
                 {"preset", "bandwidth_gbps", "lanes", "latency_ns", "energy_pj_per_bit"});
    if (l["preset"].IsDefined()) {
      const std::string name = r.string_at(l["preset"], "system.link.preset");
      const std::vector<std::string> known = link_preset_names();
      bool ok = false;
      for (const auto& k : known) ok = ok || k == name;
      if (!ok)
        throw ConfigError(r.at(l["preset"]), "system.link.preset: unknown preset '" + name +
                                                 "' (did you mean '" + nearest_name(name, known) +
                                                 "'?); allowed: die_to_die, board_pcie");
      s.link = link_preset(name);
    }
    auto num = [&](const char* key, bool integer, double min, double max, double current) {
      const YAML::Node n = l[key];
      if (!n.IsDefined()) return current;
      return parse_number(n, r.at(n), std::string("system.link.") + key, integer, min, max);
    };
    s.link.bandwidth_gbps = num("bandwidth_gbps", false, 1e-6, 1e6, s.link.bandwidth_gbps);
    s.link.lanes = static_cast<int>(num("lanes", true, 1, 1024, s.link.lanes));
    s.link.latency_ns = num("latency_ns", false, 0, 1e9, s.link.latency_ns);
    s.link.energy_pj_per_bit = num("energy_pj_per_bit", false, 0, 1e6, s.link.energy_pj_per_bit);
  }

  if (const YAML::Node t = sys["topology"]; t.IsDefined()) {
    const std::string name = r.string_at(t, "system.topology");
    std::vector<std::string> known;
    bool ok = false;
    for (const auto& [n, v] : topologies()) {
      known.push_back(n);
      if (n == name) {
        s.topology = v;
        ok = true;
      }
    }
    if (!ok)
      throw ConfigError(r.at(t), "system.topology: unknown topology '" + name +
                                     "' (did you mean '" + nearest_name(name, known) +
                                     "'?); allowed: ring, mesh2d, fully_connected, star");
  }
  if (const YAML::Node m = sys["mesh_cols"]; m.IsDefined()) {
    if (s.topology != Topology::kMesh2d)
      throw ConfigError(r.at(m), "system.mesh_cols: only with topology mesh2d");
    s.mesh_cols = static_cast<int>(
        parse_number(m, r.at(m), "system.mesh_cols", true, 1, static_cast<double>(s.chips.size())));
  }
  if (s.topology == Topology::kMesh2d && s.mesh_cols == 0)
    s.mesh_cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(s.chips.size()))));
  return s;
}

}  // namespace kirchhoff::config
