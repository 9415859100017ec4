#include "config/config_loader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <utility>

#include "config/config_error.h"
#include "config/config_file.h"
#include "config/schema.h"
#include "config/tile_groups.h"
#include "config/yaml_document.h"

namespace kirchhoff::config {
namespace {

namespace fs = std::filesystem;

Location location_of(const std::string& file, const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

void apply_map(ChipConfig& cfg, const std::string& file, const YAML::Node& map,
               const std::string& prefix) {
  const Schema& schema = chip_schema();
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (prefix.empty() && key == "device") path = "tile.device";  // device preset alias
    const Location at = location_of(file, it->first);
    if (const Field* f = schema.find(path)) {
      f->set(cfg, it->second, location_of(file, it->second));
    } else if (schema.is_section(path)) {
      if (!it->second.IsMap()) {
        throw ConfigError(at, path + ": is a section; expected a map of keys under it");
      }
      apply_map(cfg, file, it->second, path);
    } else {
      throw ConfigError(at, "unknown key '" + path + "'; did you mean '" + schema.nearest(path) +
                                "'? (kirchhoff config --schema lists every key)");
    }
  }
}

void apply_root(ChipConfig& cfg, const std::string& path, const YAML::Node& root,
                const std::string& dir, std::vector<std::string>& chain, const std::string& id);

void apply_file_chain(ChipConfig& cfg, const std::string& path, std::vector<std::string>& chain) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), ec);
  const std::string id = ec ? path : canonical.string();
  if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
    std::string cycle;
    for (const auto& c : chain) cycle += c + " -> ";
    throw ConfigError(Location{path}, "extends: cycle " + cycle + id);
  }
  const YAML::Node root =
      parse_yaml_document(path, read_config_file(path, Location{path}, std::string()));
  apply_root(cfg, path, root, fs::path(path).parent_path().string(), chain, id);
}

void apply_root(ChipConfig& cfg, const std::string& path, const YAML::Node& root,
                const std::string& dir, std::vector<std::string>& chain, const std::string& id) {
  if (root.IsNull()) return;  // an empty file changes nothing
  if (!root.IsMap()) {
    throw ConfigError(location_of(path, root),
                      "expected a map of sections (sim, chip, tile, host, workload) at the top");
  }
  chain.push_back(id);
  if (const YAML::Node ext = root["extends"]) {
    std::vector<YAML::Node> bases;
    if (ext.IsScalar()) {
      bases.push_back(ext);
    } else if (ext.IsSequence()) {
      for (const auto& b : ext) bases.push_back(b);
    } else {
      throw ConfigError(location_of(path, ext),
                        "extends: expected a file name or a list of file names");
    }
    for (const auto& b : bases) {
      if (!b.IsScalar()) {
        throw ConfigError(location_of(path, b), "extends: expected a file name");
      }
      if (b.Scalar().empty()) {
        throw ConfigError(
            location_of(path, b),
            "extends: the file name is empty; allowed: a YAML file, relative to " + path);
      }
      fs::path base = b.Scalar();
      if (base.is_relative()) base = fs::path(dir) / base;
      std::error_code missing;
      (void)fs::status(base, missing);
      if (missing == std::errc::no_such_file_or_directory) {
        throw ConfigError(location_of(path, b),
                          "extends: file '" + base.string() + "' does not exist");
      }
      // Checked here so that the error points at this extends entry.
      (void)read_config_file(base.string(), location_of(path, b),
                             "extends: '" + base.string() + "': ");
      apply_file_chain(cfg, base.string(), chain);
    }
  }
  // Apply on the original nodes (they keep their file positions), skipping extends.
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it->first.as<std::string>() == "extends") continue;
    YAML::Node one(YAML::NodeType::Map);
    one.force_insert(it->first, it->second);
    apply_map(cfg, path, one, "");
  }
  chain.pop_back();
}

void set_nested(YAML::Node root, const std::string& path, const YAML::Node& value) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  std::vector<YAML::Node> stack{root};
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node child = stack.back()[parts[i]];
    if (!child.IsMap()) {
      stack.back()[parts[i]] = YAML::Node(YAML::NodeType::Map);
      child = stack.back()[parts[i]];
    }
    stack.push_back(child);
  }
  stack.back()[parts.back()] = value;
}

}  // namespace

