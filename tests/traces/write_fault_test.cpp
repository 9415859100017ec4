// Trace files when writing fails or the run is abandoned: every I/O error throws naming the file
// and the reason, and no temporary file or half-written result stays behind. A full disk is
// simulated without mounting anything: the temporary name is made a symlink to /dev/full, where
// every write fails with ENOSPC (the product has no option for this; the test only prepares the
// file system it writes into).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "synthetic_run.h"
#include "traces/events_csv_sink.h"
#include "traces/output_file.h"
#include "traces/recorder.h"
#include "traces/vcd_sink.h"

namespace kirchhoff::traces {
namespace {

namespace fs = std::filesystem;
using testing::make_synthetic_run;
using testing::TempDir;

// The message of what `f` throws ("" if nothing).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

bool full_device_available() {
  return fs::exists("/dev/full");
}

TEST(WriteFault, FlushOnAFullDiskNamesTheFileAndTheReason) {
  if (!full_device_available()) GTEST_SKIP() << "no /dev/full";
  TempDir dir("fault_flush");
  const std::string path = dir.file("events.csv");
  fs::create_symlink("/dev/full", path + ".partial");
  const std::string e = error_of([&] {
    OutputFile f(path);
    f.write(std::string(3 << 20, 'x'));  // past the flush threshold: written now
  });
  EXPECT_EQ(
      e, "trace output " + path + ": cannot write " + path + ".partial: No space left on device");
  EXPECT_FALSE(fs::exists(fs::symlink_status(path + ".partial")));  // removed
  EXPECT_FALSE(fs::exists(path));
}

TEST(WriteFault, CommitOnAFullDiskThrowsAndRenamesNothing) {
  if (!full_device_available()) GTEST_SKIP() << "no /dev/full";
  TempDir dir("fault_commit");
  const std::string path = dir.file("timeline.json");
  fs::create_symlink("/dev/full", path + ".partial");
  std::string e;
  {
    OutputFile f(path);
    f.write("{}\n");  // buffered: the error shows at commit
    e = error_of([&] { f.commit(); });
    EXPECT_FALSE(f.committed());
  }
  EXPECT_EQ(
      e, "trace output " + path + ": cannot write " + path + ".partial: No space left on device");
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(fs::symlink_status(path + ".partial")));
}

TEST(WriteFault, ASinkOnAFullDiskFailsTheRecordersFinish) {
  if (!full_device_available()) GTEST_SKIP() << "no /dev/full";
  TempDir dir("fault_sink");
  const std::string path = dir.file("events.csv");
  fs::create_symlink("/dev/full", path + ".partial");
  {
    Recorder rec;
    const auto run = make_synthetic_run(rec);
    rec.add_sink(std::make_unique<EventsCsvSink>(path));
    run.play(rec);
    EXPECT_EQ(error_of([&] { rec.finish(); }), "trace output " + path + ": cannot write " + path +
                                                   ".partial: No space left on device");
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(fs::symlink_status(path + ".partial")));
}

TEST(WriteFault, CancelledRecorderThrowsAtFinishAndLeavesNoFile) {
  TempDir dir("cancel");
  const std::string path = dir.file("events.csv");
  {
    Recorder rec;
    const auto run = make_synthetic_run(rec);
    rec.add_sink(std::make_unique<EventsCsvSink>(path));
    run.play(rec);
    EXPECT_TRUE(fs::exists(path + ".partial"));
    EXPECT_FALSE(rec.cancelled());
    rec.cancel("interrupted by SIGINT at 5 ns of simulated time");
    EXPECT_TRUE(rec.cancelled());
    try {
      rec.finish();
      ADD_FAILURE() << "finish() after cancel() did not throw";
    } catch (const RunCancelled& e) {
      EXPECT_STREQ(e.what(), "interrupted by SIGINT at 5 ns of simulated time");
    }
    EXPECT_FALSE(fs::exists(path));  // nothing renamed into place
  }
  EXPECT_FALSE(fs::exists(path + ".partial"));  // the sink removed it
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(WriteFault, VcdFilterMatchingNothingWarns) {
  TempDir dir("vcd_none");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  VcdOptions opt;
  opt.path = dir.file("waves.vcd");
  opt.filter = "nomatch*";
  opt.reorder_window_ps = 2 * run.quantum_ps;
  rec.add_sink(std::make_unique<VcdSink>(opt));
  run.play(rec);
  rec.finish();
  const auto w = rec.sink_warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rfind("waves.vcd: --vcd-filter 'nomatch*' matches none of the ", 0), 0u) << w[0];
  EXPECT_NE(w[0].find(" signals, so the file has no signals; names look like 'chip."),
            std::string::npos)
      << w[0];
}

TEST(WriteFault, VcdFilterMatchingSomethingDoesNotWarn) {
  TempDir dir("vcd_some");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  VcdOptions opt;
  opt.path = dir.file("waves.vcd");
  opt.filter = "*.busy";
  opt.reorder_window_ps = 2 * run.quantum_ps;
  rec.add_sink(std::make_unique<VcdSink>(opt));
  run.play(rec);
  rec.finish();
  EXPECT_TRUE(rec.sink_warnings().empty());
}

}  // namespace
}  // namespace kirchhoff::traces
