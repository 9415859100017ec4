// `kirchhoff sweep` end to end: -j 2 equals one by one, kill -9 and resume, shards and collect,
// failed and timed-out points, a changed sweep refused, progress lines, the Slurm script.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "sweep/expansion.h"
#include "sweep/results_csv.h"
#include "sweep_test_files.h"
#include "tests/common/cli_runner.h"

namespace kirchhoff::sweep {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::run_cli;
using test::TempDir;
using test::write_text;

// 12 points of the dense workload (one 256 x 256 layer), each well under 0.3 s.
const char* kDenseSweep =
    "name: dense_adc\n"
    "run:\n"
    "  workload: dense\n"
    "  samples: 8\n"
    "set:\n"
    "  workload.samples: 8\n"
    "grid:\n"
    "  tile.adc.bits: [4, 6, 8]\n"
    "zip:\n"
    "  - tile.dac.bits: [4, 8]\n"
    "    run.sample_interval_ns: [0, 100]\n"
    "seeds: 2\n";

// The rows of a results file by point id, without the wall time (the one column that differs
// between runs of the same point).
std::map<std::string, std::vector<std::string>> rows_by_point(const std::string& path) {
  const auto table = read_results(path);
  EXPECT_FALSE(table.empty()) << path;
  std::map<std::string, std::vector<std::string>> rows;
  if (table.empty()) return rows;
  const auto wall = std::find(table[0].begin(), table[0].end(), "wall_s") - table[0].begin();
  for (std::size_t r = 1; r < table.size(); ++r) {
    auto row = table[r];
    row.erase(row.begin() + wall);
    EXPECT_TRUE(rows.emplace(row[0], row).second)
        << "duplicate row of " << row[0] << " in " << path;
  }
  return rows;
}

std::size_t data_rows(const std::string& path) {
  const auto table = read_results(path);
  return table.empty() ? 0 : table.size() - 1;
}

std::string column(const std::string& path, const std::string& point, const std::string& name) {
  const auto table = read_results(path);
  const auto c = std::find(table[0].begin(), table[0].end(), name) - table[0].begin();
  for (const auto& row : table) {
    if (row[0] == point) return row[static_cast<std::size_t>(c)];
  }
  return "<no row>";
}

TEST(SweepCli, DryRunPrintsThePointsAndTheirCount) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const auto r = run_cli("sweep " + sweep + " --dry-run");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("point  tile.adc.bits  tile.dac.bits  run.sample_interval_ns  "
                           "replicate  seed\np0000  4              4              0           "
                           "            0          ",
                           0),
            0u)
      << r.output;
  EXPECT_NE(r.output.find("\np0011  8              8              100"), std::string::npos);
  EXPECT_NE(r.output.find("\n12 points (sweep 'dense_adc')\n"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.file("out")));
}

TEST(SweepCli, TwoAtATimeEqualsOneByOneAndADirectRun) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const auto a = run_cli("sweep " + sweep + " --out " + dir.file("j1") + " -j 1");
  ASSERT_EQ(a.code, 0) << a.output;
  const auto b = run_cli("sweep " + sweep + " --out " + dir.file("j2") + " -j 2");
  ASSERT_EQ(b.code, 0) << b.output;
  EXPECT_NE(b.output.find("sweep 'dense_adc': 12 points: 12 ok, 0 not ok; results in"),
            std::string::npos)
      << b.output;
  const auto rows = rows_by_point(dir.file("j1/results.csv"));
  ASSERT_EQ(rows.size(), 12u);
  EXPECT_EQ(rows, rows_by_point(dir.file("j2/results.csv")));
  EXPECT_EQ(column(dir.file("j2/results.csv"), "p0003", "status"), "ok");
  EXPECT_EQ(column(dir.file("j2/results.csv"), "p0003", "output_layer"), "fc");
  EXPECT_EQ(column(dir.file("j2/results.csv"), "p0003", "mvms"), "8");
  // The point's folder holds what `run` writes; running its config directly gives the same
  // summary but the wall time.
  const std::string p = dir.file("j2/points/p0003");
  for (const char* f :
       {"config.yaml", "config.resolved.yaml", "summary.json", "stdout.log", "stderr.log"}) {
    EXPECT_TRUE(fs::exists(p + "/" + f)) << f;
  }
  const auto direct = run_cli("run " + p +
                              "/config.yaml --workload dense --samples 8 "
                              "--sample-interval-ns 100 --out " +
                              dir.file("direct"));
  ASSERT_EQ(direct.code, 0) << direct.output;
  auto without_wall = [](std::string s) {
    const auto at = s.find("\"wall_s\"");
    return s.erase(at, s.find('\n', at) - at);
  };
  EXPECT_EQ(without_wall(read_text(p + "/summary.json")),
            without_wall(read_text(dir.file("direct/summary.json"))));
}

