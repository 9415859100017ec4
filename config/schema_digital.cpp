// Keys of digital tiles and hybrid chips: tile.kind, tile.digital.* (defaults and sources in
// models/digital_tile_params.h), chip.tile_groups (config/tile_group.h) and the mapper's
// analog/digital placement (config/mapper_params.h).
#include "config/schema.h"

namespace kirchhoff::config {
namespace {

std::string describe(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing (null)";
}

Location at(const Location& w, const YAML::Node& n) {
  Location l = w;
  if (n.Mark().line >= 0 && w.line > 0) {
    l.line = n.Mark().line + 1;
    l.column = n.Mark().column + 1;
  }
  return l;
}

TileKind parse_kind(const YAML::Node& n, const Location& w, const std::string& path) {
  const std::string s = n.IsScalar() ? n.Scalar() : "<non-scalar>";
  if (s == "analog") return TileKind::kAnalog;
  if (s == "digital") return TileKind::kDigital;
  throw ConfigError(w,
                    path + ": value '" + s + "' is not allowed; allowed: one of: analog, digital");
}

// The group's `tile:` map flattened to dotted paths under tile, values as YAML text.
void flatten(const YAML::Node& map, const std::string& prefix, const Location& w,
             std::vector<TileGroupSetting>& out) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key =
        prefix.empty() ? it->first.as<std::string>() : prefix + "." + it->first.as<std::string>();
    if (it->second.IsMap()) {
      flatten(it->second, key, w, out);
      continue;
    }
    YAML::Emitter e;
    e << YAML::Flow << it->second;
    out.push_back({key, e.c_str(), at(w, it->second)});
  }
}

void set_groups(ChipConfig& cfg, const YAML::Node& n, const Location& w) {
  const std::string path = "chip.tile_groups";
  std::vector<TileGroup> groups;
  if (n.IsNull() || (n.IsScalar() && n.Scalar().empty())) {
    cfg.chip.tile_groups = groups;
    return;
  }
  if (!n.IsSequence()) {
    throw ConfigError(w, path + ": expected a list of groups, got " + describe(n) +
                             "; allowed: a list of maps with keys kind, count, tile");
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node g = n[i];
    const std::string gp = path + "[" + std::to_string(i) + "]";
    const Location gw = at(w, g);
    if (!g.IsMap()) {
      throw ConfigError(gw, gp + ": expected a map, got " + describe(g) +
                                "; allowed: a map with keys kind, count, tile");
    }
    TileGroup group;
    group.where = gw;
    group.kind = TileKind::kAnalog;
    bool has_count = false;
    for (auto it = g.begin(); it != g.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      const Location kw = at(w, it->second);
      if (key == "kind") {
        group.kind = parse_kind(it->second, kw, gp + ".kind");
      } else if (key == "count") {
        group.count = static_cast<int>(parse_number(it->second, kw, gp + ".count", true, 1, 65536));
        has_count = true;
      } else if (key == "tile") {
        if (!it->second.IsMap()) {
          throw ConfigError(kw, gp + ".tile: expected a map of tile keys, got " +
                                    describe(it->second) +
                                    "; allowed: keys of tile, e.g. "
                                    "digital.weight_format: int4");
        }
        flatten(it->second, "", w, group.settings);
      } else {
        throw ConfigError(at(w, it->first),
                          gp + ": unknown key '" + key + "'; allowed: kind, count, tile");
      }
    }
    if (!has_count) {
      throw ConfigError(gw, gp + ": count is missing; allowed: the number of tiles of the group, "
                                 "an integer in [1, 65536]");
    }
    groups.push_back(std::move(group));
  }
  cfg.chip.tile_groups = std::move(groups);
}

YAML::Node get_groups(const ChipConfig& cfg) {
  YAML::Node seq(YAML::NodeType::Sequence);
  for (const TileGroup& g : cfg.chip.tile_groups) {
    YAML::Node m(YAML::NodeType::Map);
    m["kind"] = to_string(g.kind);
    m["count"] = g.count;
    if (!g.settings.empty()) {
      YAML::Node t(YAML::NodeType::Map);
      for (const auto& s : g.settings) t[s.path] = YAML::Load(s.value_yaml);
      m["tile"] = t;
    }
    seq.push_back(m);
  }
  return seq;
}

}  // namespace

