#include "config/yaml_document.h"

#include <map>
#include <sstream>
#include <vector>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include "config/config_error.h"

namespace kirchhoff::config {
namespace {

Location location_of(const std::string& source, const YAML::Mark& m, bool positions) {
  if (!positions || m.line < 0) return {source, 0, 0};
  return {source, m.line + 1, m.column + 1};
}

// Walks the parser's events (aliases are not expanded, so the walk is linear in the text) and
// throws at the first structural problem.
class StructureCheck : public YAML::EventHandler {
 public:
  StructureCheck(std::string source, bool positions)
      : source_(std::move(source)), positions_(positions) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      fail(mark,
           "a second YAML document starts here (after '---'); allowed: one document per "
           "configuration");
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, "an empty key"); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, "an alias (*name)"); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    if (in_key_position()) {
      auto& keys = frames_.back().keys;
      const auto [it, inserted] = keys.emplace(value, mark);
      if (!inserted) {
        fail(mark, "duplicate key '" + value + "' (first at line " +
                       std::to_string(it->second.line + 1) + "); allowed: each key once per map");
      }
    }
    advance();
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark, "a list");
    push(mark, false);
  }
  void OnSequenceEnd() override { frames_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark, "a map");
    push(mark, true);
  }
  void OnMapEnd() override { frames_.pop_back(); }

 private:
  struct Frame {
    bool is_map = false;
    bool expect_key = true;  // maps: the next node is a key
    std::map<std::string, YAML::Mark> keys;
  };

  bool in_key_position() const {
    return !frames_.empty() && frames_.back().is_map && frames_.back().expect_key;
  }
  // A node that is not a plain scalar: fine as a value, an error as a key.
  void node(const YAML::Mark& mark, const std::string& what) {
    if (in_key_position()) {
      fail(mark, "a key must be a plain name (a scalar such as 'tile' or 'rows'); got " + what);
    }
    advance();
  }
  void advance() {
    if (!frames_.empty() && frames_.back().is_map) {
      frames_.back().expect_key = !frames_.back().expect_key;
    }
  }
  void push(const YAML::Mark& mark, bool is_map) {
    if (static_cast<int>(frames_.size()) >= kMaxYamlDepth) {
      fail(mark, "maps and lists nested deeper than " + std::to_string(kMaxYamlDepth) +
                     " levels; allowed: at most " + std::to_string(kMaxYamlDepth) +
                     " (a configuration needs 5)");
    }
    Frame f;
    f.is_map = is_map;
    frames_.push_back(std::move(f));
  }
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const {
    throw ConfigError(location_of(source_, mark, positions_), what);
  }

  std::string source_;
  bool positions_ = true;
  int documents_ = 0;
  std::vector<Frame> frames_;
};

}  // namespace

YAML::Node parse_yaml_document(const std::string& source, const std::string& text, bool positions) {
  try {
    {
      std::istringstream in(text);
      YAML::Parser parser(in);
      StructureCheck check(source, positions);
      while (parser.HandleNextDocument(check)) {
      }
    }
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // Only reachable through constructs the event walk does not count (it stops at
    // kMaxYamlDepth first); keep the position and say what it is.
    throw ConfigError(
        location_of(source, e.mark, positions),
        "YAML nested too deeply; allowed: at most " + std::to_string(kMaxYamlDepth) + " levels");
  } catch (const YAML::Exception& e) {
    throw ConfigError(location_of(source, e.mark, positions), "malformed YAML: " + e.msg);
  }
}

}  // namespace kirchhoff::config
