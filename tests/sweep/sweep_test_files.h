// Temporary folders (tests/common/temp_dir.h) and sweep files for the sweep tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "tests/common/temp_dir.h"

namespace kirchhoff::test {

inline std::string write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace kirchhoff::test
