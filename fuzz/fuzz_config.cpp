// libFuzzer harness of the configuration loader: a YAML file plus command-line --set lines,
// as `kirchhoff validate CONFIG --set ...` / `kirchhoff info` take them.
//
// Input: the text of the YAML file, then optionally a line "%%set" and one "key.path=value"
// override per line (a final empty line is dropped). The file is written as fuzz.yaml into a
// scratch directory that also holds the stock presets (chip.yaml = configs/chips/
// hermes64.yaml, pcm.yaml, rram.yaml, table_example.yaml from configs/devices/), so
// `extends:` can reach real bases, and itself (a cycle).
//
// Allowed outcome: a config::ConfigError. Findings: any other exception, a crash or sanitizer
// report, a valid config whose floorplan cannot be built, or a valid config whose resolved
// YAML (`config.resolved.yaml`) does not load back to the same resolved YAML.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/config_loader.h"
#include "config/floorplan.h"
#include "fuzz/fuzz_support.h"

namespace {

using kirchhoff::fuzz::fuzz_finding;
using kirchhoff::fuzz::fuzz_unexpected;
using kirchhoff::fuzz::write_scratch;
constexpr const char* kHarness = "fuzz_config";
const std::string kSetMarker = "%%set\n";

// Splits the input into the file text and the --set lines.
void split_input(const std::string& input, std::string& file, std::vector<std::string>& sets) {
  std::size_t marker = std::string::npos;
  if (input.compare(0, kSetMarker.size(), kSetMarker) == 0) {
    marker = 0;
  } else {
    const std::size_t at = input.find("\n" + kSetMarker);
    if (at != std::string::npos) marker = at + 1;
  }
  file = input.substr(0, marker == std::string::npos ? input.size() : marker);
  if (marker == std::string::npos) return;
  std::size_t pos = marker + kSetMarker.size();
  while (pos < input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string::npos) end = input.size();
    sets.push_back(input.substr(pos, end - pos));
    pos = end + 1;
  }
}

void check_valid_config(const kirchhoff::config::ChipConfig& cfg) {
  using namespace kirchhoff::config;
  try {
    (void)kirchhoff::make_floorplan(cfg.chip.mesh_cols, cfg.chip.mesh_rows, cfg.chip.tiles,
                                    cfg.host.ports, cfg.chip.global_dpus);
  } catch (...) {
    fuzz_unexpected(kHarness, "make_floorplan of a valid config");
  }
  const std::string resolved = resolved_yaml(cfg);
  const std::string path = write_scratch("resolved.yaml", resolved);
  std::string again;
  try {
    again = resolved_yaml(load_config(path));
  } catch (const ConfigError& e) {
    fuzz_finding(kHarness, "reloading the resolved config",
                 std::string("the resolved YAML of a valid config is rejected: ") + e.what() +
                     "\n--- resolved YAML ---\n" + resolved);
  } catch (...) {
    fuzz_unexpected(kHarness, "reloading the resolved config");
  }
  if (again != resolved) {
    fuzz_finding(kHarness, "reloading the resolved config",
                 "the resolved YAML does not load back to itself\n--- first ---\n" + resolved +
                     "--- reloaded ---\n" + again);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  kirchhoff::fuzz::copy_to_scratch(src + "/configs/chips/hermes64.yaml", "chip.yaml");
  for (const char* d : {"pcm.yaml", "rram.yaml", "table_example.yaml"}) {
    kirchhoff::fuzz::copy_to_scratch(src + "/configs/devices/" + d, d);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string file;
  std::vector<std::string> sets;
  split_input(std::string(reinterpret_cast<const char*>(data), size), file, sets);
  const std::string path = write_scratch("fuzz.yaml", file);
  kirchhoff::config::ChipConfig cfg;
  try {
    cfg = kirchhoff::config::load_config(path, sets);
  } catch (const kirchhoff::config::ConfigError&) {
    return 0;
  } catch (...) {
    fuzz_unexpected(kHarness, "load_config");
  }
  check_valid_config(cfg);
  return 0;
}
