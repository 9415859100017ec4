#include "app/output_files.h"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "app/cli.h"

namespace kirchhoff::app {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) {
  return err != 0 ? std::string(std::strerror(err)) : std::string("unknown error");
}

// Creates and removes a file in `dir`: the only check that holds for root, read-only file
// systems and ACLs alike. Returns "" or the reason it failed.
std::string probe_writable(const std::string& dir) {
  std::string name = (fs::path(dir) / ".kirchhoff-write-test-XXXXXX").string();
  errno = 0;
  const int fd = mkstemp(name.data());
  if (fd < 0) return errno_text(errno);
  ::close(fd);
  ::unlink(name.c_str());
  return "";
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  auto fail = [&](const std::string& what, int err) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error(path + ": " + what + ": " + errno_text(err));
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) fail("cannot open " + tmp + " for writing", errno);
  errno = 0;
  const bool written =
      std::fwrite(content.data(), 1, content.size(), f) == content.size() && std::fflush(f) == 0;
  const int write_err = errno;
  errno = 0;
  const bool closed = std::fclose(f) == 0;
  if (!written) fail("cannot write " + tmp, write_err);
  if (!closed) fail("cannot close " + tmp, errno);
  errno = 0;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    fail("cannot rename " + tmp + " into place", errno);
  }
}

void check_output_file(const std::string& option, const std::string& path) {
  if (path.empty()) throw UsageError(option + ": the file name is empty; allowed: a file name");
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw UsageError(option + " " + path + ": " + ec.message());
  }
  if (fs::is_directory(st)) {
    throw UsageError(option + " " + path + ": is a directory; allowed: a file name");
  }
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec)) {
    throw UsageError(option + " " + path + ": the directory " + parent.string() +
                     " does not exist; allowed: a file in an existing directory");
  }
  const std::string why = probe_writable(parent.string());
  if (!why.empty()) {
    throw UsageError(option + " " + path + ": cannot write into " + parent.string() + " (" + why +
                     ")");
  }
}

OutputDirectory::OutputDirectory(std::string dir, std::vector<std::string> results)
    : dir_(std::move(dir)) {
  const std::string where = "--out " + dir_ + ": ";
  if (dir_.empty()) throw UsageError("--out: the directory name is empty; allowed: a directory");
  std::error_code ec;
  const fs::file_status st = fs::status(dir_, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw UsageError(where + "cannot use the output directory: " + ec.message());
  }
  if (fs::exists(st) && !fs::is_directory(st)) {
    throw UsageError(where +
                     "exists and is not a directory; allowed: a directory (created if "
                     "missing)");
  }
  // The run will write each result as name.tmp (summary, resolved config) or name.partial
  // (traces) and rename it: a directory under any of these names would only fail at the end.
  for (const auto& name : results) {
    for (const std::string& candidate : {name, name + ".tmp", name + ".partial"}) {
      const fs::path p = fs::path(dir_) / candidate;
      if (fs::is_directory(fs::symlink_status(p, ec))) {
        throw UsageError(where + p.string() +
                         " is a directory, where the run writes a file; allowed: remove or "
                         "rename it, or choose another --out");
      }
    }
    if (!fs::exists(fs::symlink_status(fs::path(dir_) / name, ec))) {
      new_results_.push_back((fs::path(dir_) / name).string());
    }
  }
  // Remember the directories this run creates (from the deepest), to remove them if it fails.
  for (fs::path p = fs::path(dir_); !p.empty() && !fs::exists(fs::symlink_status(p, ec));
       p = p.parent_path()) {
    created_dirs_.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_, ec)) {
    const std::string why = ec ? ec.message() : std::string("not a directory");
    clean_up();
    throw UsageError(where + "cannot create the output directory (" + why + ")");
  }
  const std::string why = probe_writable(dir_);
  if (!why.empty()) {
    clean_up();
    throw UsageError(where + "cannot write into the output directory (" + why + ")");
  }
}

OutputDirectory::~OutputDirectory() {
  if (!keep_) clean_up();
}

void OutputDirectory::clean_up() noexcept {
  std::error_code ec;
  for (const auto& f : new_results_) fs::remove(f, ec);
  // fs::remove removes only empty directories: anything else the user put there stays.
  for (const auto& d : created_dirs_) fs::remove(d, ec);
}

}  // namespace kirchhoff::app
