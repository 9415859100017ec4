#include "app/digital_layers_option.h"

#include <sstream>

#include <CLI/CLI.hpp>

#include "app/cli.h"

namespace kirchhoff::app {

void add_digital_layers_option(CLI::App& cmd, std::string* value) {
  cmd.add_option("--digital-layers", *value,
                 "weight layers mapped to digital tiles, comma-separated (e.g. conv1,fc3); the "
                 "chip needs digital tiles (chip.tile_groups)");
}

std::vector<std::string> digital_layers_overrides(const std::string& command,
                                                  const std::string& text) {
  if (text.empty()) return {};
  std::string list;
  std::stringstream ss(text);
  std::string name;
  bool any = false;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) {
      throw UsageError(command + " --digital-layers: empty layer name in '" + text +
                       "'; allowed: comma-separated layer names, e.g. conv1,fc3");
    }
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    list += (any ? ", " : "") + quoted + "\"";
    any = true;
  }
  if (!any || text.back() == ',') {
    throw UsageError(command + " --digital-layers: empty layer name in '" + text +
                     "'; allowed: comma-separated layer names, e.g. conv1,fc3");
  }
  return {"mapper.placement=list", "mapper.digital_layers=[" + list + "]"};
}

}  // namespace kirchhoff::app
