#include "traces/vcd_format.h"

#include <fnmatch.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>

#include "traces/text_format.h"

namespace kirchhoff::traces {

std::string vcd_identifier(std::size_t index) {
  constexpr std::size_t kFirst = 33;  // '!'
  constexpr std::size_t kCount = 94;  // '!'..'~'
  std::string id;
  do {
    id.push_back(static_cast<char>(kFirst + index % kCount));
    index /= kCount;
  } while (index > 0);
  return id;
}

std::int64_t vcd_timescale_ps(double timescale_ns) {
  std::int64_t ps = 1;
  for (int decade = 0; decade <= 14; ++decade, ps *= 10) {
    if (std::fabs(timescale_ns * 1000.0 - static_cast<double>(ps)) <= 1e-6 * ps) return ps;
  }
  throw std::invalid_argument(
      "VCD timescale of " + std::to_string(timescale_ns) +
      " ns is not allowed: use 1, 10 or 100 of ps, ns, us, ms or s, in ns: 0.001, 0.01, 0.1, "
      "1, 10, 100, 1000, ... 1e11");
}

std::string vcd_timescale_text(std::int64_t timescale_ps) {
  static const char* const kUnits[] = {"ps", "ns", "us", "ms", "s"};
  int unit = 0;
  std::int64_t v = timescale_ps;
  while (v >= 1000 && unit < 4) {
    v /= 1000;
    ++unit;
  }
  return std::to_string(v) + kUnits[unit];
}

namespace {

struct ScopeNode {
  std::string name;
  std::vector<std::unique_ptr<ScopeNode>> children;
  std::map<std::string, ScopeNode*> by_name;
  std::vector<const VcdVar*> vars;

  ScopeNode* child(const std::string& n) {
    auto it = by_name.find(n);
    if (it != by_name.end()) return it->second;
    children.push_back(std::make_unique<ScopeNode>());
    children.back()->name = n;
    by_name[n] = children.back().get();
    return children.back().get();
  }
};

void append_scope(TextBuffer& out, const ScopeNode& node, bool is_root) {
  if (!is_root) out.append("$scope module " + node.name + " $end\n");
  for (const VcdVar* v : node.vars) {
    const std::size_t dot = v->path.rfind('.');
    const std::string leaf = dot == std::string::npos ? v->path : v->path.substr(dot + 1);
    const char* type = v->type == VcdVarType::kWire      ? "wire"
                       : v->type == VcdVarType::kInteger ? "integer"
                                                         : "real";
    out.append("$var ");
    out.append(type);
    out.push_back(' ');
    append_int(out, v->width);
    out.append(" " + v->id + " " + leaf + " $end\n");
  }
  for (const auto& c : node.children) append_scope(out, *c, false);
  if (!is_root) out.append("$upscope $end\n");
}

}  // namespace

void append_vcd_declarations(TextBuffer& out, const std::vector<VcdVar>& vars) {
  ScopeNode root;
  for (const VcdVar& v : vars) {
    ScopeNode* node = &root;
    std::size_t begin = 0;
    for (;;) {
      const std::size_t dot = v.path.find('.', begin);
      if (dot == std::string::npos) break;
      node = node->child(v.path.substr(begin, dot - begin));
      begin = dot + 1;
    }
    node->vars.push_back(&v);
  }
  // Variables outside any scope are put in a "top" scope (some readers want one).
  if (!root.vars.empty()) {
    out.append("$scope module top $end\n");
    ScopeNode top;
    top.vars = root.vars;
    append_scope(out, top, true);
    out.append("$upscope $end\n");
  }
  for (const auto& c : root.children) append_scope(out, *c, false);
}

void append_vcd_bit(TextBuffer& out, bool v, const std::string& id) {
  out.push_back(v ? '1' : '0');
  out.append(id);
  out.push_back('\n');
}

void append_vcd_integer(TextBuffer& out, std::int64_t v, const std::string& id) {
  out.push_back('b');
  auto u = static_cast<std::uint64_t>(v);
  if (u == 0) {
    out.push_back('0');
  } else {
    int top = 63;
    while (((u >> top) & 1U) == 0) --top;
    for (int b = top; b >= 0; --b) out.push_back(((u >> b) & 1U) != 0 ? '1' : '0');
  }
  out.push_back(' ');
  out.append(id);
  out.push_back('\n');
}

void append_vcd_x(TextBuffer& out, const VcdVarType type, const std::string& id) {
  if (type == VcdVarType::kWire) {
    out.push_back('x');
    out.append(id);
  } else if (type == VcdVarType::kInteger) {
    out.append("bx ");
    out.append(id);
  } else {
    out.append("r0 ");  // a real has no x: 0
    out.append(id);
  }
  out.push_back('\n');
}

void append_vcd_real(TextBuffer& out, double v, const std::string& id) {
  out.push_back('r');
  append_double(out, std::isfinite(v) ? v : 0.0);
  out.push_back(' ');
  out.append(id);
  out.push_back('\n');
}

GlobFilter::GlobFilter(std::string_view filter) {
  std::size_t begin = 0;
  while (begin <= filter.size()) {
    std::size_t comma = filter.find(',', begin);
    if (comma == std::string_view::npos) comma = filter.size();
    std::string_view glob = filter.substr(begin, comma - begin);
    while (!glob.empty() && glob.front() == ' ') glob.remove_prefix(1);
    while (!glob.empty() && glob.back() == ' ') glob.remove_suffix(1);
    if (!glob.empty()) globs_.emplace_back(glob);
    begin = comma + 1;
  }
}

bool GlobFilter::matches(const std::string& name) const {
  if (globs_.empty()) return true;
  for (const auto& g : globs_) {
    if (fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

std::string vcd_safe_name(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 127) c = '_';
  }
  return s;
}

}  // namespace kirchhoff::traces
