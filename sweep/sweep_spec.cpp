#include "sweep/sweep_spec.h"

#include <cmath>
#include <filesystem>
#include <map>

#include "config/config_file.h"
#include "config/schema.h"
#include "config/yaml_document.h"
#include "sweep/suggest.h"

namespace kirchhoff::sweep {
namespace {

using config::ConfigError;
using config::Location;

const std::vector<std::string> kTopKeys{"name", "base", "run",    "set",
                                        "grid", "zip",  "random", "seeds"};

class Parser {
 public:
  explicit Parser(std::string file) : file_(std::move(file)) {}

  Location at(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    if (m.line < 0) return {file_, 0, 0};
    return {file_, m.line + 1, m.column + 1};
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const {
    throw ConfigError(at(node), what);
  }

  std::string scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) fail(node, what + ": expected a single value, not a list or map");
    return node.Scalar();
  }
  // A value of an axis or of `set`: a scalar or a list (of scalars), as YAML flow text.
  std::string value_text(const YAML::Node& node, const std::string& key) const {
    if (node.IsMap()) fail(node, key + ": a value must be a scalar or a list, not a map");
    if (node.IsNull()) fail(node, key + ": the value is empty; allowed: a scalar or a list");
    if (node.IsScalar()) return node.Scalar();
    YAML::Emitter e;
    e << YAML::Flow << node;
    return e.c_str();
  }
  std::uint64_t integer(const YAML::Node& node, const std::string& key, std::uint64_t min,
                        std::uint64_t max) const {
    const std::string allowed =
        "; allowed: integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    const std::string text = scalar(node, key);
    bool digits = !text.empty() && text.size() <= 16;
    for (const char c : text) digits = digits && c >= '0' && c <= '9';
    if (!digits) fail(node, key + ": '" + text + "' is not allowed" + allowed);
    const std::uint64_t v = std::stoull(text);
    if (v < min || v > max) fail(node, key + ": " + text + " is out of range" + allowed);
    return v;
  }
  double number(const YAML::Node& node, const std::string& key) const {
    const std::string text = scalar(node, key);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
      fail(node, key + ": '" + text + "' is not a number; allowed: a finite number");
    }
    return v;
  }
  const YAML::Node& map(const YAML::Node& node, const std::string& key) const {
    if (!node.IsMap()) fail(node, key + ": expected a map");
    return node;
  }

  // An axis or `set` key: a chip configuration key or run.<option>; each once.
  void check_key(const YAML::Node& key_node, const std::string& key, bool axis) {
    if (is_run_key(key)) {
      if (!axis) {
        fail(key_node, "set: '" + key +
                           "': run options go under `run:`; allowed under `set:`: chip "
                           "configuration keys");
      }
      const std::string name = key.substr(std::string(kRunPrefix).size());
      const RunOption* o = find_run_option(name);
      if (name == "seed") {
        fail(key_node, key +
                           ": the seed is not an axis (each point's seed derives from run.seed; "
                           "use `seeds: N` for replicates)");
      }
      if (o == nullptr) {
        std::vector<std::string> names;
        for (const auto& n : run_option_names()) {
          if (n != "seed") names.push_back(kRunPrefix + n);
        }
        fail(key_node, "unknown run option '" + key + "'; did you mean '" +
                           nearest_name(key, names) + "'? (allowed: " + join_names(names) + ")");
      }
    } else {
      const config::Schema& schema = config::chip_schema();
      if (key == "sim.seed") {
        fail(key_node,
             "sim.seed: each point's seed derives from run.seed, the axis values and the "
             "replicate; allowed: run.seed for the root seed, `seeds: N` for replicates");
      }
      if (schema.find(key) == nullptr) {
        if (schema.is_section(key)) {
          fail(key_node, "'" + key +
                             "' is a section, not a key; allowed: a key path under it "
                             "(kirchhoff config --schema lists every key)");
        }
        fail(key_node, "unknown key '" + key + "'; did you mean '" + schema.nearest(key) +
                           "'? (kirchhoff config --schema lists every key; run options are "
                           "run.<option>)");
      }
    }
    const auto [it, inserted] = keys_.emplace(key, at(key_node));
    if (!inserted) {
      fail(key_node, "'" + key + "' is already given at line " + std::to_string(it->second.line) +
                         ", column " + std::to_string(it->second.column) +
                         "; allowed: each key in one place (set, grid, zip or random)");
    }
  }

  void check_run_axis_value(const YAML::Node& node, const std::string& key,
                            const std::string& text) const {
    if (!is_run_key(key)) return;
    const RunOption* o = find_run_option(key.substr(std::string(kRunPrefix).size()));
    if (const auto err = run_value_error(*o, text)) fail(node, key + ": " + *err);
  }

  ListAxis list_axis(const YAML::Node& key_node, const YAML::Node& values,
                     const std::string& section) {
    const std::string key = key_node.as<std::string>();
    check_key(key_node, key, true);
    if (!values.IsSequence() || values.size() == 0) {
      fail(values.IsDefined() && !values.IsNull() ? values : key_node,
           section + "." + key + ": expected a non-empty list of values, e.g. [4, 6, 8]");
    }
    ListAxis axis{key, {}, at(key_node)};
    for (const auto& v : values) {
      axis.values.push_back(value_text(v, key));
      check_run_axis_value(v, key, axis.values.back());
    }
    return axis;
  }