void apply_file(ChipConfig& cfg, const std::string& path) {
  std::vector<std::string> chain;
  apply_file_chain(cfg, path, chain);
}

void apply_yaml(ChipConfig& cfg, const std::string& source, const YAML::Node& root,
                const std::string& dir) {
  std::vector<std::string> chain;
  apply_root(cfg, source, root, dir, chain, source);
}

void apply_override(ChipConfig& cfg, const std::string& assignment) {
  const Location where{"--set " + assignment};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ConfigError(where, "expected key.path=value");
  }
  const std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  const Schema& schema = chip_schema();
  const Field* f = schema.find(path);
  if (!f && schema.is_section(path)) {
    std::string example;
    for (const auto& field : schema.fields()) {
      if (field.path.rfind(path + ".", 0) == 0) {
        example = field.path;
        break;
      }
    }
    throw ConfigError(where, "'" + path +
                                 "' is a section, not a key; allowed: a key under it, e.g. '" +
                                 example + "=...' (kirchhoff config --schema lists every key)");
  }
  if (!f) {
    throw ConfigError(where,
                      "unknown key '" + path + "'; did you mean '" + schema.nearest(path) + "'?");
  }
  YAML::Node value = parse_yaml_document(where.file, text, false);
  if (value.IsNull() && f->type != FieldType::kString) value = YAML::Node(text);
  f->set(cfg, value, where);
}

namespace {
ChipConfig finish_loading(ChipConfig cfg, const std::vector<std::string>& overrides,
                          const std::string& source) {
  for (const auto& o : overrides) apply_override(cfg, o);
  // The mesh size has one source of truth: chip.mesh_cols / chip.mesh_rows.
  cfg.noc.cols = cfg.chip.mesh_cols;
  cfg.noc.rows = cfg.chip.mesh_rows;
  resolve_tile_groups(cfg, source);  // hybrid chips: each group's tile parameters
  check_consistency(cfg, source);
  return cfg;
}
}  // namespace

ChipConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
  ChipConfig cfg;
  if (!path.empty()) apply_file(cfg, path);
  return finish_loading(std::move(cfg), overrides,
                        path.empty() ? std::string("built-in default config") : path);
}

ChipConfig load_config_text(const std::string& source, const std::string& text,
                            const std::vector<std::string>& overrides) {
  ChipConfig cfg;
  const YAML::Node root = parse_yaml_document(source, text);
  if (!root.IsNull()) {
    if (!root.IsMap()) {
      throw ConfigError(location_of(source, root),
                        "expected a map of sections (sim, chip, tile, host, workload) at the top");
    }
    if (root["extends"]) {
      throw ConfigError(location_of(source, root["extends"]),
                        "extends: not allowed in a configuration that is not a file");
    }
    apply_map(cfg, source, root, "");
  }
  return finish_loading(std::move(cfg), overrides, source);
}

ChipConfig with_overrides(ChipConfig cfg, const std::vector<std::string>& overrides,
                          const std::string& source) {
  return finish_loading(std::move(cfg), overrides, source);
}

