#include "traces/text_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kirchhoff::traces {

void append_int(TextBuffer& out, std::int64_t v) {
  char* p = out.claim(24);
  out.commit(std::to_chars(p, p + 24, v).ptr);
}

void append_uint(TextBuffer& out, std::uint64_t v) {
  char* p = out.claim(24);
  out.commit(std::to_chars(p, p + 24, v).ptr);
}

void append_fixed(TextBuffer& out, std::int64_t value, int decimals) {
  // Work on the magnitude as unsigned so that INT64_MIN is safe.
  std::uint64_t mag =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  if (value < 0) out.push_back('-');
  std::uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  append_uint(out, mag / scale);
  if (decimals <= 0) return;
  out.push_back('.');
  char* p = out.claim(static_cast<std::size_t>(decimals));
  std::uint64_t frac = mag % scale;
  for (int i = decimals - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.commit(p + decimals);
}

void append_double(TextBuffer& out, double v) {
  if (!std::isfinite(v)) {
    out.append(std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    return;
  }
  char* p = out.claim(32);
  out.commit(std::to_chars(p, p + 32, v).ptr);
}

void append_csv_field(TextBuffer& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_json_string(TextBuffer& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out.append(buf);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace kirchhoff::traces
