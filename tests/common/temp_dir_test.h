// A GoogleTest fixture whose every test has a directory of its own, dir_ (a fresh TempDir, so
// tests that run in parallel never share one; removed after the test), and writes files in it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/common/temp_dir.h"

namespace kirchhoff::test {

class TempDirTest : public ::testing::Test {
 protected:
  // Writes `text` to dir_/name and returns its path.
  std::string file(const std::string& name, const std::string& text) const {
    const std::string p = (dir_ / name).string();
    std::ofstream(p) << text;
    return p;
  }

  TempDir tmp_;
  const std::filesystem::path dir_ = tmp_.path();
};

}  // namespace kirchhoff::test
