// The calibration check of docs/validation.md in its fast form: tools/validate.py runs the
// hermes64 presets (1- and 4-phase) on the peak workload and fails when a published figure (TOPS,
// TOPS/W, energy and time per core MVM) is missed by more than 10 %; a change of the calibrated
// physics (here: the active power doubled) makes it fail.
#include <gtest/gtest.h>

#include <string>

#include "tests/common/cli_runner.h"

namespace {

using Result = kirchhoff::test::CliResult;

kirchhoff::test::CliResult validate(const std::string& extra) {
  return kirchhoff::test::run_command(std::string("/usr/bin/python3 ") + KIRCHHOFF_SOURCE_DIR +
                                      "/tools/validate.py --check --samples 4 --kirchhoff " +
                                      KIRCHHOFF_BINARY + " " + extra);
}

TEST(ValidationCli, Hermes64PresetsMatchThePublishedFiguresWithinTenPercent) {
  const Result r = validate("");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("| hermes64 | TOPS/W (chip) | 9.76 TOPS/W |"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("| hermes64_4phase | TOPS/W (chip) | 2.48 TOPS/W |"), std::string::npos);
  EXPECT_EQ(r.output.find("OUT OF TOLERANCE"), std::string::npos) << r.output;
}

TEST(ValidationCli, ABrokenCalibrationFails) {
  const Result r = validate("--set tile.energy.integration_power_mW=100");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("hermes64 TOPS/W (chip):"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("OUT OF TOLERANCE"), std::string::npos) << r.output;
}

}  // namespace
