// `kirchhoff traffic`: the saturation line, the past-saturation warnings, the pattern options
// (hotspot nodes and fraction, Poisson injection, --allow-self) and their error messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir_test.h"

namespace {

namespace fs = std::filesystem;
using kirchhoff::test::CliResult;
using kirchhoff::test::run_cli;

class TrafficCli : public kirchhoff::test::TempDirTest {
 protected:
  void SetUp() override {
    cfg_ = (dir_ / "mesh.yaml").string();
    std::ofstream(cfg_) << "chip: {tiles: 16, mesh_cols: 4, mesh_rows: 4}\n";
  }
  CliResult traffic(const std::string& args) {
    return run_cli("traffic " + cfg_ + " --cycles 4000 --warmup 500 --out " +
                   (dir_ / "t.csv").string() + " " + args);
  }
  std::string csv() const {
    std::ifstream in(dir_ / "t.csv");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string cfg_;
};

TEST_F(TrafficCli, ReportsSaturationAndWarnsForRowsPastIt) {
  // 4 x 4 bound: 1 flit/node/cycle = 0.25 packets of 4 flits; 0.6 is far past it.
  const CliResult r = traffic("--packet-flits 4 --rates 0.02,0.1,0.6");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("saturation throughput: 0.4"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("warning: traffic: rate 0.6000 is past saturation"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("warning: traffic: rate 0.1000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("past saturation\n"), std::string::npos);  // marked in the table
  const std::string text = csv();
  EXPECT_NE(text.find("past_saturation\n"), std::string::npos);
}

TEST_F(TrafficCli, HotspotPoissonAndAllowSelfOptions) {
  CliResult r = traffic(
      "--pattern hotspot --hotspot 0,15 --hotspot-fraction 0.5 "
      "--injection poisson --rates 0.01");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("hotspot traffic (poisson)"), std::string::npos) << r.output;
  EXPECT_NE(csv().find("\nhotspot,mesh,xy,4,4,8,"), std::string::npos);
  r = traffic("--pattern tornado --rates 0.01");
  ASSERT_EQ(r.code, 0) << r.output;
  r = traffic("--allow-self --rates 0.01");
  ASSERT_EQ(r.code, 0) << r.output;

  r = traffic("--pattern hotspot --hotspot 0,x");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("traffic --hotspot: 'x' is not a node id"), std::string::npos)
      << r.output;
  r = traffic("--pattern hotspot --hotspot 16");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("hotspot node 16 is out of range; allowed 0..15"), std::string::npos)
      << r.output;
  r = traffic("--hotspot 3");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("apply to --pattern hotspot only"), std::string::npos) << r.output;
  r = traffic("--pattern hotspot --hotspot-fraction 1.5");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("hotspot_fraction = 1.5 is out of range; allowed [0, 1]"),
            std::string::npos)
      << r.output;
  r = traffic("--injection burst");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("'burst' is not an injection process; allowed: bernoulli, poisson"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "t.csv.partial"));
}

TEST_F(TrafficCli, FiniteBuffersWithBackfillAreRejectedWithTheKeys) {
  const CliResult r = traffic("--set noc.buffer_flits=4 --rates 0.01");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("noc.backfill = true with noc.buffer_flits = 4"), std::string::npos)
      << r.output;
  const CliResult ok = traffic("--set noc.buffer_flits=4 --set noc.backfill=false --rates 0.01");
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("buffers 4 flits"), std::string::npos) << ok.output;
}

TEST_F(TrafficCli, InfoBisectionBandwidthFollowsTheLinkBandwidth) {
  const CliResult r = run_cli("info " + std::string(KIRCHHOFF_SOURCE_DIR) +
                              "/configs/chips/hermes64.yaml --set noc.link_flits_per_cycle=0.5");
  ASSERT_EQ(r.code, 0) << r.output;
  // 8 x 8 mesh: 16 links cross the bisection, each carrying one 64-bit flit every 2 cycles.
  EXPECT_NE(r.output.find("16 links x 64 bit x 1 GHz x 0.5 flit/cycle = 512 Gbit/s"),
            std::string::npos)
      << r.output;
}

}  // namespace
