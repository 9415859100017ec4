#include "traces/text_buffer.h"

#include <algorithm>

namespace kirchhoff::traces {

void TextBuffer::grow(std::size_t extra) {
  const std::size_t capacity = std::max<std::size_t>({2 * capacity_, size_ + extra, 256});
  auto data = std::make_unique<char[]>(capacity);
  if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = capacity;
}

}  // namespace kirchhoff::traces