  void parse_run(const YAML::Node& node, SweepSpec& spec) {
    map(node, "run");
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string name = it->first.as<std::string>();
      const RunOption* o = find_run_option(name);
      if (o == nullptr) {
        fail(it->first, "unknown run option '" + name + "'; did you mean '" +
                            nearest_name(name, run_option_names()) +
                            "'? (allowed: " + join_names(run_option_names()) + ")");
      }
      const std::string text = scalar(it->second, "run." + name);
      if (const auto err = run_value_error(*o, text)) fail(it->second, "run." + name + ": " + *err);
      if (name == "seed") {
        spec.root_seed = std::stoull(text);
      } else {
        spec.run[name] = text;
      }
      keys_.emplace("run." + name, at(it->first));
    }
  }

  void parse_random(const YAML::Node& node, SweepSpec& spec) {
    map(node, "random");
    spec.random.given = true;
    bool have_count = false, have_axes = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      if (k == "count") {
        spec.random.count = static_cast<int>(integer(it->second, "random.count", 1, kMaxPoints));
        have_count = true;
      } else if (k == "seed") {
        spec.random.seed = integer(it->second, "random.seed", 0, 9007199254740991ULL);
      } else if (k == "axes") {
        map(it->second, "random.axes");
        // By value: `it->second` lives in a temporary proxy that ends with the statement.
        const YAML::Node axes = it->second;
        for (auto a = axes.begin(); a != axes.end(); ++a) {
          spec.random.axes.push_back(random_axis(a->first, a->second));
          spec.axis_keys.push_back(spec.random.axes.back().key);
        }
        have_axes = spec.random.axes.size() > 0;
      } else {
        fail(it->first, "unknown key 'random." + k + "'; did you mean 'random." +
                            nearest_name(k, {"count", "seed", "axes"}) +
                            "'? (allowed: count, seed, axes)");
      }
    }
    if (!have_count) fail(node, "random: 'count' is missing; allowed: integer >= 1 points");
    if (!have_axes) fail(node, "random: 'axes' is missing or empty; allowed: a map key -> range");
  }

  RandomAxis random_axis(const YAML::Node& key_node, const YAML::Node& spec) {
    const std::string key = key_node.as<std::string>();
    check_key(key_node, key, true);
    const std::string allowed =
        "; allowed: {choices: [a, b, ...]} or {min: A, max: B} with optional log: true or "
        "integer: true";
    if (!spec.IsMap())
      fail(spec.IsNull() ? key_node : spec, "random." + key + ": expected a map" + allowed);
    RandomAxis axis;
    axis.key = key;
    axis.where = at(key_node);
    bool has_min = false, has_max = false, log = false, integer_values = false, choices = false;
    YAML::Node min_node, max_node;
    for (auto it = spec.begin(); it != spec.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      const std::string what = "random." + key + "." + k;
      if (k == "choices") {
        if (!it->second.IsSequence() || it->second.size() == 0) {
          fail(it->second, what + ": expected a non-empty list of values");
        }
        const YAML::Node list = it->second;
        for (const auto& v : list) {
          axis.choices.push_back(value_text(v, key));
          check_run_axis_value(v, key, axis.choices.back());
        }
        choices = true;
      } else if (k == "min") {
        axis.min = number(it->second, what);
        min_node = it->second;
        has_min = true;
      } else if (k == "max") {
        axis.max = number(it->second, what);
        max_node = it->second;
        has_max = true;
      } else if (k == "log" || k == "integer") {
        const std::string t = scalar(it->second, what);
        if (t != "true" && t != "false") fail(it->second, what + ": allowed: true or false");
        (k == "log" ? log : integer_values) = t == "true";
      } else {
        fail(it->first, "unknown key '" + what + "'; did you mean 'random." + key + "." +
                            nearest_name(k, {"choices", "min", "max", "log", "integer"}) + "'?" +
                            allowed);
      }
    }
    if (choices) {
      if (has_min || has_max || log || integer_values) {
        fail(spec,
             "random." + key + ": choices cannot be combined with min/max/log/integer" + allowed);
      }
      axis.kind = RandomKind::kChoices;
      return axis;
    }
    if (!has_min || !has_max) fail(spec, "random." + key + ": needs both min and max" + allowed);
    if (axis.min > axis.max) {
      fail(min_node, "random." + key + ": min (" + config::format_number(axis.min) +
                         ") is above max (" + config::format_number(axis.max) + ")");
    }
    if (log && integer_values) fail(spec, "random." + key + ": log and integer exclude each other");
    if (log) {
      if (axis.min <= 0) {
        fail(min_node, "random." + key + ": log: true needs min > 0 (got " +
                           config::format_number(axis.min) + ")");
      }
      axis.kind = RandomKind::kLogUniform;
    } else if (integer_values) {
      if (axis.min != std::floor(axis.min) || axis.max != std::floor(axis.max)) {
        fail(spec, "random." + key + ": integer: true needs whole-number min and max");
      }
      axis.kind = RandomKind::kInteger;
    } else {
      axis.kind = RandomKind::kUniform;
    }
    if (is_run_key(key)) {
      // The drawn values must be values of the run option: check both ends of the range.
      const RunOption* o = find_run_option(key.substr(std::string(kRunPrefix).size()));
      if (o->type != RunValueType::kInt && o->type != RunValueType::kFloat) {
        fail(spec, key + ": a range needs a numeric run option; use choices");
      }
      if (o->type == RunValueType::kInt && axis.kind != RandomKind::kInteger) {
        fail(spec, key + ": an integer run option needs integer: true (or choices)");
      }
      check_run_axis_value(min_node, key, config::format_number(axis.min));
      check_run_axis_value(max_node, key, config::format_number(axis.max));
    }
    return axis;
  }

 private:
  std::string file_;
  std::map<std::string, Location> keys_;
};

}  // namespace

