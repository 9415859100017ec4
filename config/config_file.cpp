#include "config/config_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace kirchhoff::config {

std::string read_config_file(const std::string& path, const Location& blame,
                             const std::string& prefix) {
  namespace fs = std::filesystem;
  const std::string allowed = "; allowed: a readable YAML file";
  auto fail = [&](const std::string& what) { throw ConfigError(blame, prefix + what + allowed); };
  if (path.empty()) fail("the configuration file name is empty");
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) fail("cannot open the configuration file: " + ec.message());
  if (fs::is_directory(st)) fail("is a directory, not a configuration file");
  if (!fs::is_regular_file(st)) fail("is not a regular file (a FIFO, device or socket)");
  const std::uintmax_t bytes = fs::file_size(path, ec);
  if (ec) fail("cannot read the configuration file: " + ec.message());
  if (bytes > kMaxConfigBytes) {
    fail("is " + std::to_string(bytes) + " bytes, larger than the limit of " +
         std::to_string(kMaxConfigBytes) + " bytes for a configuration");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail("cannot open the configuration file: " +
         std::string(errno != 0 ? std::strerror(errno) : "unknown error"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) fail("cannot read the configuration file");
  return text.str();
}

}  // namespace kirchhoff::config
