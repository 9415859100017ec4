// A sweep file (docs/sweeps.md): the base chip configuration, the run options, fixed `set`
// overrides and the axes (grid, zip, random, seeds) whose product is the list of points.
// Parsed strictly: an unknown key, a wrong type or an empty axis is a ConfigError naming the
// file, line and column and what is allowed (with a suggestion for a misspelt key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "sweep/run_flags.h"

namespace kirchhoff::sweep {

// An axis key is a chip configuration key path ("tile.adc.bits", applied as --set) or a run
// option prefixed "run." ("run.samples").
inline constexpr const char* kRunPrefix = "run.";
bool is_run_key(const std::string& key);

// Values are kept as YAML flow text ("4", "calibrated", "[0, 10]"): what --set reads, what
// results.csv and sweep.json show.
struct ListAxis {
  std::string key;
  std::vector<std::string> values;
  config::Location where;
};

enum class RandomKind { kChoices, kUniform, kLogUniform, kInteger };

struct RandomAxis {
  std::string key;
  RandomKind kind = RandomKind::kUniform;
  std::vector<std::string> choices;
  double min = 0.0, max = 0.0;
  config::Location where;
};

struct RandomSpec {
  bool given = false;
  int count = 0;
  std::uint64_t seed = 1;
  std::vector<RandomAxis> axes;
};

struct SweepSpec {
  std::string file;  // the sweep file as given
  std::string dir;   // its folder: relative paths are relative to it
  std::string name;
  std::string base_path;   // resolved path of `base:` when it is a file name
  YAML::Node base_inline;  // `base:` when it is a map (null otherwise)
  bool has_base = false;
  RunValues run;  // `run:` minus seed
  std::uint64_t root_seed = 1;
  std::vector<std::pair<std::string, std::string>> set;  // key path -> value (flow text)
  std::vector<ListAxis> grid;
  std::vector<std::vector<ListAxis>> zip;
  RandomSpec random;
  int seeds = 1;
  // Every axis key (grid, zip, random) in the order the file names them: the results.csv columns.
  std::vector<std::string> axis_keys;
};

// At most this many points (grid x zip x random x seeds): a typo such as a 10^9-point grid is
// refused before anything is allocated.
inline constexpr std::uint64_t kMaxPoints = 1000000;

// Reads and checks `path`. Does not load the base config or check the values against the chip
// schema (see point_config.h); checks every key, type and run option value.
SweepSpec parse_sweep_file(const std::string& path);

}  // namespace kirchhoff::sweep