TEST(SweepCli, KilledWithItsChildrenAndResumedHasEveryPointOnceWithTheSameResults) {
  TempDir dir;
  // 0.1-0.2 s per point so that the kill lands mid-sweep.
  std::string text = kDenseSweep;
  text.replace(text.find("workload.samples: 8"), 19, "workload.samples: 1500");
  text.replace(text.find("samples: 8"), 10, "samples: 1500");
  const std::string sweep = write_text(dir.file("s.yaml"), text);
  const std::string out = dir.file("out");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setpgid(0, 0);
    const int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, 1);
    dup2(null_fd, 2);
    execl(KIRCHHOFF_BINARY, KIRCHHOFF_BINARY, "sweep", sweep.c_str(), "--out", out.c_str(), "-j",
          "2", static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         (!fs::exists(out + "/results.csv") || data_rows(out + "/results.csv") < 3)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(-pid, SIGKILL);  // the sweep's process group; its points die with it (PDEATHSIG)
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const std::size_t before = data_rows(out + "/results.csv");
  ASSERT_GE(before, 3u);
  ASSERT_LT(before, 12u) << "the sweep finished before the kill";
  const auto resumed = run_cli("sweep " + sweep + " --out " + out + " --resume -j 2");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find(std::to_string(before + 1) + "/12 points"), std::string::npos)
      << resumed.output;
  EXPECT_NE(resumed.output.find("12/12 points"), std::string::npos);
  const auto full = run_cli("sweep " + sweep + " --out " + dir.file("full") + " -j 2");
  ASSERT_EQ(full.code, 0) << full.output;
  const auto rows = rows_by_point(out + "/results.csv");
  EXPECT_EQ(rows.size(), 12u);
  EXPECT_EQ(rows, rows_by_point(dir.file("full/results.csv")));
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    const auto ext = e.path().extension();
    EXPECT_TRUE(ext != ".tmp" && ext != ".partial") << e.path();
  }
}

TEST(SweepCli, ShardsCollectedEqualTheFullSweepInPointOrder) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const std::string out = dir.file("out");
  for (int i = 0; i < 3; ++i) {
    const auto r =
        run_cli("sweep " + sweep + " --out " + out + " --shard " + std::to_string(i) + "/3 -j 2");
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("4 points (shard " + std::to_string(i) + "/3)"), std::string::npos);
    EXPECT_EQ(data_rows(out + "/results.shard-" + std::to_string(i) + "-of-3.csv"), 4u);
  }
  EXPECT_EQ(column(out + "/results.shard-1-of-3.csv", "p0004", "status"), "ok");
  EXPECT_FALSE(fs::exists(out + "/results.csv"));
  const auto c = run_cli("sweep --collect " + out);
  ASSERT_EQ(c.code, 0) << c.output;
  EXPECT_NE(c.output.find("collected 12 of 12 points from 3 file(s) into " + out +
                          "/results.csv: 12 ok, 0 not ok, 0 missing"),
            std::string::npos)
      << c.output;
  const auto full = run_cli("sweep " + sweep + " --out " + dir.file("full") + " -j 2");
  ASSERT_EQ(full.code, 0);
  EXPECT_EQ(rows_by_point(out + "/results.csv"), rows_by_point(dir.file("full/results.csv")));
  const auto table = read_results(out + "/results.csv");
  ASSERT_EQ(table.size(), 13u);
  for (std::size_t r = 1; r < table.size(); ++r) EXPECT_EQ(table[r][0], point_id(r - 1, 12));
}

