// An output file that is never seen half-written: text is buffered and written to
// "<path>.partial" (or another temporary suffix), which commit() renames to <path>. A file that is
// destroyed without commit() (the run failed) is removed. Every I/O error throws std::runtime_error
// naming the file and the reason.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "traces/text_buffer.h"

namespace kirchhoff::traces {

class OutputFile {
 public:
  // Opens "<path><temp_suffix>" for writing (throws if it cannot).
  explicit OutputFile(std::string path, std::string temp_suffix = ".partial");
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // The buffer to append text to; flushed to disk when it grows past a threshold.
  TextBuffer& buffer() { return buffer_; }
  void write(std::string_view text) {
    buffer_.append(text);
    maybe_flush();
  }
  void maybe_flush() {
    if (buffer_.size() >= kFlushBytes) flush();
  }
  // Writes the buffer to the file (and the C library's buffer to the OS, so that the temporary
  // file can be read back).
  void flush();
  // Flushes, closes and renames to the final path.
  void commit();
  // Closes and removes the temporary file (the result was written elsewhere).
  void discard();

  const std::string& path() const { return path_; }
  std::string partial_path() const { return path_ + temp_suffix_; }
  bool committed() const { return committed_; }
  std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  // `err` is the errno of the failed call (0: none).
  [[noreturn]] void fail(int err, const std::string& what) const;

  static constexpr std::size_t kFlushBytes = 1 << 20;
  std::string path_;
  std::string temp_suffix_;
  std::FILE* file_ = nullptr;
  TextBuffer buffer_;
  std::uint64_t bytes_written_ = 0;
  bool committed_ = false;
};

}  // namespace kirchhoff::traces
