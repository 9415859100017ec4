#include "config/config_error.h"

namespace kirchhoff::config {

std::string Location::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

ConfigError::ConfigError(const Location& where, const std::string& what)
    : std::runtime_error(where.str() + ": " + what) {}

}  // namespace kirchhoff::config
