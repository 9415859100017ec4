// A growable character buffer with inline appends (one capacity compare and a memcpy), for
// the sinks that format millions of lines: std::string's appends are out-of-line library
// calls, which made formatting several times slower.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace kirchhoff::traces {

class TextBuffer {
 public:
  void push_back(char c) {
    if (size_ == capacity_) grow(1);
    data_[size_++] = c;
  }
  void append(const char* text, std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    std::memcpy(data_.get() + size_, text, n);
    size_ += n;
  }
  void append(std::string_view text) { append(text.data(), text.size()); }
  void append(const char* text) { append(std::string_view(text)); }

  // Room for n more characters: write them at the returned pointer, then commit(end).
  char* claim(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_.get() + size_;
  }
  void commit(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }

  const char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n - size_);
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  void grow(std::size_t extra);

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace kirchhoff::traces
