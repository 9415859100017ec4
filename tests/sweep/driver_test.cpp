// The process driver on plain shell commands: exit codes, signals, timeouts, error text, and
// the number of processes running at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "sweep/driver.h"
#include "sweep_test_files.h"

namespace kirchhoff::sweep {
namespace {

using test::TempDir;

class Recorder : public DriverObserver {
 public:
  void started(const Job&) override { max_running = std::max(max_running, ++running); }
  void finished(const JobResult&, const DriverCounts& c) override {
    --running;
    last = c;
  }
  void tick(const DriverCounts&) override {}
  int running = 0, max_running = 0;
  DriverCounts last;
};

std::map<std::size_t, JobResult> run_shell(const TempDir& dir,
                                           const std::vector<std::string>& scripts, int jobs,
                                           double timeout_s, Recorder& rec) {
  std::vector<Job> list;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    list.push_back({i, {"/bin/sh", "-c", scripts[i]}, dir.path().string()});
  }
  // Each job gets its own folder for its logs.
  for (auto& j : list) {
    j.dir = dir.file("j" + std::to_string(j.id));
    std::filesystem::create_directories(j.dir);
  }
  DriverOptions o;
  o.jobs = jobs;
  o.timeout_s = timeout_s;
  o.total = scripts.size();
  std::map<std::size_t, JobResult> results;
  EXPECT_EQ(run_jobs(
                list, o, [&](const JobResult& r) { results[r.id] = r; }, rec),
            0);
  return results;
}

TEST(SweepDriver, ExitCodesSignalsAndTimeoutsBecomeStatuses) {
  TempDir dir;
  Recorder rec;
  const auto r = run_shell(dir,
                           {"echo fine; exit 0",
                            "echo one >&2; echo two >&2; echo >&2; echo three >&2; echo four >&2; "
                            "exit 3",
                            "kill -SEGV $$", "sleep 30"},
                           4, 0.5, rec);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r.at(0).status, PointStatus::kOk);
  EXPECT_EQ(r.at(0).exit_code, 0);
  EXPECT_EQ(r.at(0).error, "");
  EXPECT_EQ(test::read_text(dir.file("j0/stdout.log")), "fine\n");
  EXPECT_EQ(r.at(1).status, PointStatus::kFailed);
  EXPECT_EQ(r.at(1).exit_code, 3);
  EXPECT_EQ(r.at(1).error, "exit code 3: two | three | four");
  EXPECT_EQ(r.at(2).status, PointStatus::kCrashed);
  EXPECT_EQ(r.at(2).exit_code, 128 + 11);
  EXPECT_EQ(r.at(2).error, "killed by SIGSEGV");
  EXPECT_EQ(r.at(3).status, PointStatus::kTimeout);
  EXPECT_EQ(r.at(3).exit_code, 128 + 9);
  EXPECT_EQ(r.at(3).error, "killed at the --point-timeout of 0.5 s");
  EXPECT_GE(r.at(3).wall_s, 0.5);
  EXPECT_LT(r.at(3).wall_s, 5.0);
  EXPECT_EQ(rec.last.done, 4u);
  EXPECT_EQ(rec.last.failed, 3u);
}

TEST(SweepDriver, RunsAtMostJobsAtOnce) {
  TempDir dir;
  Recorder rec;
  const auto r = run_shell(dir, std::vector<std::string>(6, "sleep 0.05"), 2, 0, rec);
  EXPECT_EQ(r.size(), 6u);
  EXPECT_EQ(rec.max_running, 2);
}

TEST(SweepDriver, LastLinesSkipsBlankLinesAndKeepsTheEnd) {
  TempDir dir;
  test::write_text(dir.file("e.log"), "a\n\nb\r\nc  \nd");
  EXPECT_EQ(last_lines(dir.file("e.log"), 3), "b | c | d");
  EXPECT_EQ(last_lines(dir.file("missing.log"), 3), "");
}

}  // namespace
}  // namespace kirchhoff::sweep