void register_digital_fields(Schema& s) {
  s.add_enum<TileKind>("tile.kind",
                       "analog: a crossbar tile; digital: an SRAM compute-in-memory / MAC-array "
                       "tile (tile.digital.*) with the same address map",
                       {{"analog", TileKind::kAnalog}, {"digital", TileKind::kDigital}},
                       [](ChipConfig& c) -> TileKind& { return c.tile.kind; });
  s.add_enum<DigitalFormat>(
      "tile.digital.weight_format",
      "digital tile storage and arithmetic: int8 (int8 inputs, int32 accumulation), int4 "
      "(int8 inputs), fp16 (fp32 accumulation); models/digital_mvm.h",
      {{"int8", DigitalFormat::kInt8},
       {"int4", DigitalFormat::kInt4},
       {"fp16", DigitalFormat::kFp16}},
      [](ChipConfig& c) -> DigitalFormat& { return c.tile.digital.weight_format; });
  s.add_float("tile.digital.clock_ghz", "GHz", 1e-6, 100, "digital tile clock",
              [](ChipConfig& c) -> double& { return c.tile.digital.clock_ghz; });
  s.add_int("tile.digital.macs_per_cycle", "", 1, 1 << 24, "MACs per cycle of a digital tile",
            [](ChipConfig& c) -> int& { return c.tile.digital.macs_per_cycle; });
  s.add_int("tile.digital.pipeline_cycles", "", 0, 1 << 20,
            "cycles from the last input to the first result",
            [](ChipConfig& c) -> int& { return c.tile.digital.pipeline_cycles; });
  s.add_float("tile.digital.mac_energy_pj", "pJ", 0, 1e6,
              "energy per MAC; 0: the per-format default (Chih ISSCC 2021 / Horowitz 2014)",
              [](ChipConfig& c) -> double& { return c.tile.digital.mac_energy_pj; });
  s.add_float(
      "tile.digital.weight_access_energy_pj_per_bit", "pJ", 0, 1e6,
      "energy per weight bit moved to the MACs (0 for compute-in-memory)",
      [](ChipConfig& c) -> double& { return c.tile.digital.weight_access_energy_pj_per_bit; });
  s.add_float(
      "tile.digital.activation_access_energy_pj_per_bit", "pJ", 0, 1e6,
      "energy per input / output bit through the tile buffers",
      [](ChipConfig& c) -> double& { return c.tile.digital.activation_access_energy_pj_per_bit; });
  s.add_float("tile.digital.write_energy_pj_per_bit", "pJ", 0, 1e6,
              "energy per weight bit written when programming",
              [](ChipConfig& c) -> double& { return c.tile.digital.write_energy_pj_per_bit; });
  s.add_float("tile.digital.write_ns_per_row", "ns", 0, 1e9, "time to write one weight row",
              [](ChipConfig& c) -> double& { return c.tile.digital.write_ns_per_row; });
  s.add_float("tile.digital.static_power_mW", "mW", 0, 1e6, "leakage of a digital tile",
              [](ChipConfig& c) -> double& { return c.tile.digital.static_power_mW; });
  s.add_float("tile.digital.area_mm2", "mm^2", 0, 1e6,
              "area of a digital tile; 0: from Chih ISSCC 2021's TOPS/mm^2 by the bits rule",
              [](ChipConfig& c) -> double& { return c.tile.digital.area_mm2; });
  s.add_bool("tile.digital.zero_skipping", "skip MACs with a zero input or weight (no energy)",
             [](ChipConfig& c) -> bool& { return c.tile.digital.zero_skipping; });
  s.add_bool("tile.digital.zero_skipping_time",
             "with zero_skipping, skipped MACs also take no cycle",
             [](ChipConfig& c) -> bool& { return c.tile.digital.zero_skipping_time; });

  Field groups;
  groups.path = "chip.tile_groups";
  groups.type = FieldType::kMapList;
  groups.doc =
      "hybrid chip: groups of tiles in index order, each {kind: analog|digital, count: N, tile: "
      "{keys of tile}} inheriting the tile section; the counts add up to chip.tiles; empty: "
      "every tile is the tile section";
  groups.choices = {"kind", "count", "tile"};
  groups.set = set_groups;
  groups.get = get_groups;
  s.add_custom(std::move(groups));

  s.add_enum<PlacementRule>(
      "mapper.placement",
      "which weight layers go to digital tiles: list (mapper.digital_layers), first_last, "
      "sensitivity (mapper.layer_errors, within mapper.digital_tile_budget)",
      {{"list", PlacementRule::kList},
       {"first_last", PlacementRule::kFirstLast},
       {"sensitivity", PlacementRule::kSensitivity}},
      [](ChipConfig& c) -> PlacementRule& { return c.mapper.placement; });
  s.add_string_list(
      "mapper.digital_layers", "weight layers mapped to digital tiles (placement list)",
      [](ChipConfig& c) -> std::vector<std::string>& { return c.mapper.digital_layers; });
  s.add_float_list("mapper.layer_errors", "", 0, 1e9,
                   "per weight layer: rel. L2 error of an all-analog run (placement sensitivity)",
                   [](ChipConfig& c) -> std::vector<double>& { return c.mapper.layer_errors; });
  s.add_int("mapper.digital_tile_budget", "", 0, 1 << 20,
            "digital tiles the sensitivity placement may use; 0: all",
            [](ChipConfig& c) -> int& { return c.mapper.digital_tile_budget; });
}

}  // namespace kirchhoff::config
