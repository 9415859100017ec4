// Pieces of the Value Change Dump format (IEEE 1364-2005, section 18) that the VCD sink
// writes: identifier codes, timescales, the scope tree of declarations, value changes, and
// glob filtering of signal names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "traces/text_buffer.h"

namespace kirchhoff::traces {

// Short identifier code of variable `index`: printable ASCII '!'..'~', base 94.
std::string vcd_identifier(std::size_t index);

// The timescale in ps for a timescale given in ns; it must be 1, 10 or 100 of a unit from
// fs up to s that is a whole number of ps: 0.001, 0.01, 0.1, 1, 10, 100, 1000 ... 1e11 ns.
// Throws std::invalid_argument naming the allowed values otherwise.
std::int64_t vcd_timescale_ps(double timescale_ns);
// "1ns", "10ps", "100us" ...
std::string vcd_timescale_text(std::int64_t timescale_ps);

enum class VcdVarType : std::uint8_t { kWire, kInteger, kReal };

struct VcdVar {
  std::string path;  // dotted: scopes then the variable name ("chip.tile0.busy")
  VcdVarType type = VcdVarType::kWire;
  int width = 1;
  std::string id;
};

// $scope/$var/$upscope declarations for the variables (grouped into nested scopes by their
// dotted paths, in first-seen order).
void append_vcd_declarations(TextBuffer& out, const std::vector<VcdVar>& vars);

// Value changes ("1!", "b101 #", "bx #", "r0.25 $"), each followed by a line break.
void append_vcd_bit(TextBuffer& out, bool v, const std::string& id);
void append_vcd_integer(TextBuffer& out, std::int64_t v, const std::string& id);
void append_vcd_x(TextBuffer& out, const VcdVarType type, const std::string& id);
void append_vcd_real(TextBuffer& out, double v, const std::string& id);

// A signal-name filter: comma-separated fnmatch(3) globs ("chip.tile*.busy,*power*"); a name
// passes when any glob matches it ('*' also matches dots). An empty filter passes everything.
class GlobFilter {
 public:
  explicit GlobFilter(std::string_view filter = {});
  bool matches(const std::string& name) const;
  bool empty() const { return globs_.empty(); }

 private:
  std::vector<std::string> globs_;
};

// A VCD reference name: whitespace and control characters replaced by '_'.
std::string vcd_safe_name(std::string_view name);

}  // namespace kirchhoff::traces
