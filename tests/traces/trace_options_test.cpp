#include "traces/trace_options.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "synthetic_run.h"

namespace kirchhoff::traces {
namespace {

using testing::make_synthetic_run;
using testing::TempDir;

TEST(AttachSinks, WritesEveryFileAndEverySinkAgreesWithTheRecorder) {
  TempDir dir("attach");
  Recorder rec;
  const auto run = make_synthetic_run(rec);
  TraceOptions o;
  o.dir = (dir.path() / "out" / "nested").string();  // created
  o.events = o.perfetto = o.vcd = true;
  o.power_window_ns = 10.0;
  o.reorder_window_ns = 2.0 * static_cast<double>(run.quantum_ps) / 1000.0;
  attach_sinks(rec, o);
  EXPECT_EQ(rec.num_sinks(), 4u);
  run.play(rec);
  rec.finish();
  for (const char* f : {"events.csv", "timeline.json", "waves.vcd", "power.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(o.dir) / f)) << f;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(o.dir)) {
    EXPECT_NE(entry.path().extension(), ".partial") << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 4u);
  const auto diff = rec.check_sink_totals(1e-12);
  EXPECT_TRUE(diff.empty()) << diff.front();
  EXPECT_TRUE(rec.sink_warnings().empty());
  for (std::size_t i = 0; i < rec.num_sinks(); ++i) {
    ASSERT_NE(rec.sink(i).totals(), nullptr) << rec.sink(i).name();
    EXPECT_EQ(rec.sink(i).totals()->total_events(), rec.totals().total_events());
  }
}

TEST(AttachSinks, NothingRequestedAttachesNothing) {
  Recorder rec;
  TraceOptions o;
  o.dir = "/nonexistent_dir_kirchhoff/never_created";
  attach_sinks(rec, o);
  EXPECT_FALSE(rec.has_sinks());
  EXPECT_FALSE(std::filesystem::exists(o.dir));
}

TEST(AttachSinks, BadOptionsAreRejectedBeforeAnyFileIsCreated) {
  TempDir dir("attach_bad");
  Recorder rec;
  TraceOptions o;
  o.dir = dir.file("out");
  o.events = o.vcd = true;
  o.vcd_timescale_ns = 5.0;
  EXPECT_THROW(attach_sinks(rec, o), std::invalid_argument);
  o.vcd_timescale_ns = 1.0;
  o.power_window_ns = -1.0;
  EXPECT_THROW(attach_sinks(rec, o), std::invalid_argument);
  o.power_window_ns = 0.0;
  o.reorder_window_ns = -1.0;
  EXPECT_THROW(attach_sinks(rec, o), std::invalid_argument);
  EXPECT_FALSE(rec.has_sinks());
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST(AttachSinks, DirectoryThatCannotBeCreatedIsNamed) {
  TempDir dir("attach_dir");
  const std::string blocker = dir.file("a_file");
  std::ofstream(blocker) << "x";
  Recorder rec;
  TraceOptions o;
  o.dir = blocker + "/sub";
  o.events = true;
  try {
    attach_sinks(rec, o);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(o.dir), std::string::npos) << e.what();
  }
  EXPECT_FALSE(rec.has_sinks());
}

TEST(AttachSinks, FailedRunLeavesNoHalfWrittenFiles) {
  TempDir dir("attach_fail");
  {
    Recorder rec;
    const auto run = make_synthetic_run(rec);
    TraceOptions o;
    o.dir = dir.path().string();
    o.events = o.perfetto = o.vcd = true;
    o.power_window_ns = 10.0;
    attach_sinks(rec, o);
    run.play(rec);
    // The run fails before finish(): the recorder and its sinks are destroyed.
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace kirchhoff::traces
