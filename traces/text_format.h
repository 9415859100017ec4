// Fast text formatting shared by the sinks: integers, fixed-point times from integer
// picoseconds (exact, no floating point), shortest round-trip doubles, CSV and JSON strings.
#pragma once

#include <cstdint>
#include <string_view>

#include "traces/text_buffer.h"

namespace kirchhoff::traces {

void append_int(TextBuffer& out, std::int64_t v);
void append_uint(TextBuffer& out, std::uint64_t v);

// Appends value / 10^decimals with exactly `decimals` digits after the point, e.g.
// append_fixed(out, 1234567, 3) -> "1234.567", append_fixed(out, -5, 3) -> "-0.005".
void append_fixed(TextBuffer& out, std::int64_t value, int decimals);

// Shortest text that reads back as the same double ("0.1", "1e-05", "3"). Non-finite values
// are written as "nan", "inf", "-inf" (readers of CSV accept them; JSON writers must not pass
// them).
void append_double(TextBuffer& out, double v);

// A CSV field, quoted (RFC 4180) only when it contains a comma, quote or line break.
void append_csv_field(TextBuffer& out, std::string_view text);
// A JSON string literal with its quotes.
void append_json_string(TextBuffer& out, std::string_view text);

// floor(a / b) for b > 0, also for negative a.
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

}  // namespace kirchhoff::traces
