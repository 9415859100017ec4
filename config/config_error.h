// A configuration the user got wrong. The message names the file, line and column (when there
// is one), the key path, the value and what is allowed; the CLI prints it and exits with 2.
#pragma once

#include <stdexcept>
#include <string>

namespace kirchhoff::config {

// Where a value came from: a file position or a command-line --set.
struct Location {
  std::string file;  // file name, or "--set" for command-line overrides
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based
  std::string str() const;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ConfigError(const Location& where, const std::string& what);
};

}  // namespace kirchhoff::config