TEST(SweepCli, CollectReportsMissingAndFailedPoints) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const std::string out = dir.file("out");
  ASSERT_EQ(run_cli("sweep " + sweep + " --out " + out + " --shard 0/4").code, 0);
  const auto c = run_cli("sweep --collect " + out);
  EXPECT_EQ(c.code, 1) << c.output;
  EXPECT_NE(c.output.find("collected 3 of 12 points from 1 file(s)"), std::string::npos)
      << c.output;
  EXPECT_NE(c.output.find("  missing: p0001, p0002, p0003, p0005, p0006, p0007, p0009, p0010, "
                          "p0011\n"),
            std::string::npos)
      << c.output;
  EXPECT_EQ(data_rows(out + "/results.csv"), 3u);
  const auto none = run_cli("sweep --collect " + dir.path().string());
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.output, "kirchhoff: sweep --collect: " + dir.path().string() +
                             ": no sweep.json; allowed: the --out folder of a sweep\n");
  write_text(out + "/results.shard-1-of-4.csv", "point,x\n");
  const auto foreign = run_cli("sweep --collect " + out);
  EXPECT_EQ(foreign.code, 2);
  EXPECT_NE(foreign.output.find("results.shard-1-of-4.csv: its header is not the columns of the "
                                "sweep in "),
            std::string::npos)
      << foreign.output;
}

TEST(SweepCli, FailedAndTimedOutPointsAreRecordedAndTheOthersRun) {
  TempDir dir;
  write_text(dir.file("bad.npy"), "not an npy file");
  const std::string src = KIRCHHOFF_SOURCE_DIR;
  const std::string sweep = write_text(dir.file("s.yaml"),
                                       "name: failing\n"
                                       "base: " +
                                           src +
                                           "/configs/chips/hermes64.yaml\n"
                                           "run:\n"
                                           "  workload: " +
                                           src +
                                           "/data/fmnist/mlp.onnx\n"
                                           "  samples: 2\n"
                                           "grid:\n"
                                           "  run.inputs: [" +
                                           src + "/data/fmnist/test_images_u8.npy, bad.npy]\n");
  const auto r = run_cli("sweep " + sweep + " --out " + dir.file("out") + " -j 2");
  EXPECT_EQ(r.code, 1) << r.output;
  const std::string csv = dir.file("out/results.csv");
  EXPECT_EQ(column(csv, "p0000", "status"), "ok");
  EXPECT_EQ(column(csv, "p0000", "error"), "");
  EXPECT_EQ(column(csv, "p0001", "status"), "failed");
  EXPECT_EQ(column(csv, "p0001", "exit_code"), "2");
  EXPECT_EQ(column(csv, "p0001", "latency_first_ns"), "");
  const std::string error = column(csv, "p0001", "error");
  EXPECT_EQ(error.rfind("exit code 2: kirchhoff: " + dir.file("bad.npy") + ": ", 0), 0u) << error;
  EXPECT_NE(r.output.find("sweep 'failing': 2 points: 1 ok, 1 not ok"), std::string::npos);

  // A point that runs for seconds, with a 1 s timeout.
  const std::string slow = write_text(dir.file("slow.yaml"),
                                      "name: slow\nrun: {workload: dense}\ngrid:\n"
                                      "  workload.samples: [8, 100000]\n");
  const auto t = run_cli("sweep " + slow + " --out " + dir.file("slow") + " --point-timeout 1");
  EXPECT_EQ(t.code, 1) << t.output;
  const std::string slow_csv = dir.file("slow/results.csv");
  EXPECT_EQ(column(slow_csv, "p0000", "status"), "ok");
  EXPECT_EQ(column(slow_csv, "p0001", "status"), "timeout");
  EXPECT_EQ(column(slow_csv, "p0001", "exit_code"), "137");
  EXPECT_EQ(column(slow_csv, "p0001", "error").rfind("killed at the --point-timeout of 1 s", 0),
            0u);
  EXPECT_LT(std::stod(column(slow_csv, "p0001", "wall_s")), 3.0);
  for (const auto& e : fs::directory_iterator(dir.file("slow/points/p0001"))) {
    const auto ext = e.path().extension();
    EXPECT_TRUE(ext != ".tmp" && ext != ".partial") << e.path();
  }
}

