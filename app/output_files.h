// Result files are written whole or not at all: to a temporary name in the same directory,
// then renamed.
#pragma once

#include <string>

namespace kirchhoff::app {

// Creates `dir` (and parents) if needed; throws UsageError naming it if it cannot.
void ensure_directory(const std::string& dir);
// Writes `content` to `path` atomically; throws std::runtime_error naming the file on failure.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace kirchhoff::app
