#include "logging/log.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <systemc>

namespace kirchhoff::logging {
namespace {

TEST(Logging, GlobalAndPerModuleLevelsLongestPrefixWins) {
  set_levels("warn,tile=debug,tile.tile3=error");
  EXPECT_EQ(get("tile.tile0")->level(), spdlog::level::debug);
  EXPECT_EQ(get("tile.tile3")->level(), spdlog::level::err);
  EXPECT_EQ(get("tile")->level(), spdlog::level::debug);
  EXPECT_EQ(get("tiles.x")->level(), spdlog::level::warn);  // prefixes match whole names only
  EXPECT_EQ(get("host")->level(), spdlog::level::warn);
  set_levels("info");  // existing loggers follow a new spec
  EXPECT_EQ(get("tile.tile3")->level(), spdlog::level::info);
}

TEST(Logging, BadLevelNamesTheLevelAndTheAllowedOnes) {
  try {
    set_levels("info,noc=loud");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "log level 'loud' is not allowed; allowed: trace, debug, info, warn, error, "
              "critical, off (optionally module=level, comma separated)");
  }
}

TEST(Logging, SystemcReportsGoThroughTheSystemcLogger) {
  set_levels("info");
  install_systemc_report_handler();
  testing::internal::CaptureStderr();
  SC_REPORT_WARNING("kirchhoff/test", "a warning from SystemC");
  SC_REPORT_INFO("kirchhoff/test", "an info from SystemC");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("[systemc] warning: kirchhoff/test: a warning from SystemC"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("[systemc] info: kirchhoff/test: an info from SystemC"), std::string::npos)
      << err;
  set_levels("error,systemc=off");
  testing::internal::CaptureStderr();
  SC_REPORT_WARNING("kirchhoff/test", "silenced");
  EXPECT_EQ(testing::internal::GetCapturedStderr().find("silenced"), std::string::npos);
}

}  // namespace
}  // namespace kirchhoff::logging
