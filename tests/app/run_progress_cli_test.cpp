// `kirchhoff run` progress on stderr: samples done/total and ETA. Not a terminal (these tests'
// pipe): nothing unless --progress, which prints one plain line per completed sample; on a
// terminal (a pseudo-terminal from util-linux `script`): one line redrawn in place.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kirchhoff::test::run_cli;
using kirchhoff::test::run_command;

std::string out_dir(const std::string& name) {
  const fs::path d = kirchhoff::test::process_temp_dir() / ("kh_progress_" + name);
  fs::remove_all(d);
  return d.string();
}

// The demo network on the ideal device: 4 samples in well under a second.
std::string demo_run(const std::string& out) {
  return "run " + std::string(KIRCHHOFF_SOURCE_DIR) +
         "/configs/chips/hermes64.yaml --set tile.device.type=ideal --samples 4 --out " + out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// "K/N samples" of each line "K/N samples, R/min, ETA T" (no std::regex: GCC 12 warns inside
// it under -fsanitize, an error with -Werror).
std::vector<std::string> progress_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string l; std::getline(in, l);) {
    const auto slash = l.find('/');
    const auto comma = l.find(", ");
    if (slash == std::string::npos || comma == std::string::npos || slash > comma) continue;
    const std::string head = l.substr(0, comma);
    if (head.size() < 9 || head.compare(head.size() - 8, 8, " samples") != 0) continue;
    if (!all_digits(head.substr(0, slash)) ||
        !all_digits(head.substr(slash + 1, head.size() - 8 - slash - 1))) {
      continue;
    }
    const std::string rest = l.substr(comma + 2);
    if (rest.find("/min, ETA ") == std::string::npos) continue;
    lines.push_back(head);
  }
  return lines;
}

TEST(RunProgressCli, ForcedWithoutATerminalPrintsOnePlainLinePerSample) {
  const std::string out = out_dir("forced");
  const auto r = run_cli(demo_run(out) + " --progress");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(progress_lines(r.output),
            (std::vector<std::string>{"1/4 samples", "2/4 samples", "3/4 samples", "4/4 samples"}))
      << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos);  // plain lines are never redrawn
  fs::remove_all(out);
}

TEST(RunProgressCli, WithoutATerminalTheRunIsQuietByDefaultAndWithQuiet) {
  for (const std::string flag : {"", " --quiet"}) {
    const std::string out = out_dir("default");
    const auto r = run_cli(demo_run(out) + flag);
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_EQ(r.output.find(" samples, "), std::string::npos) << flag << "\n" << r.output;
    EXPECT_EQ(r.output.find("ETA"), std::string::npos) << flag << "\n" << r.output;
    EXPECT_NE(r.output.find("top-1 chip / reference"), std::string::npos);  // the report is there
    fs::remove_all(out);
  }
}

TEST(RunProgressCli, ProgressAndQuietExcludeEachOther) {
  const std::string out = out_dir("both");
  const auto r = run_cli(demo_run(out) + " --progress --quiet");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--progress excludes --quiet"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(RunProgressCli, OnATerminalOneLineIsRedrawnInPlaceUnlessQuiet) {
  const std::string out = out_dir("tty");
  // script(1) runs the command on a pseudo-terminal; stdout goes to /dev/null inside it, so
  // what comes back is stderr as the terminal saw it.
  const auto r = run_command("script -qec \"" + std::string(KIRCHHOFF_BINARY) + " " +
                             demo_run(out) + " >/dev/null\" /dev/null");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("\r1/4 samples, "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\r4/4 samples, "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\x1b[K"), std::string::npos) << r.output;  // erases the old line
  fs::remove_all(out);
  const auto q = run_command("script -qec \"" + std::string(KIRCHHOFF_BINARY) + " " +
                             demo_run(out) + " --quiet >/dev/null\" /dev/null");
  ASSERT_EQ(q.code, 0) << q.output;
  EXPECT_EQ(q.output.find(" samples, "), std::string::npos) << q.output;
  fs::remove_all(out);
}

}  // namespace
