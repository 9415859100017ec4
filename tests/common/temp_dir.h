// A fresh directory of one test's own under the temp dir (mkdtemp: a unique name, so suites that
// run in parallel, or a run left behind by a crash, never share it), removed with the object.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace kirchhoff::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "kirchhoff-test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside the directory (not created).
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A TempDir of this process's own, made on first use and removed at exit: ctest runs every TEST
// in its own process, so the paths a test names under it are its own, whatever else runs.
inline const std::filesystem::path& process_temp_dir() {
  static const TempDir dir("kirchhoff-test");
  return dir.path();
}

}  // namespace kirchhoff::test
