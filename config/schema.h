// The schema of the chip configuration: one Field per YAML key, with its type, unit, default,
// allowed range and documentation, and how it reads and writes the typed ChipConfig. Parts of
// the model register their own keys in config/schema_<part>.cpp.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/chip_config.h"
#include "config/config_error.h"

namespace kirchhoff::config {

enum class FieldType { kInt, kFloat, kBool, kEnum, kString, kFloatList, kStringList, kMapList };

struct Field {
  std::string path;  // dotted key path: "tile.dac.bits"
  FieldType type = FieldType::kFloat;
  std::string unit;  // "ns", "uS", "pJ", ... ; empty when dimensionless
  std::string doc;
  double min = 0.0;  // inclusive numeric range (int, float, float list)
  double max = 0.0;
  std::vector<std::string> choices;  // enum names
  // Parses `node` (a YAML scalar or sequence) into cfg; throws ConfigError naming `where`.
  std::function<void(ChipConfig& cfg, const YAML::Node& node, const Location& where)> set;
  // The current value as a YAML node (for the resolved config and the default column).
  std::function<YAML::Node(const ChipConfig& cfg)> get;

  std::string type_name() const;
  std::string allowed() const;  // "integer in [1, 4096]", "one of: pwm, bit_serial", ...
};

class Schema {
 public:
  template <typename T>
  using Accessor = T& (*)(ChipConfig&);

  void add_int(const std::string& path, const std::string& unit, double min, double max,
               const std::string& doc, Accessor<int> acc);
  void add_uint64(const std::string& path, const std::string& unit, double min, double max,
                  const std::string& doc, Accessor<std::uint64_t> acc);
  void add_float(const std::string& path, const std::string& unit, double min, double max,
                 const std::string& doc, Accessor<double> acc);
  void add_bool(const std::string& path, const std::string& doc, Accessor<bool> acc);
  void add_string(const std::string& path, const std::string& doc, Accessor<std::string> acc);
  void add_float_list(const std::string& path, const std::string& unit, double min, double max,
                      const std::string& doc, Accessor<std::vector<double>> acc);
  void add_string_list(const std::string& path, const std::string& doc,
                       Accessor<std::vector<std::string>> acc);
  // A key whose value has its own structure (a list of maps: chip.tile_groups); `f.set` and
  // `f.get` do the parsing and printing.
  void add_custom(Field f) { add(std::move(f)); }
  template <typename E>
  void add_enum(const std::string& path, const std::string& doc,
                std::vector<std::pair<std::string, E>> names, Accessor<E> acc);

  const Field* find(const std::string& path) const;
  // True if `path` is a section (a proper prefix of some key): "tile", "tile.dac".
  bool is_section(const std::string& path) const;
  const std::vector<Field>& fields() const { return fields_; }
  // The valid key or section nearest to `path` by edit distance (for "did you mean").
  std::string nearest(const std::string& path) const;

 private:
  void add(Field f);
  std::vector<Field> fields_;
  std::map<std::string, std::size_t> index_;
};

// The schema of ChipConfig, built once.
const Schema& chip_schema();

// Registration functions, one per part (config/schema_<part>.cpp).
void register_sim_fields(Schema& s);
void register_landing_pad_fields(Schema& s);  // chip.landing_pads.*
void register_tile_fields(Schema& s);
void register_duration_fields(Schema& s);  // tile.output_conversion, tile.duration.*
void register_host_fields(Schema& s);
void register_noc_fields(Schema& s);
void register_dpu_fields(Schema& s);
void register_area_fields(Schema& s);
void register_mapper_fields(Schema& s);
void register_digital_fields(
    Schema& s);  // tile.kind, tile.digital.*, chip.tile_groups, mapper placement

// Formatting of values for messages and the resolved config.
std::string format_number(double v);

// The scalar `node` as a number (an integer when `integer`) in [min, max]; throws ConfigError at
// `where` naming `path`, what it got and what is allowed.
double parse_number(const YAML::Node& node, const Location& where, const std::string& path,
                    bool integer, double min, double max);

template <typename E>
void Schema::add_enum(const std::string& path, const std::string& doc,
                      std::vector<std::pair<std::string, E>> names, Accessor<E> acc) {
  Field f;
  f.path = path;
  f.type = FieldType::kEnum;
  f.doc = doc;
  for (const auto& n : names) f.choices.push_back(n.first);
  f.set = [names, acc, path](ChipConfig& cfg, const YAML::Node& node, const Location& where) {
    std::string s = node.IsScalar() ? node.Scalar() : std::string("<") + "non-scalar>";
    for (const auto& n : names) {
      if (n.first == s) {
        acc(cfg) = n.second;
        return;
      }
    }
    std::string allowed;
    for (const auto& n : names) allowed += (allowed.empty() ? "" : ", ") + n.first;
    throw ConfigError(where,
                      path + ": value '" + s + "' is not allowed; allowed: one of: " + allowed);
  };
  f.get = [names, acc](const ChipConfig& cfg) {
    const E v = acc(const_cast<ChipConfig&>(cfg));
    for (const auto& n : names) {
      if (n.second == v) return YAML::Node(n.first);
    }
    return YAML::Node("?");
  };
  add(std::move(f));
}

}  // namespace kirchhoff::config