void check_consistency(const ChipConfig& cfg, const std::string& source) {
  auto fail = [&](const std::string& what) { throw ConfigError(Location{source}, what); };
  const int nodes = cfg.chip.mesh_cols * cfg.chip.mesh_rows;
  const int needed = cfg.chip.tiles + cfg.chip.global_dpus;
  if (needed > nodes) {
    fail("chip.tiles (" + std::to_string(cfg.chip.tiles) + ") + chip.global_dpus (" +
         std::to_string(cfg.chip.global_dpus) + ") = " + std::to_string(needed) +
         " network nodes do not fit a " + std::to_string(cfg.chip.mesh_cols) + " x " +
         std::to_string(cfg.chip.mesh_rows) + " mesh (" + std::to_string(nodes) +
         " nodes); allowed: chip.mesh_cols x chip.mesh_rows >= chip.tiles + chip.global_dpus");
  }
  if (cfg.host.ports > cfg.chip.mesh_rows) {
    fail("host.ports (" + std::to_string(cfg.host.ports) + ") exceeds chip.mesh_rows (" +
         std::to_string(cfg.chip.mesh_rows) +
         "): host ports attach one per row on the west edge of the mesh");
  }
  const int dpw = cfg.tile.mapping.devices_per_weight;
  if (dpw != 2 && dpw != 4) {
    fail("tile.mapping.devices_per_weight: value " + std::to_string(dpw) +
         " is not allowed; allowed: 2 (one differential pair) or 4 (two pairs, the second "
         "weighted by tile.mapping.significance_factor)");
  }
  const auto& d = cfg.tile.device;
  if (d.g_min_uS >= d.g_max_uS) {
    fail("tile.device.g_min_uS (" + format_number(d.g_min_uS) +
         ") must be below tile.device.g_max_uS (" + format_number(d.g_max_uS) + ")");
  }
  if (d.stuck_at_min_fraction + d.stuck_at_max_fraction > 1.0) {
    fail("tile.device.stuck_at_min_fraction + stuck_at_max_fraction exceeds 1");
  }
  if (d.type == DeviceType::kTable) {
    const auto& t = d.table;
    if (t.levels_uS.size() < 2 || t.mean_uS.size() != t.levels_uS.size() ||
        t.sigma_uS.size() != t.levels_uS.size()) {
      fail(
          "tile.device.table: levels_uS, mean_uS and sigma_uS must have the same length, at "
          "least 2 (got " +
          std::to_string(t.levels_uS.size()) + ", " + std::to_string(t.mean_uS.size()) + ", " +
          std::to_string(t.sigma_uS.size()) + ")");
    }
    if (!std::is_sorted(t.levels_uS.begin(), t.levels_uS.end())) {
      fail("tile.device.table.levels_uS must be ascending");
    }
  }
  const auto& adc = cfg.tile.adc;
  if (adc.type == AdcType::kTable && adc.energy_per_conversion_pj <= 0.0) {
    if (adc.table_bits.empty() || adc.table_bits.size() != adc.table_energy_pj.size()) {
      fail(
          "tile.adc.table_bits and tile.adc.table_energy_pj must have the same length, at least "
          "1, when tile.adc.type is table (got " +
          std::to_string(adc.table_bits.size()) + " and " +
          std::to_string(adc.table_energy_pj.size()) + ")");
    }
    std::string widths;
    bool found = false;
    for (double b : adc.table_bits) {
      if (b != std::floor(b)) {
        fail("tile.adc.table_bits: " + format_number(b) + " is not a whole number of bits");
      }
      found = found || b == adc.bits;
      widths += (widths.empty() ? "" : ", ") + format_number(b);
    }
    if (!found) {
      fail("tile.adc.bits (" + std::to_string(adc.bits) + ") is not in tile.adc.table_bits [" +
           widths + "]; allowed: one of the measured widths");
    }
  }
  if (cfg.tile.adc.columns_per_adc > cfg.tile.cols) {
    fail("tile.adc.columns_per_adc (" + std::to_string(cfg.tile.adc.columns_per_adc) +
         ") exceeds tile.cols (" + std::to_string(cfg.tile.cols) + ")");
  }
  for (const auto& m : validate(cfg.dpu)) fail("dpu: " + m);
  if (cfg.tile.mapping.programmable_levels == 1) {
    fail("tile.mapping.programmable_levels is 1; allowed: 0 (continuous) or at least 2");
  }
}

std::string resolved_yaml(const ChipConfig& cfg) {
  YAML::Node root(YAML::NodeType::Map);
  for (const auto& f : chip_schema().fields()) set_nested(root, f.path, f.get(cfg));
  YAML::Emitter out;
  out << root;
  return std::string("# Fully resolved Kirchhoff configuration (every key, defaults included).\n") +
         out.c_str() + "\n";
}

std::string schema_table() {
  const ChipConfig defaults;
  std::ostringstream os;
  os << "| key | type | unit | default | allowed | description |\n";
  os << "| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& f : chip_schema().fields()) {
    YAML::Emitter e;
    e << YAML::Flow << f.get(defaults);
    os << "| " << f.path << " | " << f.type_name() << " | " << (f.unit.empty() ? "-" : f.unit)
       << " | " << e.c_str() << " | " << f.allowed() << " | " << f.doc << " |\n";
  }
  return os.str();
}

}  // namespace kirchhoff::config
