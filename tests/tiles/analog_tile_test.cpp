// The SystemC analog tile behind its TLM address map. One sc_start per TEST (ctest runs every
// TEST in its own process).
#include "tiles/analog_tile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "models/random_stream.h"
#include "tests/common/tile_driver.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

using Driver = testing_support::TileDriver;
using testing_support::exact_tile_params;

struct Collect : traces::Sink {
  std::vector<traces::Event>* out;
  explicit Collect(std::vector<traces::Event>* o) : out(o) {}
  void on_event(const traces::Recorder&, const traces::Event& e) override { out->push_back(e); }
};

TEST(AnalogTileTlm, RegisterMapMvmStatusAndTiming) {
  traces::Recorder rec;
  std::vector<traces::Event> events;
  rec.add_sink(std::make_unique<Collect>(&events));
  AnalogTile tile("tile", exact_tile_params(), 1, &rec);
  Driver d("driver");
  d.socket.bind(tile.target);
  std::vector<float> y;
  std::uint32_t status_busy = 0, status_done = 0, count = 0;
  sc_time start_at, read_done;
  d.body = [&](Driver& d) {
    std::vector<float> w = {1, 2, 3, 4, 5, 6};  // 3 x 2
    d.program(w, 3, 2);
    d.sync();
    std::vector<float> x = {0.5f, -0.25f, 1.0f};
    d.access(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), 12);
    start_at = sc_core::sc_time_stamp() + d.delay;
    d.put32(tile_map::kCtrl, tile_map::kCmdStart);
    status_busy = d.get32(tile_map::kStatus);
    y.resize(2);
    d.access(tlm::TLM_READ_COMMAND, tile_map::kOutput, y.data(), 8);
    read_done = sc_core::sc_time_stamp() + d.delay;
    status_done = d.get32(tile_map::kStatus);
    count = d.get32(tile_map::kMvmCount);
    std::uint32_t bad = 0;
    d.access(tlm::TLM_WRITE_COMMAND, tile_map::kOutput, &bad, 4);  // output is read-only
  };
  sc_core::sc_start();
  // y = W^T x: [1*0.5 + 3*-0.25 + 5*1, 2*0.5 + 4*-0.25 + 6*1]
  EXPECT_NEAR(y[0], 4.75f, 1e-5);
  EXPECT_NEAR(y[1], 6.0f, 1e-5);
  EXPECT_EQ(status_busy & tile_map::kStatusBusy, tile_map::kStatusBusy);
  EXPECT_EQ(status_done, tile_map::kStatusProgrammed | tile_map::kStatusOutputValid);
  EXPECT_EQ(count, 1u);
  EXPECT_TRUE(d.error);  // the write to OUTPUT was refused
  // The read waited exactly one MVM latency after the start.
  EXPECT_DOUBLE_EQ((read_done - start_at).to_seconds() * 1e9, tile.model().mvm_latency_ns());
  int mvms = 0, programs = 0;
  for (const auto& e : events) {
    mvms += e.kind == traces::EventKind::kMvm;
    programs += e.kind == traces::EventKind::kProgram;
  }
  EXPECT_EQ(mvms, 1);
  EXPECT_EQ(programs, 1);
  EXPECT_EQ(tile.busy_time(), sc_time(tile.model().mvm_latency_ns(), SC_NS));
}

TEST(AnalogTileTlm, DoubleBufferedInputQueuesTheNextMvm) {
  traces::Recorder rec;
  std::vector<traces::Event> events;
  rec.add_sink(std::make_unique<Collect>(&events));
  AnalogTile tile("tile", exact_tile_params(), 1, &rec);
  Driver d("driver");
  d.socket.bind(tile.target);
  std::vector<float> y1(1), y2(1);
  d.body = [&](Driver& d) {
    std::vector<float> w = {1, 1};  // 2 x 1
    d.program(w, 2, 1);
    std::vector<float> x1 = {1, 0}, x2 = {0, 0.5f};
    d.access(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x1.data(), 8);
    d.put32(tile_map::kCtrl, tile_map::kCmdStart);
    // Load the next input and start again while the first MVM is still running.
    d.access(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x2.data(), 8);
    d.put32(tile_map::kCtrl, tile_map::kCmdStart);
    d.access(tlm::TLM_READ_COMMAND, tile_map::kOutput, y2.data(), 4);
  };
  sc_core::sc_start();
  EXPECT_NEAR(y2[0], 0.5f, 1e-6);
  std::vector<traces::Event> mvms;
  for (const auto& e : events) {
    if (e.kind == traces::EventKind::kMvm) mvms.push_back(e);
  }
  ASSERT_EQ(mvms.size(), 2u);
  EXPECT_EQ(mvms[1].start_ps, mvms[0].start_ps + mvms[0].duration_ps);  // queued, not overlapped
}

