// One YAML document of a configuration, parsed only after its structure was checked: a single
// document, every map key a plain name (a scalar) given once, nesting at most kMaxYamlDepth
// levels. yaml-cpp itself accepts duplicate keys and several documents silently and reports deep
// nesting as "bad file" at the end of the input; these checks name the line and column instead.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace kirchhoff::config {

// Maps and lists nested deeper than this are rejected (a configuration needs 5: the top map,
// tile, tile.device, tile.device.table and a list in it).
inline constexpr int kMaxYamlDepth = 32;

// Parses `text`, the content of `source` (a file name, or "--set ..." for an override), into
// its one document (a null node if it has none). Throws ConfigError naming source, line and
// column (only with `positions`: a one-line --set value has none worth printing) of the first
// structural problem or YAML syntax error.
YAML::Node parse_yaml_document(const std::string& source, const std::string& text,
                               bool positions = true);

}  // namespace kirchhoff::config
