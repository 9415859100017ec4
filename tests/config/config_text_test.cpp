// load_config_text: a configuration that is not a file (the built-in demo's chip) loads like a
// file, with --set overrides and the same validation; messages name its source.
#include <gtest/gtest.h>

#include <string>

#include "config/config_error.h"
#include "config/config_loader.h"
#include "tests/common/thrown_message.h"

namespace kirchhoff::config {
namespace {

std::string error_of(const std::string& text) {
  return kirchhoff::test::thrown_message<ConfigError>(
      [&] { (void)load_config_text("built-in demo.yaml", text); }, "");
}

TEST(ConfigText, LoadsLikeAFileWithOverrides) {
  const ChipConfig c = load_config_text(
      "built-in demo.yaml",
      "chip:\n  tiles: 4\n  mesh_cols: 2\n  mesh_rows: 2\ntile:\n  rows: 128\n", {"tile.cols=64"});
  EXPECT_EQ(c.chip.tiles, 4);
  EXPECT_EQ(c.tile.rows, 128);
  EXPECT_EQ(c.tile.cols, 64);
  EXPECT_EQ(resolved_yaml(c), resolved_yaml(load_config_text("x", resolved_yaml(c))));
}

TEST(ConfigText, ErrorsNameTheSourceAndLine) {
  EXPECT_NE(error_of("chip:\n  tilez: 4\n").find("built-in demo.yaml:2"), std::string::npos)
      << error_of("chip:\n  tilez: 4\n");
  EXPECT_NE(error_of("extends: base.yaml\n")
                .find("extends: not allowed in a configuration that is not a file"),
            std::string::npos);
  EXPECT_NE(error_of("[1, 2]\n").find("expected a map of sections"), std::string::npos);
}

}  // namespace
}  // namespace kirchhoff::config
