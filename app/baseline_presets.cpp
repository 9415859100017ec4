#include "app/baseline_presets.h"

#include <cstddef>
#include <filesystem>

#include "app/cli.h"
#include "baseline/accelerator_loader.h"

namespace kirchhoff::embedded {  // generated sources (cmake/EmbedFile.cmake)
extern const unsigned char accelerator_h100_yaml[];
extern const std::size_t accelerator_h100_yaml_size;
extern const unsigned char accelerator_groq_lpu_yaml[];
extern const std::size_t accelerator_groq_lpu_yaml_size;
extern const unsigned char accelerator_edge_npu_yaml[];
extern const std::size_t accelerator_edge_npu_yaml_size;
}  // namespace kirchhoff::embedded

namespace kirchhoff::app {
namespace {

struct Preset {
  const char* name;
  const unsigned char* bytes;
  const std::size_t* size;
};

const Preset kPresets[] = {
    {"h100", embedded::accelerator_h100_yaml, &embedded::accelerator_h100_yaml_size},
    {"groq_lpu", embedded::accelerator_groq_lpu_yaml, &embedded::accelerator_groq_lpu_yaml_size},
    {"edge_npu", embedded::accelerator_edge_npu_yaml, &embedded::accelerator_edge_npu_yaml_size},
};

// The largest batch: far beyond any accelerator's useful batch, small enough that every per-batch
// byte count stays exact in a double.
constexpr int kMaxBatch = 1 << 20;

}  // namespace

baseline::Precision parse_precision(const std::string& option, const std::string& text) {
  if (text == "int8") return baseline::Precision::kInt8;
  if (text == "fp16") return baseline::Precision::kFp16;
  throw UsageError(option + ": '" + text + "' is not allowed; allowed: int8, fp16");
}

void check_batch(const std::string& option, int batch) {
  if (batch < 1 || batch > kMaxBatch) {
    throw UsageError(option + ": " + std::to_string(batch) +
                     " is not allowed; allowed: integer in [1, " + std::to_string(kMaxBatch) + "]");
  }
}

std::string accelerator_preset_names() {
  std::string s;
  for (const auto& p : kPresets) s += (s.empty() ? "" : ", ") + std::string(p.name);
  return s;
}

bool is_accelerator_preset(const std::string& name) {
  for (const auto& p : kPresets) {
    if (name == p.name) return true;
  }
  return false;
}

baseline::AcceleratorConfig resolve_accelerator(const std::string& option, const std::string& name,
                                                const std::vector<std::string>& overrides) {
  for (const auto& p : kPresets) {
    if (name != p.name) continue;
    const std::string text(reinterpret_cast<const char*>(p.bytes), *p.size);
    return baseline::load_accelerator_text(
        std::string("built-in configs/accelerators/") + p.name + ".yaml", text, overrides);
  }
  std::error_code ec;
  if (name.empty() || !std::filesystem::exists(name, ec)) {
    throw UsageError(option + " '" + name +
                     "': not a preset and no such file; allowed: " + accelerator_preset_names() +
                     " or an accelerator file (configs/accelerators/)");
  }
  return baseline::load_accelerator(name, overrides);
}

}  // namespace kirchhoff::app
