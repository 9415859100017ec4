// Inputs and faults that used to crash the kirchhoff binary, exit 1, or leave half a result:
// each ends with exit code 2 (bad input), 1 (the run failed) or 128 + signal (interrupted), a
// message naming the file, option or key and what is allowed, and nothing left in --out. Each
// test runs the built binary in a child process; config inputs are under tests/data/bad/.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/common/cli_runner.h"
#include "tests/common/temp_dir_test.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;
const std::string kChip64 = std::string(KIRCHHOFF_SOURCE_DIR) + "/configs/chips/hermes64.yaml";
const std::string kMlp =
    "--workload " + kData + "/mlp.onnx --inputs " + kData + "/fmnist_inputs.npy --samples 2";

using Result = kirchhoff::test::CliResult;
Result run(const std::string& args) {
  return kirchhoff::test::run_cli(args);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every file left under `dir` (recursively), for messages.
std::string listing(const fs::path& dir) {
  std::string s;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    s += it->path().string() + "\n";
  }
  return s;
}

class BadInputCli : public kirchhoff::test::TempDirTest {
 protected:
  void TearDown() override {
    for (const auto& m : mounts_) std::system(("umount " + m.string() + " 2>/dev/null").c_str());
    fs::remove_all(dir_);
  }
  // A tmpfs of `options` at dir_/name; false if this machine does not allow mounting.
  bool mount_tmpfs(const std::string& name, const std::string& options) {
    const fs::path m = dir_ / name;
    fs::create_directories(m);
    if (std::system(
            ("mount -t tmpfs -o " + options + " tmpfs " + m.string() + " 2>/dev/null").c_str()) !=
        0) {
      return false;
    }
    mounts_.push_back(m);
    return true;
  }
  // Runs `args` with --out dir_/out and expects exit 2 and no output directory.
  Result expect_bad_input(const std::string& args) {
    const fs::path out = dir_ / "out";
    Result r = run(args + " --out " + out.string());
    EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
    EXPECT_FALSE(fs::exists(out)) << args << "\n" << listing(out);
    return r;
  }
  std::vector<fs::path> mounts_;
};

// --- configuration files (item 11) ---------------------------------------------------------

TEST_F(BadInputCli, BadConfigFilesExitTwoNamingFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"config_nonscalar_key.yaml", ":4:3: a key must be a plain name"},
      {"config_duplicate_key.yaml", ":5:3: duplicate key 'seed' (first at line 3)"},
      {"config_duplicate_section.yaml", ":6:1: duplicate key 'tile' (first at line 2)"},
      {"config_two_documents.yaml", ":4:1: a second YAML document starts here"},
      {"config_deep_lists.yaml", ":3:39: maps and lists nested deeper than 32 levels"},
      {"config_deep_maps.yaml", ":34:65: maps and lists nested deeper than 32 levels"},
      {"config_extends_empty.yaml", ":2:10: extends: the file name is empty"},
      {"config_extends_directory.yaml", ":2:10: extends: '"},
  };
  for (const auto& [name, message] : cases) {
    const std::string p = kData + "/bad/" + name;
    const Result v = run("validate " + p);
    EXPECT_EQ(v.code, 2) << name << "\n" << v.output;
    EXPECT_TRUE(contains(v.output, p + message)) << name << "\n" << v.output;
    EXPECT_FALSE(contains(v.output, "simulation failed")) << v.output;
    const Result r = expect_bad_input("run " + p);
    EXPECT_TRUE(contains(r.output, p + message)) << name << "\n" << r.output;
  }
}

TEST_F(BadInputCli, DirectoryEmptyNameSymlinkLoopAndLongNameAsConfig) {
  const std::string d = kData + "/bad/";
  EXPECT_TRUE(contains(expect_bad_input("run " + d).output,
                       d + ": is a directory, not a configuration file; allowed: a readable YAML "
                           "file"));
  EXPECT_TRUE(contains(expect_bad_input("run ''").output,
                       "run CONFIG: the configuration file name is empty; allowed: a YAML file"));
  const Result v = run("validate ''");
  EXPECT_EQ(v.code, 2) << v.output;
  EXPECT_TRUE(contains(v.output, "validate CONFIG: the configuration file name is empty"))
      << v.output;
  fs::create_symlink(dir_ / "b.yaml", dir_ / "a.yaml");
  fs::create_symlink(dir_ / "a.yaml", dir_ / "b.yaml");
  EXPECT_TRUE(contains(expect_bad_input("run " + (dir_ / "a.yaml").string()).output,
                       "a.yaml: cannot open the configuration file: Too many levels of symbolic "
                       "links"));
  const std::string long_name = (dir_ / (std::string(300, 'x') + ".yaml")).string();
  EXPECT_TRUE(contains(expect_bad_input("run " + long_name).output,
                       ".yaml: cannot open the configuration file: File name too long"));
}

// --- command-line values (item 12) ---------------------------------------------------------

