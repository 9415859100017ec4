// The accelerators `kirchhoff baseline` and `run --baseline` know by name: the presets of
// configs/accelerators/ compiled into the program (cmake/KirchhoffEmbed.cmake), so a name works
// from any directory; anything else is read as an accelerator file.
#pragma once

#include <string>
#include <vector>

#include "baseline/accelerator_config.h"

namespace kirchhoff::app {

// "h100, groq_lpu, edge_npu"
std::string accelerator_preset_names();
bool is_accelerator_preset(const std::string& name);

// A preset by name, or an accelerator file (baseline/accelerator_loader.h), with the
// "accelerator.key=value" overrides applied. `option` names where it was given in messages
// ("baseline --accelerator"). Throws UsageError for a name that is neither a preset nor a file,
// config::ConfigError for a bad file.
baseline::AcceleratorConfig resolve_accelerator(const std::string& option, const std::string& name,
                                                const std::vector<std::string>& overrides = {});

// `option PRECISION`: int8 or fp16; UsageError otherwise.
baseline::Precision parse_precision(const std::string& option, const std::string& text);
// `option N`: a batch in [1, 2^20]; UsageError otherwise.
void check_batch(const std::string& option, int batch);

}  // namespace kirchhoff::app