bool is_run_key(const std::string& key) {
  return key.rfind(kRunPrefix, 0) == 0;
}

SweepSpec parse_sweep_file(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string text = config::read_config_file(path, Location{path}, std::string());
  const YAML::Node root = config::parse_yaml_document(path, text);
  Parser p(path);
  SweepSpec spec;
  spec.file = path;
  spec.dir = fs::path(path).parent_path().string();
  if (spec.dir.empty()) spec.dir = ".";
  if (!root.IsMap()) {
    throw ConfigError(root.IsNull() ? Location{path} : p.at(root),
                      "a sweep file is a map with name, base, run, set, grid, zip, random, seeds "
                      "(docs/sweeps.md)");
  }
  bool has_name = false;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    const YAML::Node v = it->second;
    if (key == "name") {
      spec.name = p.scalar(v, "name");
      if (!is_word(spec.name, "_-")) {
        p.fail(v, "name: '" + spec.name +
                      "' is not allowed; allowed: letters, digits, '_' and '-' (at least one)");
      }
      has_name = true;
    } else if (key == "base") {
      spec.has_base = true;
      if (v.IsMap()) {
        spec.base_inline = v;
      } else {
        const std::string b = p.scalar(v, "base");
        if (b.empty())
          p.fail(v, "base: the file name is empty; allowed: a chip config file or a map");
        fs::path bp(b);
        if (bp.is_relative()) bp = fs::path(spec.dir) / bp;
        spec.base_path = bp.lexically_normal().string();
        std::error_code ec;
        if (!fs::exists(spec.base_path, ec)) {
          p.fail(v, "base: file '" + spec.base_path +
                        "' does not exist; allowed: a chip config file (relative to the sweep "
                        "file) or an inline map of config sections");
        }
      }
    } else if (key == "run") {
      p.parse_run(v, spec);
    } else if (key == "set") {
      p.map(v, "set");
      for (auto s = v.begin(); s != v.end(); ++s) {
        const std::string k = s->first.as<std::string>();
        p.check_key(s->first, k, false);
        spec.set.emplace_back(k, p.value_text(s->second, k));
      }
    } else if (key == "grid") {
      p.map(v, "grid");
      for (auto g = v.begin(); g != v.end(); ++g) {
        spec.grid.push_back(p.list_axis(g->first, g->second, "grid"));
        spec.axis_keys.push_back(spec.grid.back().key);
      }
    } else if (key == "zip") {
      if (!v.IsSequence() || v.size() == 0) {
        p.fail(v, "zip: expected a list of groups, each a map key -> list of one length");
      }
      for (const auto& group : v) {
        if (!group.IsMap() || group.size() == 0) {
          p.fail(group, "zip: a group is a map key -> list (all lists of one length)");
        }
        std::vector<ListAxis> axes;
        for (auto g = group.begin(); g != group.end(); ++g) {
          axes.push_back(p.list_axis(g->first, g->second, "zip"));
          spec.axis_keys.push_back(axes.back().key);
          if (axes.back().values.size() != axes.front().values.size()) {
            p.fail(g->second, "zip: '" + axes.back().key + "' has " +
                                  std::to_string(axes.back().values.size()) + " values, '" +
                                  axes.front().key + "' has " +
                                  std::to_string(axes.front().values.size()) +
                                  "; allowed: lists of one length in a group");
          }
        }
        spec.zip.push_back(std::move(axes));
      }
    } else if (key == "random") {
      p.parse_random(v, spec);
    } else if (key == "seeds") {
      spec.seeds = static_cast<int>(p.integer(v, "seeds", 1, 1000000));
    } else {
      p.fail(it->first, "unknown key '" + key + "'; did you mean '" + nearest_name(key, kTopKeys) +
                            "'? (allowed: " + join_names(kTopKeys) + ")");
    }
  }
  if (!has_name) {
    throw ConfigError(p.at(root),
                      "'name' is missing; allowed: a name of letters, digits, '_', '-'");
  }
  return spec;
}

}  // namespace kirchhoff::sweep