TEST(SweepCli, AChangedSweepIsRefusedOnResumeAndAFinishedOneWithoutIt) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const std::string out = dir.file("out");
  ASSERT_EQ(run_cli("sweep " + sweep + " --out " + out).code, 0);
  const auto again = run_cli("sweep " + sweep + " --out " + out);
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.output.find("results.csv already holds results of this sweep; allowed: "
                              "--resume to run the points without a row, or a new --out folder"),
            std::string::npos)
      << again.output;
  const auto nothing = run_cli("sweep " + sweep + " --out " + out + " --resume");
  EXPECT_EQ(nothing.code, 0) << nothing.output;
  EXPECT_EQ(data_rows(out + "/results.csv"), 12u);
  std::string changed = kDenseSweep;
  changed.replace(changed.find("[4, 6, 8]"), 9, "[4, 6, 7]");
  write_text(sweep, changed);
  const auto refused = run_cli("sweep " + sweep + " --out " + out + " --resume");
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.output.find("the folder holds another sweep ('dense_adc', hash "),
            std::string::npos)
      << refused.output;
  EXPECT_NE(refused.output.find("the sweep file, its base configuration or its points changed "
                                "since; allowed: the same sweep to --resume, or a new --out "
                                "folder"),
            std::string::npos);
  EXPECT_EQ(data_rows(out + "/results.csv"), 12u);
}

