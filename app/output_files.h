// Result files are written whole or not at all: to a temporary name in the same directory,
// then renamed. A run's --out directory is checked before anything is simulated and holds
// nothing of a run that failed or was interrupted.
#pragma once

#include <string>
#include <vector>

namespace kirchhoff::app {

// Writes `content` to `path` atomically; throws std::runtime_error naming the file and the
// reason (e.g. "No space left on device") on failure, leaving no temporary file.
void write_file_atomically(const std::string& path, const std::string& content);

// An output file named by `option` (e.g. "device --out"), checked before the work: not a
// directory, in an existing directory that can be written to. Throws UsageError.
void check_output_file(const std::string& option, const std::string& path);

// The --out directory of a run. The constructor checks, before the simulation, that the run can
// write there (UsageError naming the directory or file otherwise): `dir` is a directory or can
// be created, none of `results` (file names in it) or their temporary names is a directory,
// and a file can be created in it. Unless keep() is called, the destructor removes the results
// this run created and the directories it created, so a failed or interrupted run leaves no
// empty directory behind.
class OutputDirectory {
 public:
  OutputDirectory(std::string dir, std::vector<std::string> results);
  ~OutputDirectory();
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  const std::string& path() const { return dir_; }
  // The run succeeded: leave everything in place.
  void keep() { keep_ = true; }

 private:
  void clean_up() noexcept;

  std::string dir_;
  std::vector<std::string> new_results_;   // results that did not exist before the run
  std::vector<std::string> created_dirs_;  // deepest first
  bool keep_ = false;
};

}  // namespace kirchhoff::app
