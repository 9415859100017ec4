#include "traces/output_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace kirchhoff::traces {

OutputFile::OutputFile(std::string path, std::string temp_suffix)
    : path_(std::move(path)), temp_suffix_(std::move(temp_suffix)) {
  file_ = std::fopen(partial_path().c_str(), "wb");
  if (file_ == nullptr) fail(errno, "cannot open " + partial_path() + " for writing");
  buffer_.reserve(kFlushBytes + (kFlushBytes >> 2));
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (file_ != nullptr) std::fclose(file_);
  std::remove(partial_path().c_str());
}

void OutputFile::fail(int err, const std::string& what) const {
  throw std::runtime_error("trace output " + path_ + ": " + what +
                           (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
}

void OutputFile::flush() {
  if (buffer_.empty()) return;
  if (file_ == nullptr) fail(0, "write after close");
  errno = 0;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    fail(errno, "cannot write " + partial_path());
  }
  bytes_written_ += buffer_.size();
  buffer_.clear();
  errno = 0;
  if (std::fflush(file_) != 0) fail(errno, "cannot write " + partial_path());
}

void OutputFile::discard() {
  if (committed_) return;
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  std::remove(partial_path().c_str());
}

void OutputFile::commit() {
  if (committed_) return;
  flush();
  errno = 0;
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) fail(errno, "cannot close " + partial_path());
  errno = 0;
  if (std::rename(partial_path().c_str(), path_.c_str()) != 0) {
    fail(errno, "cannot rename " + partial_path() + " to " + path_);
  }
  committed_ = true;
}

}  // namespace kirchhoff::traces
