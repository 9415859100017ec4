#include "app/output_files.h"

#include <filesystem>
#include <fstream>

#include "app/cli.h"

namespace kirchhoff::app {

void ensure_directory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw UsageError("--out " + dir + ": cannot create the output directory (" +
                     (ec ? ec.message() : std::string("not a directory")) + ")");
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw std::runtime_error(path + ": cannot write the file");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error(path + ": cannot rename the finished file into place");
  }
}

}  // namespace kirchhoff::app
