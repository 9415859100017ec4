// Host-port pipelining (host.port_posted_writes, config/host_params.h) on a host-bound workload:
// the built-in dense layer with 256 inputs and 16 outputs through a 1 GB/s port with 500 ns
// latency. A sample moves 1,024 bytes in (1,024 ns on the link) and 64 bytes out (64 ns); the
// tile needs far less. Without posted writes each input write returns only after it completed,
// so the input stream runs at one sample per 1,024 + 500 ns; with two or more writes in flight
// the port's bytes bound it: one sample per (1,024 + 64) bytes / 1 GB/s = 1,088 ns. The
// steady-state period is measured as the growth of the inference span from 16 to 48 samples
// (the pipeline's fill and drain cancel): span(48) - span(16) = 32 x period.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/common/cli_runner.h"
#include "tests/common/summary_file.h"
#include "tests/common/temp_dir.h"

namespace {

namespace fs = std::filesystem;

double span_ns(int samples, int depth) {
  const fs::path out = kirchhoff::test::process_temp_dir() /
                       ("kh_pipelining_" + std::to_string(samples) + "_" + std::to_string(depth));
  fs::remove_all(out);
  const std::string cmd =
      std::string(KIRCHHOFF_BINARY) +
      " run --workload dense --set workload.out_features=16 --set host.port_bandwidth_GBps=1"
      " --set host.port_latency_ns=500 --set host.port_posted_writes=" +
      std::to_string(depth) + " --samples " + std::to_string(samples) + " --out " + out.string();
  const kirchhoff::test::CliResult r = kirchhoff::test::run_command(cmd);
  EXPECT_EQ(r.code, 0) << r.output;
  const double span = kirchhoff::test::read_summary(out).at("inference_time_ns").get<double>();
  fs::remove_all(out);
  return span;
}

double period_ns(int depth) {
  return (span_ns(48, depth) - span_ns(16, depth)) / 32.0;
}

constexpr double kInNs = 256 * 4 / 1.0, kOutNs = 16 * 4 / 1.0, kLatencyNs = 500;

TEST(HostPipeliningCli, OneWriteInFlightIsPacedByTheLatency) {
  EXPECT_NEAR(period_ns(1), kInNs + kLatencyNs, 1e-3);
}

TEST(HostPipeliningCli, PostedWritesReachTheBandwidthBound) {
  for (int depth : {2, 8}) EXPECT_NEAR(period_ns(depth), kInNs + kOutNs, 1e-3) << depth;
}

TEST(HostPipeliningCli, TheDepthIsAValidatedKey) {
  const kirchhoff::test::CliResult r = kirchhoff::test::run_command(
      std::string(KIRCHHOFF_BINARY) +
      " run --workload dense --set host.port_posted_writes=0 --out " +
      (kirchhoff::test::process_temp_dir() / "never_written").string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("host.port_posted_writes"), std::string::npos) << r.output;
}

}  // namespace