TEST_F(BadInputCli, ReplicationIsBoundedByTheChipsTiles) {
  const std::string allowed =
      "--replication: 2000000000 is not allowed; allowed: integer in [1, 64] (every copy needs "
      "at least one tile; chip.tiles is 64)";
  EXPECT_TRUE(
      contains(expect_bad_input("run " + kChip64 + " " + kMlp + " --replication 2000000000").output,
               "run " + allowed));
  const Result m =
      run("map " + kChip64 + " --workload " + kData + "/mlp.onnx --replication 2000000000");
  EXPECT_EQ(m.code, 2) << m.output;
  EXPECT_TRUE(contains(m.output, "map " + allowed)) << m.output;
  EXPECT_EQ(run("map " + kChip64 + " --workload " + kData + "/mlp.onnx --replication 0").code, 2);
}

TEST_F(BadInputCli, SampleIntervalMustBeFiniteAndBounded) {
  for (const std::string v : {"-5", "nan", "inf", "1e300"}) {
    const Result r = expect_bad_input("run " + kChip64 + " " + kMlp + " --sample-interval-ns " + v);
    EXPECT_TRUE(contains(r.output, "run --sample-interval-ns: ")) << r.output;
    EXPECT_TRUE(contains(r.output, "is not allowed; allowed: a number of ns in [0, 1e+09]"))
        << r.output;
  }
}

TEST_F(BadInputCli, NegativeSeedIsRejectedNotWrapped) {
  const Result r = expect_bad_input("run --seed -1");
  EXPECT_TRUE(contains(
      r.output, "run --seed: '-1' is not allowed; allowed: integer in [0, 9007199254740991]"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "18446744073709551615")) << r.output;
  EXPECT_TRUE(contains(expect_bad_input("run --seed 9007199254740992").output,
                       "run --seed: 9007199254740992 is out of range"));
  const Result d = run("device " + std::string(KIRCHHOFF_SOURCE_DIR) +
                       "/configs/devices/pcm.yaml --seed -1 --out " + (dir_ / "d.csv").string());
  EXPECT_EQ(d.code, 2) << d.output;
  EXPECT_TRUE(contains(d.output, "device --seed: '-1' is not allowed")) << d.output;
  EXPECT_FALSE(fs::exists(dir_ / "d.csv"));
}

TEST_F(BadInputCli, SetOnASectionDoesNotSuggestItself) {
  const Result r = expect_bad_input("run --set tile=5");
  EXPECT_TRUE(contains(r.output,
                       "--set tile=5: 'tile' is a section, not a key; allowed: a key under it, "
                       "e.g. 'tile.rows=...'"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "did you mean 'tile'")) << r.output;
}

TEST_F(BadInputCli, TraceOptionsAreCheckedBeforeOutIsCreated) {
  EXPECT_TRUE(contains(expect_bad_input("run --power -1").output,
                       "--power -1: not allowed; allowed: a window of ns in [0.001, 1e12]"));
  EXPECT_TRUE(contains(expect_bad_input("run --power inf").output, "--power inf: not allowed"));
  EXPECT_TRUE(contains(expect_bad_input("run --vcd --vcd-timescale-ns 0").output,
                       "--vcd-timescale-ns 0: VCD timescale of 0.000000 ns is not allowed"));
}

TEST_F(BadInputCli, UnwritableOutIsFoundBeforeTheSimulation) {
  // Below a regular file: no directory can be created there (holds for root as well).
  std::ofstream(dir_ / "plain") << "x";
  const fs::path below = dir_ / "plain" / "out";
  const Result r =
      run("run --workload dense --set workload.samples=100000 --out " + below.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(
      r.output, "--out " + below.string() + ": cannot use the output directory: Not a directory"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "Kirchhoff run")) << r.output;  // nothing was simulated
  // A read-only file system: root's permission bits would not stop it, EROFS does.
  if (!mount_tmpfs("ro", "ro,size=64k")) GTEST_SKIP() << "mount -t tmpfs is not permitted here";
  const fs::path ro = dir_ / "ro";
  const Result w = run("run --workload dense --set workload.samples=100000 --out " + ro.string());
  EXPECT_EQ(w.code, 2) << w.output;
  EXPECT_TRUE(contains(w.output, "--out " + ro.string() +
                                     ": cannot write into the output directory (Read-only file "
                                     "system)"))
      << w.output;
  EXPECT_FALSE(contains(w.output, "Kirchhoff run")) << w.output;
}

TEST_F(BadInputCli, SummaryJsonDirectoryInOutExitsTwoBeforeSimulating) {
  const fs::path out = dir_ / "out";
  fs::create_directories(out / "summary.json");
  const Result r = run("run --workload dense --events --out " + out.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(
      r.output, (out / "summary.json").string() + " is a directory, where the run writes a file"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "Kirchhoff run")) << r.output;
  // Only what the user had is there: no events.csv.partial, no config.resolved.yaml.
  EXPECT_EQ(listing(out), (out / "summary.json").string() + "\n");
}

