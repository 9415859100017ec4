// `--digital-layers conv1,fc3` of run and map: the weight layers to put on digital tiles, the
// same as --set mapper.placement=list --set mapper.digital_layers=[conv1,fc3] (applied after
// the other --set overrides; compiler/layer_placement.h).
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kirchhoff::app {

void add_digital_layers_option(CLI::App& cmd, std::string* value);
// The overrides for `text` (empty: none); throws UsageError naming `command` for an empty name.
std::vector<std::string> digital_layers_overrides(const std::string& command,
                                                  const std::string& text);

}  // namespace kirchhoff::app
