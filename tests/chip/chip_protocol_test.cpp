// The chip's TLM bindings under the protocol checker: with sim.check_protocol every binding gets
// a checker and a run reports no violation with the same timing; the node sender's response
// codes; an exception unwinding through a sender leaves no extension behind. One simulation per
// TEST (ctest runs each TEST in its own process).
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "chip/chip.h"
#include "chip/chip_address_map.h"
#include "chip/node_sender.h"
#include "config/config_loader.h"
#include "interconnect/noc_extension.h"
#include "tests/chip/chained_tiles_host.h"
#include "tests/common/tlm_test_initiator.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

// What the network interface would get from a NodeSender: the destination it was given, and
// whether the sender's extension was there. `fail` makes it throw instead.
struct NetworkStub : sc_core::sc_module {
  tlm_utils::simple_target_socket<NetworkStub> socket{"socket"};
  std::vector<std::vector<int>> dsts;
  bool fail = false;
  explicit NetworkStub(sc_core::sc_module_name n) : sc_module(n) {
    socket.register_b_transport(this, &NetworkStub::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_time&) {
    if (fail) throw std::runtime_error("network interface failed");
    const noc::NocExtension* ext = t.get_extension<noc::NocExtension>();
    dsts.push_back(ext ? ext->dsts : std::vector<int>{});
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct SenderBench {
  testing_support::TlmTestInitiator* host;
  protocol::TlmProtocolChecker checker{"checker"};
  NodeSender sender{"sender", 3, [](std::uint64_t a) {
                      return a >= chip_map::tile_base(0) && a < chip_map::tile_base(2) ? 7 : -1;
                    }};
  NetworkStub net{"net"};
  SenderBench(testing_support::TlmTestInitiator* h) : host(h) {
    checker.declare_window(chip_map::tile_base(0), 2 * tile_map::kWindowBytes, false, true);
    host->socket.bind(checker.target);
    checker.initiator.bind(sender.target);
    sender.initiator.bind(net.socket);
  }
};

struct ScriptHost : testing_support::TlmTestInitiator {
  std::function<void(ScriptHost&)> body;
  SC_HAS_PROCESS(ScriptHost);
  explicit ScriptHost(sc_core::sc_module_name n) : TlmTestInitiator(n) { SC_THREAD(run); }
  void run() { body(*this); }
  tlm::tlm_response_status send(tlm::tlm_command cmd, std::uint64_t a) {
    std::uint32_t v = 0;
    tlm::tlm_generic_payload t;
    prepare_payload(t, cmd, a, &v, 4);
    socket->b_transport(t, delay);
    return t.get_response_status();
  }
};

TEST(NodeSender, AReadIsACommandErrorAndAnUnownedAddressAnAddressError) {
  ScriptHost host("host");
  SenderBench b(&host);
  std::vector<tlm::tlm_response_status> got;
  host.body = [&](ScriptHost& h) {
    got.push_back(h.send(tlm::TLM_READ_COMMAND, chip_map::tile_base(1)));
    got.push_back(h.send(tlm::TLM_WRITE_COMMAND, chip_map::tile_base(5)));
    got.push_back(h.send(tlm::TLM_WRITE_COMMAND, chip_map::tile_base(1) + tile_map::kInput));
  };
  sc_core::sc_start();
  EXPECT_EQ(got, (std::vector<tlm::tlm_response_status>{tlm::TLM_COMMAND_ERROR_RESPONSE,
                                                        tlm::TLM_ADDRESS_ERROR_RESPONSE,
                                                        tlm::TLM_OK_RESPONSE}));
  EXPECT_EQ(b.net.dsts, (std::vector<std::vector<int>>{{7}}));
  EXPECT_EQ(b.checker.violation_count(), 0u) << b.checker.violations().at(0).text;
}

TEST(NodeSender, AnExceptionThroughTheSenderLeavesNoExtensionOnThePayload) {
  ScriptHost host("host");
  SenderBench b(&host);
  b.net.fail = true;
  bool threw = false, extension_left = true;
  host.body = [&](ScriptHost& h) {
    std::uint32_t v = 0;
    tlm::tlm_generic_payload t;  // destroyed after the exception: must not free a dead extension
    prepare_payload(t, tlm::TLM_WRITE_COMMAND, chip_map::tile_base(0), &v, 4);
    try {
      h.socket->b_transport(t, h.delay);
    } catch (const std::runtime_error&) {
      threw = true;
    }
    extension_left = t.get_extension<noc::NocExtension>() != nullptr;
  };
  sc_core::sc_start();
  EXPECT_TRUE(threw);
  EXPECT_FALSE(extension_left);
}

// Two chained tiles on a 2 x 1 mesh (chip_dataflow_test.cpp): tile 0's result crosses the
// network into tile 1, which fires by itself.
struct ChainHost : testing_support::ChainedTilesHost {
  std::vector<float> w0 = std::vector<float>(12, 0.25f), w1 = std::vector<float>(6, 0.5f);
  std::vector<float> x = {1.0f, -0.5f, 0.25f, 0.75f}, y = std::vector<float>(2);
  bool bad_request = false;  // send one payload whose response status is not INCOMPLETE

  SC_HAS_PROCESS(ChainHost);
  explicit ChainHost(sc_core::sc_module_name n) : ChainedTilesHost(n) { SC_THREAD(run); }
  void run() {
    start_chain(w0, w1, x);
    const std::uint64_t t0 = chip_map::tile_base(0), t1 = chip_map::tile_base(1);
    access(tlm::TLM_READ_COMMAND, t1 + tile_map::kOutput, y.data(), 8);
    if (bad_request) {
      std::uint32_t v = 0;
      tlm::tlm_generic_payload t;
      prepare_payload(t, tlm::TLM_READ_COMMAND, t0 + tile_map::kStatus, &v, 4);
      t.set_response_status(tlm::TLM_OK_RESPONSE);
      socket->b_transport(t, delay);
    }
    sync();
  }
};

config::ChipConfig chain_config(bool check) {
  return config::load_config(
      "", {"chip.tiles=2", "chip.mesh_cols=2", "chip.mesh_rows=1", "tile.rows=8", "tile.cols=8",
           std::string("sim.check_protocol=") + (check ? "true" : "false")});
}

struct MvmEvents : traces::Sink {
  std::vector<traces::Event>* mvms;
  bool throw_on_second = false;
  explicit MvmEvents(std::vector<traces::Event>* m) : mvms(m) {}
  void on_event(const traces::Recorder&, const traces::Event& e) override {
    if (e.kind != traces::EventKind::kMvm) return;
    mvms->push_back(e);
    if (throw_on_second && mvms->size() == 2) throw std::runtime_error("sink failed");
  }
};

TEST(ChipProtocol, ACheckerOnEveryBindingSeesNoViolationAndChangesNoTiming) {
  traces::Recorder rec;
  std::vector<traces::Event> mvms;
  rec.add_sink(std::make_unique<MvmEvents>(&mvms));
  Chip chip("chip", chain_config(true), &rec);
  ChainHost host("host");
  host.socket.bind(chip.host_target());
  sc_core::sc_start();
  ASSERT_FALSE(host.error);
  // The host's, the host port's, and per tile: router -> tile port -> tile, tile -> sender ->
  // network interface, router -> DPU port -> DPU, network interface -> node router -> tile port
  // and DPU port.
  EXPECT_EQ(chip.protocol_checkers().size(), 2u + 2u * 9u);
  EXPECT_EQ(chip.protocol_violations(), 0u)
      << chip.protocol_checkers().front()->violations().size();
  for (const auto& c : chip.protocol_checkers())
    for (const auto& v : c->violations()) ADD_FAILURE() << v.text;
  EXPECT_GT(chip.protocol_transactions(), 20u);
  std::uint64_t through_the_sender = 0;
  for (const auto& c : chip.protocol_checkers())
    if (std::string(c->name()) == "chip.check_tile0_to_tile0_sender")
      through_the_sender = c->transactions();
  EXPECT_EQ(through_the_sender, 1u);  // tile 0's one result
  // Tile 1 starts when tile 0's result has crossed one hop, as without checkers.
  ASSERT_EQ(mvms.size(), 2u);
  const auto& net = chip.network().network();
  EXPECT_EQ(mvms[1].start_ps, mvms[0].start_ps + mvms[0].duration_ps +
                                  net.zero_load_latency_ps(1, net.flits_for_bits(96)));
}

TEST(ChipProtocol, TheHostsCheckerReportsABadRequest) {
  traces::Recorder rec;
  Chip chip("chip", chain_config(true), &rec);
  ChainHost host("host");
  host.bad_request = true;
  host.socket.bind(chip.host_target());
  sc_core::sc_start();
  // Every checker on its way sees the bad payload: the host's, the host port's, the router's
  // to the tile port and the tile port's to the tile.
  ASSERT_EQ(chip.protocol_violations(), 4u);
  const protocol::ProtocolViolation* v = nullptr;
  for (const auto& c : chip.protocol_checkers())
    if (!c->violations().empty() && v == nullptr) v = &c->violations().front();
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->checker, "chip.check_host");
  EXPECT_EQ(v->rule, "request.response_status");
  EXPECT_EQ(v->address, chip_map::tile_base(0) + tile_map::kStatus);
}

TEST(ChipProtocol, WithoutTheOptionThereAreNoCheckers) {
  traces::Recorder rec;
  Chip chip("chip", chain_config(false), &rec);
  ChainHost host("host");
  host.socket.bind(chip.host_target());
  sc_core::sc_start();
  EXPECT_TRUE(chip.protocol_checkers().empty());
  EXPECT_EQ(chip.protocol_transactions(), 0u);
  EXPECT_EQ(chip.tile(1).mvm_count(), 1u);
}

TEST(ChipProtocol, ASinkThatThrowsInsideASendStopsTheSinksNotTheChip) {
  // Tile 1's MVM runs inside tile 0's send (AUTO_START on delivery) and the sink throws there.
  // The recorder keeps the error instead of unwinding through the node sender and SystemC (which
  // would turn it into an untyped report): the run completes, no further event reaches a sink,
  // and finish() rethrows the sink's own error.
  traces::Recorder rec;
  std::vector<traces::Event> mvms;
  auto sink = std::make_unique<MvmEvents>(&mvms);
  sink->throw_on_second = true;
  rec.add_sink(std::move(sink));
  Chip chip("chip", chain_config(false), &rec);
  ChainHost host("host");
  host.socket.bind(chip.host_target());
  sc_core::sc_start();
  EXPECT_TRUE(rec.sink_failed());
  EXPECT_EQ(chip.tile(1).mvm_count(), 1u);
  EXPECT_EQ(mvms.size(), 2u);
  try {
    rec.finish();
    FAIL() << "finish() did not rethrow the sink's error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "sink failed");
  }
}

}  // namespace
}  // namespace kirchhoff