TEST_F(BadInputCli, DeviceAndTrafficOutIsCheckedFirst) {
  const fs::path d = dir_ / "a_directory";
  fs::create_directories(d);
  const Result r = run("device " + std::string(KIRCHHOFF_SOURCE_DIR) +
                       "/configs/devices/pcm.yaml --out " + d.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "device --out " + d.string() +
                                     ": is a directory; allowed: a file "
                                     "name"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "Device '")) << r.output;  // nothing was characterised
  const Result t = run("traffic " + kChip64 + " --out " + (dir_ / "missing" / "t.csv").string());
  EXPECT_EQ(t.code, 2) << t.output;
  EXPECT_TRUE(contains(t.output, "does not exist; allowed: a file in an existing directory"))
      << t.output;
  EXPECT_TRUE(fs::is_empty(d));
}

TEST_F(BadInputCli, VcdFilterMatchingNothingWarns) {
  const fs::path out = dir_ / "out";
  const Result r = run("run --workload dense --vcd --vcd-filter 'nomatch*' --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "--vcd-filter 'nomatch*' matches none of the 16 signals"))
      << r.output;
  EXPECT_TRUE(fs::exists(out / "waves.vcd"));
  const Result ok =
      run("run --workload dense --vcd --vcd-filter '*.busy' --out " + (dir_ / "ok").string());
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_FALSE(contains(ok.output, "matches none")) << ok.output;
}

// --- faults while writing (item 13) --------------------------------------------------------

TEST_F(BadInputCli, FullFileSystemFailsNamingTheFileAndLeavesNothing) {
  if (!mount_tmpfs("full", "size=64k")) GTEST_SKIP() << "mount -t tmpfs is not permitted here";
  const fs::path out = dir_ / "full" / "out";
  const Result r = run(
      "run --workload dense --events --perfetto --set workload.samples=2000 --out " + out.string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "kirchhoff: simulation failed: trace output " + out.string()))
      << r.output;
  EXPECT_TRUE(contains(r.output, ".partial: No space left on device")) << r.output;
  EXPECT_TRUE(fs::is_empty(dir_ / "full")) << listing(dir_ / "full");
}

TEST_F(BadInputCli, FullFileSystemForTheSummaryLeavesNoTemporaryFile) {
  // 16 KiB: room for config.resolved.yaml (about 4 KiB), not for both results and a filler.
  if (!mount_tmpfs("full", "size=16k")) GTEST_SKIP() << "mount -t tmpfs is not permitted here";
  const fs::path out = dir_ / "full";
  {
    std::ofstream filler(out / "filler", std::ios::binary);
    const std::string block(1024, 'x');
    for (int i = 0; i < 64 && filler; ++i) filler << block << std::flush;
  }
  fs::resize_file(out / "filler", fs::file_size(out / "filler") - 2048);
  const Result r = run("run --workload dense --set workload.samples=8 --out " + out.string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "No space left on device")) << r.output;
  EXPECT_TRUE(contains(r.output, out.string() + "/")) << r.output;
  EXPECT_EQ(listing(out), (out / "filler").string() + "\n");
}

// Starts a long run in a child process, waits until its events file is growing (the simulation
// runs), sends `signal`, and checks exit code 128 + signal and an out directory that is gone.
void interrupt_a_run(const fs::path& dir, int signal) {
  const fs::path out = dir / "out";
  const fs::path log = dir / "log.txt";
  const pid_t pid =
      kirchhoff::test::start_cli({"run", "--workload", "dense", "--set", "workload.samples=100000",
                                  "--events", "--perfetto", "--out", out.string()},
                                 log.string());
  ASSERT_GE(pid, 0);
  const auto events_bytes = [&] {
    std::error_code ec;
    const auto n = fs::file_size(out / "events.csv.partial", ec);
    return ec ? std::uintmax_t{0} : n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline && events_bytes() < 1'000'000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(events_bytes(), 1'000'000u) << "the run did not start";
  ASSERT_EQ(kill(pid, signal), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_TRUE(WIFEXITED(status)) << text.str();
  EXPECT_EQ(WEXITSTATUS(status), 128 + signal) << text.str();
  EXPECT_TRUE(contains(text.str(), std::string("kirchhoff: interrupted by ") +
                                       (signal == SIGINT ? "SIGINT" : "SIGTERM") + " at "))
      << text.str();
  EXPECT_TRUE(contains(text.str(), "ns of simulated time; no results written")) << text.str();
  EXPECT_FALSE(fs::exists(out)) << listing(out);  // no summary, no .partial, no empty directory
}

TEST_F(BadInputCli, SigintStopsTheRunCleanly) {
  interrupt_a_run(dir_, SIGINT);
}

TEST_F(BadInputCli, SigtermStopsTheRunCleanly) {
  interrupt_a_run(dir_, SIGTERM);
}

}  // namespace
