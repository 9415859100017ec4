// The landing pads (chip/landing_pads.h) between a test host and a memory: the conversion time
// of a vector, waiting for a busy pad, several pairs in parallel, weights passing untouched,
// and the energy of every conversion on the chip-level "converter" component.
#include "chip/landing_pads.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "chip/host_port.h"
#include "interconnect/scoped_extension.h"
#include "tests/common/tlm_test_initiator.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

struct Memory : sc_core::sc_module {
  tlm_utils::simple_target_socket<Memory> socket{"socket"};
  explicit Memory(sc_core::sc_module_name n) : sc_module(n) {
    socket.register_b_transport(this, &Memory::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_time&) {
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct Collect : traces::Sink {
  std::vector<traces::Event>* out;
  explicit Collect(std::vector<traces::Event>* o) : out(o) {}
  void on_event(const traces::Recorder&, const traces::Event& e) override { out->push_back(e); }
};

// Each transfer starts at local time 0 and returns its delay: what the pads added.
struct Host : testing_support::TlmTestInitiator {
  std::vector<double> delays_ns;
  SC_HAS_PROCESS(Host);
  explicit Host(sc_core::sc_module_name n) : TlmTestInitiator(n) { SC_THREAD(run); }
  void transfer(tlm::tlm_command cmd, int values, bool activations) {
    std::vector<float> data(static_cast<std::size_t>(values), 0.5f);
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, 0, data.data(), data.size() * sizeof(float));
    ScopedExtension<HostIoTag> tag(t);
    tag->sample = 3;
    tag->layer = 0;
    tag->activations = activations;
    sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    delays_ns.push_back(d.to_seconds() * 1e9);
  }
  void run() {
    transfer(tlm::TLM_WRITE_COMMAND, 6, true);    // 2 conversions of 4 lanes: 20 ns
    transfer(tlm::TLM_WRITE_COMMAND, 4, true);    // waits for a pad (1 pair: until 20 ns)
    transfer(tlm::TLM_READ_COMMAND, 4, true);     // an output pad: 25 ns
    transfer(tlm::TLM_WRITE_COMMAND, 64, false);  // weights: no conversion
  }
};

struct Bench {
  std::vector<traces::Event> events;
  traces::Recorder rec;
  std::unique_ptr<Host> host;
  std::unique_ptr<LandingPads> pads;
  std::unique_ptr<Memory> mem;
  explicit Bench(int pairs) {
    rec.add_sink(std::make_unique<Collect>(&events));
    LandingPadParams p;
    p.pairs = pairs;
    p.lanes = 4;
    p.input_conversion_ns = 10.0;
    p.output_conversion_ns = 25.0;
    p.input_energy_pj = 1.5;
    p.output_energy_pj = 2.5;
    host = std::make_unique<Host>("host");
    pads = std::make_unique<LandingPads>("pads", p, &rec);
    mem = std::make_unique<Memory>("mem");
    host->socket.bind(pads->target);
    pads->initiator.bind(mem->socket);
    sc_core::sc_start();
    rec.finish();
  }
};

TEST(LandingPads, OnePairConvertsInTurnAndCountsEveryValue) {
  Bench b(1);
  ASSERT_EQ(b.host->delays_ns.size(), 4u);
  EXPECT_DOUBLE_EQ(b.host->delays_ns[0], 20.0);
  EXPECT_DOUBLE_EQ(b.host->delays_ns[1], 30.0);  // waits 20 ns, converts 10 ns
  EXPECT_DOUBLE_EQ(b.host->delays_ns[2], 25.0);  // output pads are their own pool
  EXPECT_DOUBLE_EQ(b.host->delays_ns[3], 0.0);
  EXPECT_EQ(b.pads->input_conversions(), 10u);
  EXPECT_EQ(b.pads->output_conversions(), 4u);
  ASSERT_EQ(b.events.size(), 3u);
  EXPECT_DOUBLE_EQ(b.events[0].energy[traces::EnergyCategory::kDac], 6 * 1.5);
  EXPECT_DOUBLE_EQ(b.events[1].energy[traces::EnergyCategory::kDac], 4 * 1.5);
  EXPECT_EQ(b.events[1].start_ps, 20000);
  EXPECT_DOUBLE_EQ(b.events[2].energy[traces::EnergyCategory::kAdc], 4 * 2.5);
  EXPECT_DOUBLE_EQ(b.events[2].energy.total(), 4 * 2.5);
  EXPECT_EQ(b.events[0].sample, 3);
  EXPECT_EQ(b.rec.component(b.events[0].component).category, "converter");
}

TEST(LandingPads, TwoPairsConvertTwoVectorsAtOnce) {
  Bench b(2);
  ASSERT_EQ(b.host->delays_ns.size(), 4u);
  EXPECT_DOUBLE_EQ(b.host->delays_ns[0], 20.0);
  EXPECT_DOUBLE_EQ(b.host->delays_ns[1], 10.0);  // the second pad is free
}

TEST(LandingPads, RefusesNoPairs) {
  LandingPadParams p;
  EXPECT_THROW(LandingPads("pads", p, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace kirchhoff
