// Reading a configuration file's text, with a ConfigError (never a crash or a std::filesystem
// exception) for every way a name can fail to be a readable YAML file: empty, missing, too long,
// a symlink loop, a directory, a FIFO or device, unreadable, too large.
#pragma once

#include <cstdint>
#include <string>

#include "config/config_error.h"

namespace kirchhoff::config {

// A configuration is a few KiB; anything larger than this is refused before parsing.
inline constexpr std::uintmax_t kMaxConfigBytes = 16u << 20;

// The content of the file `path`. Errors are reported at `blame` (the file itself, or the
// `extends:` entry that named it) and start with `prefix` ("" or "extends: 'base.yaml': ").
std::string read_config_file(const std::string& path, const Location& blame,
                             const std::string& prefix);

}  // namespace kirchhoff::config
