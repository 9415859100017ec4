// Loading a chip configuration: YAML files (with `extends:`), command-line `--set` overrides,
// strict validation against the schema, cross-field checks, and the fully resolved config.
#pragma once

#include <string>
#include <vector>

#include "config/chip_config.h"

namespace YAML {
class Node;
}

namespace kirchhoff::config {

// Loads `path` (empty: the built-in defaults) and then applies each "key.path=value" of
// `overrides` in order, then the cross-field checks. Throws ConfigError on any bad input.
//
// File format: a YAML map of sections (`sim`, `chip`, `tile`, `host`, `workload`, ...). A file
// may start with `extends: base.yaml` (or a list of files), resolved relative to the file;
// the bases are applied first, in order, then this file's keys. A top-level `device:` map is
// the same as `tile.device:` so device presets (configs/devices/) can stand alone.
ChipConfig load_config(const std::string& path, const std::vector<std::string>& overrides = {});

// The same from the text of a configuration that is not a file (a built-in one); `source` names
// it in messages. `extends:` is refused.
ChipConfig load_config_text(const std::string& source, const std::string& text,
                            const std::vector<std::string>& overrides = {});

// Applies one YAML file (and what it extends) onto cfg.
void apply_file(ChipConfig& cfg, const std::string& path);
// Applies a map of sections that is part of another YAML file (a sweep file's inline `base:`),
// keeping its nodes' positions in `source` for messages; `extends:` entries are relative to `dir`.
void apply_yaml(ChipConfig& cfg, const std::string& source, const YAML::Node& root,
                const std::string& dir);
// Applies one "key.path=value" override; the value is read as YAML ("[1, 2]" is a list).
void apply_override(ChipConfig& cfg, const std::string& assignment);
// A loaded configuration with overrides applied and checked, exactly as load_config applies
// its overrides; `source` names it in messages.
ChipConfig with_overrides(ChipConfig cfg, const std::vector<std::string>& overrides,
                          const std::string& source);
// Cross-field consistency checks; `source` names the configuration in messages.
void check_consistency(const ChipConfig& cfg, const std::string& source);

// The fully resolved configuration as YAML: every key, defaults included. Loading it gives
// the same ChipConfig.
std::string resolved_yaml(const ChipConfig& cfg);

// The schema as a table: key, type, unit, default, allowed, description.
std::string schema_table();

}  // namespace kirchhoff::config