TEST(SweepCli, AnInvalidPointStopsTheSweepBeforeAnythingRuns) {
  TempDir dir;
  const std::string sweep = write_text(
      dir.file("s.yaml"),
      "name: bad\nrun: {workload: dense, samples: 2}\ngrid:\n  tile.adc.bits: [4, 99]\n");
  const auto r = run_cli("sweep " + sweep + " --out " + dir.file("out"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.output, "kirchhoff: " + sweep +
                          ": point p0001 (tile.adc.bits=99): --set tile.adc.bits=99: "
                          "tile.adc.bits: value 99 is out of range; allowed: integer in [1, 24]\n");
  EXPECT_FALSE(fs::exists(dir.file("out")));
  const std::string rep = write_text(
      dir.file("r.yaml"),
      "name: bad\nrun: {workload: dense, samples: 2}\ngrid:\n  run.replication: [1, 5]\n");
  const auto r2 = run_cli("sweep " + rep + " --dry-run");
  EXPECT_EQ(r2.code, 2);
  EXPECT_EQ(r2.output, "kirchhoff: " + rep +
                           ": point p0001 (run.replication=5): run --replication: 5 is not "
                           "allowed; allowed: integer in [1, 1] (every copy needs at least one "
                           "tile; chip.tiles is 1)\n");
}

TEST(SweepCli, PlainProgressIsOneLinePerFinishedPoint) {
  TempDir dir;
  const std::string sweep = write_text(
      dir.file("s.yaml"),
      "name: p\nrun: {workload: dense, samples: 2}\ngrid:\n  tile.adc.bits: [4, 6, 8]\n");
  const auto r = run_cli("sweep " + sweep + " --out " + dir.file("out") + " -j 1");
  ASSERT_EQ(r.code, 0) << r.output;
  std::size_t at = 0;
  for (const char* status :
       {"1/3 points, 0 running, 0 failed, ", "2/3 points, 0 running, 0 failed, ",
        "3/3 points, 0 running, 0 failed, "}) {
    at = r.output.find(status, at);
    ASSERT_NE(at, std::string::npos) << status << " in\n" << r.output;
  }
  const std::size_t first = r.output.find("1/3 points");
  const std::string line = r.output.substr(first, r.output.find('\n', first) - first);
  EXPECT_NE(line.find("/min, ETA "), std::string::npos) << line;
  EXPECT_NE(line.find(" (p0000 tile.adc.bits=4 ok in "), std::string::npos) << line;
  EXPECT_NE(r.output.find("(p0002 tile.adc.bits=8 ok in "), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos);  // no redrawn line into a pipe
  const auto quiet = run_cli("sweep " + sweep + " --out " + dir.file("q") + " --quiet");
  EXPECT_EQ(quiet.output.find("1/3 points"), std::string::npos) << quiet.output;
  const auto both = run_cli("sweep " + sweep + " --out " + dir.file("b") + " --quiet --progress");
  EXPECT_EQ(both.code, 2) << both.output;
}

TEST(SweepCli, EmitSlurmWritesTheScriptAndPrintsTheSbatchCommand) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const std::string out = dir.file("out");
  const auto r = run_cli("sweep " + sweep + " --out " + out +
                         " --emit-slurm --array-size 3 --slurm-opt partition=debug");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("  sbatch " + out + "/sweep.sbatch\n"), std::string::npos) << r.output;
  const std::string script = read_text(out + "/sweep.sbatch");
  EXPECT_NE(script.find("#SBATCH --array=0-2\n#SBATCH --output=" + out +
                        "/slurm/%A_%a.out\n#SBATCH --partition=debug\n"),
            std::string::npos)
      << script;
  const std::string exe = fs::canonical(KIRCHHOFF_BINARY).string();
  EXPECT_NE(script.find(exe + " sweep " + sweep + " --out " + out +
                        " --shard $SLURM_ARRAY_TASK_ID/3 -j ${SLURM_CPUS_PER_TASK:-1}\n"),
            std::string::npos)
      << script;
  EXPECT_TRUE(fs::exists(out + "/sweep.json"));
  EXPECT_TRUE(fs::is_directory(out + "/slurm"));
  const auto bad = run_cli("sweep " + sweep + " --out " + out + " --emit-slurm --array-size 13");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("sweep --array-size 13: allowed: integer in [1, 12] (the points)"),
            std::string::npos)
      << bad.output;
}

