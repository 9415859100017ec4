#include "config/schema.h"

#include "config/did_you_mean.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace kirchhoff::config {
namespace {

std::string describe(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing (null)";
}

std::string range_text(double min, double max) {
  return "[" + format_number(min) + ", " + format_number(max) + "]";
}

}  // namespace

double parse_number(const YAML::Node& node, const Location& where, const std::string& path,
                    bool integer, double min, double max) {
  const char* what = integer ? "an integer" : "a number";
  if (!node.IsScalar()) {
    throw ConfigError(where, path + ": expected " + what + ", got " + describe(node) +
                                 "; allowed: " + (integer ? "integer" : "number") + " in " +
                                 range_text(min, max));
  }
  const std::string& s = node.Scalar();
  double v = 0.0;
  std::size_t used = 0;
  bool ok = !s.empty();
  if (ok) {
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  ok = ok && used == s.size() && std::isfinite(v);
  if (ok && integer) ok = std::floor(v) == v;
  if (!ok) {
    throw ConfigError(where, path + ": expected " + what + ", got '" + s + "'; allowed: " +
                                 (integer ? "integer" : "number") + " in " + range_text(min, max));
  }
  if (v < min || v > max) {
    throw ConfigError(where, path + ": value " + s + " is out of range; allowed: " +
                                 (integer ? "integer" : "number") + " in " + range_text(min, max));
  }
  return v;
}

std::string format_number(double v) {
  if (v == std::numeric_limits<double>::infinity()) return "inf";
  if (v == -std::numeric_limits<double>::infinity()) return "-inf";
  char buf[64];
  // Shortest text that reads back to the same double.
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string Field::type_name() const {
  switch (type) {
    case FieldType::kInt:
      return "int";
    case FieldType::kFloat:
      return "float";
    case FieldType::kBool:
      return "bool";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kString:
      return "string";
    case FieldType::kFloatList:
      return "list of float";
    case FieldType::kStringList:
      return "list of string";
    case FieldType::kMapList:
      return "list of map";
  }
  return "?";
}

std::string Field::allowed() const {
  switch (type) {
    case FieldType::kInt:
      return "integer in " + range_text(min, max);
    case FieldType::kFloat:
      return "number in " + range_text(min, max);
    case FieldType::kBool:
      return "true or false";
    case FieldType::kEnum: {
      std::string s = "one of: ";
      for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
      return s;
    }
    case FieldType::kString:
      return "any text";
    case FieldType::kFloatList:
      return "list of numbers in " + range_text(min, max);
    case FieldType::kStringList:
      return "list of names";
    case FieldType::kMapList: {
      std::string s = "list of maps with keys: ";
      for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
      return s;
    }
  }
  return "";
}

void Schema::add(Field f) {
  index_[f.path] = fields_.size();
  fields_.push_back(std::move(f));
}

const Field* Schema::find(const std::string& path) const {
  auto it = index_.find(path);
  return it == index_.end() ? nullptr : &fields_[it->second];
}

bool Schema::is_section(const std::string& path) const {
  auto it = index_.lower_bound(path + ".");
  return it != index_.end() && it->first.compare(0, path.size() + 1, path + ".") == 0;
}

std::string Schema::nearest(const std::string& path) const {
  std::vector<std::string> paths;
  for (const auto& f : fields_) paths.push_back(f.path);
  return nearest_key_path(path, paths);
}

void Schema::add_int(const std::string& path, const std::string& unit, double min, double max,
                     const std::string& doc, Accessor<int> acc) {
  Field f{path, FieldType::kInt, unit, doc, min, max, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    acc(cfg) = static_cast<int>(parse_number(n, w, path, true, min, max));
  };
  f.get = [=](const ChipConfig& cfg) { return YAML::Node(acc(const_cast<ChipConfig&>(cfg))); };
  add(std::move(f));
}

void Schema::add_uint64(const std::string& path, const std::string& unit, double min, double max,
                        const std::string& doc, Accessor<std::uint64_t> acc) {
  Field f{path, FieldType::kInt, unit, doc, min, max, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    acc(cfg) = static_cast<std::uint64_t>(parse_number(n, w, path, true, min, max));
  };
  f.get = [=](const ChipConfig& cfg) { return YAML::Node(acc(const_cast<ChipConfig&>(cfg))); };
  add(std::move(f));
}

void Schema::add_float(const std::string& path, const std::string& unit, double min, double max,
                       const std::string& doc, Accessor<double> acc) {
  Field f{path, FieldType::kFloat, unit, doc, min, max, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    acc(cfg) = parse_number(n, w, path, false, min, max);
  };
  f.get = [=](const ChipConfig& cfg) {
    return YAML::Node(format_number(acc(const_cast<ChipConfig&>(cfg))));
  };
  add(std::move(f));
}

void Schema::add_bool(const std::string& path, const std::string& doc, Accessor<bool> acc) {
  Field f{path, FieldType::kBool, "", doc, 0, 1, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    const std::string s = n.IsScalar() ? n.Scalar() : "";
    if (s == "true") {
      acc(cfg) = true;
    } else if (s == "false") {
      acc(cfg) = false;
    } else {
      throw ConfigError(
          w, path + ": expected true or false, got " + describe(n) + "; allowed: true or false");
    }
  };
  f.get = [=](const ChipConfig& cfg) {
    return YAML::Node(acc(const_cast<ChipConfig&>(cfg)) ? "true" : "false");
  };
  add(std::move(f));
}

void Schema::add_string(const std::string& path, const std::string& doc,
                        Accessor<std::string> acc) {
  Field f{path, FieldType::kString, "", doc, 0, 0, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    if (!n.IsScalar()) {
      throw ConfigError(w, path + ": expected text, got " + describe(n) + "; allowed: any text");
    }
    acc(cfg) = n.Scalar();
  };
  f.get = [=](const ChipConfig& cfg) { return YAML::Node(acc(const_cast<ChipConfig&>(cfg))); };
  add(std::move(f));
}

void Schema::add_float_list(const std::string& path, const std::string& unit, double min,
                            double max, const std::string& doc, Accessor<std::vector<double>> acc) {
  Field f{path, FieldType::kFloatList, unit, doc, min, max, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    if (!n.IsSequence()) {
      throw ConfigError(w, path + ": expected a list of numbers, got " + describe(n) +
                               "; allowed: list of numbers in " + range_text(min, max));
    }
    std::vector<double> v;
    for (std::size_t i = 0; i < n.size(); ++i) {
      Location at = w;
      if (n[i].Mark().line >= 0 && w.line > 0) {
        at.line = n[i].Mark().line + 1;
        at.column = n[i].Mark().column + 1;
      }
      v.push_back(parse_number(n[i], at, path + "[" + std::to_string(i) + "]", false, min, max));
    }
    acc(cfg) = std::move(v);
  };
  f.get = [=](const ChipConfig& cfg) {
    YAML::Node seq(YAML::NodeType::Sequence);
    for (double d : acc(const_cast<ChipConfig&>(cfg))) seq.push_back(format_number(d));
    return seq;
  };
  add(std::move(f));
}

void Schema::add_string_list(const std::string& path, const std::string& doc,
                             Accessor<std::vector<std::string>> acc) {
  Field f{path, FieldType::kStringList, "", doc, 0, 0, {}, nullptr, nullptr};
  f.set = [=](ChipConfig& cfg, const YAML::Node& n, const Location& w) {
    std::vector<std::string> v;
    if (n.IsScalar() && n.Scalar().empty()) {
      acc(cfg) = v;
      return;
    }
    if (!n.IsSequence()) {
      throw ConfigError(w, path + ": expected a list of names, got " + describe(n) +
                               "; allowed: list of names, e.g. [conv1, fc3]");
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (!n[i].IsScalar() || n[i].Scalar().empty()) {
        throw ConfigError(w, path + "[" + std::to_string(i) + "]: expected a name, got " +
                                 describe(n[i]) + "; allowed: a layer name");
      }
      v.push_back(n[i].Scalar());
    }
    acc(cfg) = std::move(v);
  };
  f.get = [=](const ChipConfig& cfg) {
    YAML::Node seq(YAML::NodeType::Sequence);
    for (const auto& name : acc(const_cast<ChipConfig&>(cfg))) seq.push_back(name);
    return seq;
  };
  add(std::move(f));
}

const Schema& chip_schema() {
  static const Schema schema = [] {
    Schema s;
    register_sim_fields(s);
    register_tile_fields(s);
    register_noc_fields(s);
    register_dpu_fields(s);
    register_host_fields(s);
    register_area_fields(s);
    register_mapper_fields(s);
    register_digital_fields(s);
    return s;
  }();
  return schema;
}

}  // namespace kirchhoff::config
