#include "workloads/npy_stream_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "workloads/npy.h"

namespace kirchhoff {

NpyStreamWriter::NpyStreamWriter(std::string path, std::int64_t samples, const Shape& sample_shape)
    : path_(std::move(path)),
      partial_(path_ + ".partial"),
      samples_(samples),
      values_per_sample_(static_cast<std::size_t>(numel(sample_shape))),
      written_(static_cast<std::size_t>(samples), false) {
  Shape shape{samples};
  shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  const std::string preamble = npy_preamble(shape, "<f4");
  data_offset_ = preamble.size();
  file_ = std::fopen(partial_.c_str(), "wb");
  if (file_ == nullptr) fail(std::string("cannot open for writing: ") + std::strerror(errno));
  if (std::fwrite(preamble.data(), 1, preamble.size(), file_) != preamble.size())
    fail(std::string("write failed: ") + std::strerror(errno));
}

NpyStreamWriter::~NpyStreamWriter() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) std::remove(partial_.c_str());
}

void NpyStreamWriter::fail(const std::string& what) {
  throw std::runtime_error(path_ + ": " + what);
}

void NpyStreamWriter::write(std::int64_t s, const std::vector<float>& values) {
  if (s < 0 || s >= samples_) {
    fail("sample " + std::to_string(s) + " is out of range; allowed: [0, " +
         std::to_string(samples_) + ")");
  }
  if (values.size() != values_per_sample_) {
    fail("sample " + std::to_string(s) + " has " + std::to_string(values.size()) +
         " values; allowed: " + std::to_string(values_per_sample_));
  }
  if (written_[static_cast<std::size_t>(s)])
    fail("sample " + std::to_string(s) + " is written twice");
  const long offset =
      static_cast<long>(data_offset_ + static_cast<std::size_t>(s) * values_per_sample_ * 4);
  if (std::fseek(file_, offset, SEEK_SET) != 0 ||
      std::fwrite(values.data(), sizeof(float), values.size(), file_) != values.size()) {
    fail("writing sample " + std::to_string(s) + " failed: " + std::strerror(errno));
  }
  written_[static_cast<std::size_t>(s)] = true;
  ++count_;
}

void NpyStreamWriter::commit() {
  if (count_ != samples_) {
    fail(std::to_string(count_) + " of " + std::to_string(samples_) + " samples written");
  }
  const int flushed = std::fflush(file_);
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (flushed != 0 || closed != 0) fail(std::string("write failed: ") + std::strerror(errno));
  if (std::rename(partial_.c_str(), path_.c_str()) != 0)
    fail(std::string("cannot rename the temporary file into place: ") + std::strerror(errno));
  committed_ = true;
}

}  // namespace kirchhoff