TEST(SweepCli, SigintStopsTheRunningPointsAndResumeFinishes) {
  TempDir dir;
  std::string text = kDenseSweep;
  text.replace(text.find("workload.samples: 8"), 19, "workload.samples: 1500");
  const std::string sweep = write_text(dir.file("s.yaml"), text);
  const std::string out = dir.file("out");
  const pid_t pid = test::start_cli({"sweep", sweep, "--out", out, "-j", "2"}, "/dev/null");
  ASSERT_GE(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         (!fs::exists(out + "/results.csv") || data_rows(out + "/results.csv") < 2)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_LT(data_rows(out + "/results.csv"), 12u);
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    const auto ext = e.path().extension();
    EXPECT_TRUE(ext != ".tmp" && ext != ".partial") << e.path();
  }
  const auto resumed = run_cli("sweep " + sweep + " --out " + out + " --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_EQ(rows_by_point(out + "/results.csv").size(), 12u);
}

TEST(SweepCli, AnInlineBaseMayExtendAFileRelativeToTheSweepFile) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("chips"));
  write_text(dir.file("chips/small.yaml"), "tile:\n  rows: 128\n  cols: 128\n");
  const std::string sweep = write_text(dir.file("s.yaml"),
                                       "name: inline\n"
                                       "base:\n"
                                       "  extends: chips/small.yaml\n"
                                       "  tile:\n"
                                       "    adc: {bits: 5}\n"
                                       "run: {workload: dense, samples: 2}\n"
                                       "set:\n"
                                       "  workload.in_features: 128\n"
                                       "  workload.out_features: 128\n");
  const auto r = run_cli("sweep " + sweep + " --out " + dir.file("out") + " --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string resolved = read_text(dir.file("out/points/p0000/config.yaml"));
  EXPECT_NE(resolved.find("rows: 128"), std::string::npos);
  EXPECT_NE(resolved.find("bits: 5"), std::string::npos);
  // A mistake in the inline base is reported at its place in the sweep file.
  write_text(sweep, "name: inline\nbase:\n  tile:\n    rowz: 128\n");
  const auto bad = run_cli("sweep " + sweep + " --dry-run");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.output, "kirchhoff: " + sweep +
                            ":4:5: unknown key 'tile.rowz'; did you mean 'tile.rows'? (kirchhoff "
                            "config --schema lists every key)\n");
}

TEST(SweepCli, SlurmNeedsSbatchAndShardsNeedIOfN) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const auto r = test::run_command("PATH=/nonexistent " + std::string(KIRCHHOFF_BINARY) +
                                   " sweep " + sweep + " --out " + dir.file("out") + " --slurm");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.output,
            "kirchhoff: sweep --slurm: sbatch is not installed (not found in PATH); allowed: a "
            "machine with Slurm's client commands (tools/slurm-local.sh start brings up a local "
            "cluster), or --emit-slurm to write the script and submit it elsewhere\n");
  EXPECT_FALSE(fs::exists(dir.file("out")));
  for (const char* shard : {"3/3", "1", "a/2", "0/0"}) {
    const auto b = run_cli("sweep " + sweep + " --out " + dir.file("out") + " --shard " + shard);
    EXPECT_EQ(b.code, 2) << shard;
    EXPECT_EQ(b.output, std::string("kirchhoff: sweep --shard ") + shard +
                            ": allowed: I/N with N >= 1 and I in 0..N-1 (e.g. 0/4, as "
                            "$SLURM_ARRAY_TASK_ID/N)\n");
  }
}

TEST(SweepCli, SweepJsonListsThePointsWithTheirSeedsAndAHash) {
  TempDir dir;
  const std::string sweep = write_text(dir.file("s.yaml"), kDenseSweep);
  const std::string out = dir.file("out");
  ASSERT_EQ(run_cli("sweep " + sweep + " --out " + out + " --quiet").code, 0);
  const auto j = nlohmann::json::parse(read_text(out + "/sweep.json"));
  EXPECT_EQ(j["name"], "dense_adc");
  EXPECT_EQ(j["root_seed"], 1);
  EXPECT_EQ(j["hash"].get<std::string>().size(), 16u);
  EXPECT_EQ(j["axes"],
            (nlohmann::json{"tile.adc.bits", "tile.dac.bits", "run.sample_interval_ns"}));
  ASSERT_EQ(j["points"].size(), 12u);
  const auto& p = j["points"][7];
  EXPECT_EQ(p["id"], "p0007");
  EXPECT_EQ(p["values"]["tile.adc.bits"], "6");
  EXPECT_EQ(p["values"]["run.sample_interval_ns"], "100");
  EXPECT_EQ(p["replicate"], 1);
  EXPECT_EQ(std::to_string(p["seed"].get<std::uint64_t>()),
            column(out + "/results.csv", "p0007", "seed"));
  EXPECT_NE(read_text(out + "/points/p0007/config.yaml")
                .find("seed: " + std::to_string(p["seed"].get<std::uint64_t>())),
            std::string::npos);
}

}  // namespace
}  // namespace kirchhoff::sweep
