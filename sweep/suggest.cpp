#include "sweep/suggest.h"

#include "config/did_you_mean.h"

namespace kirchhoff::sweep {

std::string nearest_name(const std::string& name, const std::vector<std::string>& names) {
  return config::nearest_name(name, names);
}

bool is_word(const std::string& text, const std::string& extra) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && extra.find(c) == std::string::npos) return false;
  }
  return true;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace kirchhoff::sweep