// Drift follows simulated time: the same MVM an hour of simulated time after programming reads
// smaller PCM conductances (mean drift factor at 1 h between ~0.59 and ~0.78 over the levels),
// unless global drift compensation rescales it.
double output_ratio_after_one_hour(DriftCompensation comp) {
  TileParams p;
  p.rows = 64;
  p.cols = 64;
  p.device.type = DeviceType::kPcm;
  p.read.compensation = comp;
  p.adc.bits = 16;
  p.dac.bits = 16;
  AnalogTile tile("tile", p, 3, nullptr);
  Driver d("driver");
  d.socket.bind(tile.target);
  double early = 0, late = 0;
  d.body = [&](Driver& d) {
    std::vector<float> w(64 * 64);
    RandomStream(7, "w").normals(0, 0, w.data(), w.size());
    d.program(w, 64, 64);
    d.sync();
    std::vector<float> x(64, 0.5f);
    for (float v : d.mvm(x, 64)) early += v * v;
    d.sync();
    wait(sc_time(3600, sc_core::SC_SEC));
    for (float v : d.mvm(x, 64)) late += v * v;
  };
  sc_core::sc_start();
  return std::sqrt(late / early);
}

TEST(AnalogTileTlm, DriftFollowsSimulatedTime) {
  const double ratio = output_ratio_after_one_hour(DriftCompensation::kNone);
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 0.85);
}

TEST(AnalogTileTlm, GlobalCompensationUndoesTheDrift) {
  const double ratio = output_ratio_after_one_hour(DriftCompensation::kGlobal);
  EXPECT_NEAR(ratio, 1.0, 0.08);  // read noise and the per-device spread of nu remain
}

TEST(AnalogTileTlm, PeriodicRecalibrationCostsTimeAndEnergy) {
  TileParams p;  // 8-bit converters: one MVM takes 204.8 ns, one calibration two MVMs
  p.rows = 8;
  p.cols = 8;
  p.device.type = DeviceType::kPcm;
  p.read.compensation = DriftCompensation::kGlobal;
  p.read.recalibration_period_ns = 1000;
  traces::Recorder rec;
  std::vector<traces::Event> events;
  rec.add_sink(std::make_unique<Collect>(&events));
  AnalogTile tile("tile", p, 1, &rec);
  Driver d("driver");
  d.socket.bind(tile.target);
  d.body = [&](Driver& d) {
    std::vector<float> w(16, 0.5f);
    d.program(w, 4, 4);
    for (int i = 0; i < 5; ++i) {
      d.mvm(std::vector<float>(4, 0.25f), 4);
      d.delay += sc_time(600, SC_NS);  // an MVM every ~800 ns: recalibrate every other one
    }
  };
  sc_core::sc_start();
  std::vector<traces::Event> cal, mvm;
  for (const auto& e : events) {
    if (e.kind == traces::EventKind::kRecalibration) cal.push_back(e);
    if (e.kind == traces::EventKind::kMvm) mvm.push_back(e);
  }
  ASSERT_EQ(mvm.size(), 5u);
  // One calibration right after programming; then, before an MVM, one whenever 1000 ns have
  // passed since the last: the MVM waits for it (starts exactly when it ends).
  ASSERT_GE(cal.size(), 2u);
  for (const auto& c : cal) {
    EXPECT_GT(c.duration_ps, 0);
    EXPECT_GT(c.energy.total(), 0.0);
  }
  std::int64_t last_cal_end = cal[0].start_ps + cal[0].duration_ps;
  std::size_t next = 1;
  for (const auto& m : mvm) {
    if (next < cal.size() && cal[next].start_ps + cal[next].duration_ps == m.start_ps) {
      EXPECT_GE(cal[next].start_ps - last_cal_end, 1000000) << "recalibrated too early";
      last_cal_end = m.start_ps;
      ++next;
    } else {
      EXPECT_LT(m.start_ps - last_cal_end, 1000000) << "a due recalibration was skipped";
    }
  }
  EXPECT_EQ(next, cal.size());            // every calibration is accounted for
  EXPECT_LT(cal.size(), 1 + mvm.size());  // not before every MVM: the period is respected
}

}  // namespace
}  // namespace kirchhoff
