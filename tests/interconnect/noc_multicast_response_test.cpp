// Who answers a network transaction: a unicast is passed through to its destination, whose
// target sets the response; a multicast gives each destination a transaction of its own, set up
// by the network as an initiator (incomplete response) and answered by that destination, and the
// sender gets OK when all succeeded, else the first destination's error. One sc_start per TEST.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "interconnect/noc_extension.h"
#include "interconnect/noc_module.h"
#include "interconnect/scoped_extension.h"
#include "protocol/tlm_protocol_checker.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff::noc {
namespace {

// A destination answering `answer`; it notes the payload it got.
struct Answering : sc_core::sc_module {
  tlm_utils::simple_target_socket<Answering> in{"in"};
  tlm::tlm_response_status answer = tlm::TLM_OK_RESPONSE;
  std::vector<const tlm::tlm_generic_payload*> got;
  explicit Answering(sc_core::sc_module_name n) : sc_module(n) {
    in.register_b_transport(this, &Answering::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
    got.push_back(&t);
    t.set_response_status(answer);
  }
};

struct Source : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Source> out{"out"};
  std::vector<std::vector<int>> sends;  // destinations of each send
  std::vector<tlm::tlm_response_status> status;
  std::vector<const tlm::tlm_generic_payload*> sent;
  SC_HAS_PROCESS(Source);
  explicit Source(sc_core::sc_module_name n) : sc_module(n) { SC_THREAD(run); }
  void run() {
    for (const std::vector<int>& dsts : sends) {
      std::uint32_t v = 7;
      tlm::tlm_generic_payload t;
      prepare_payload(t, tlm::TLM_WRITE_COMMAND, 0x10, &v, 4);
      ScopedExtension<NocExtension> ext(t);
      ext->dsts = dsts;
      sc_core::sc_time d = sc_core::SC_ZERO_TIME;
      sent.push_back(&t);
      out->b_transport(t, d);
      status.push_back(t.get_response_status());
    }
  }
};

TEST(NocMulticastResponse, EachDestinationAnswersItsOwnTransaction) {
  NocParams p;  // 4 x 4
  NocModule noc("noc", p);
  Source src("src");
  protocol::TlmProtocolChecker src_check("src_check");
  src.out.bind(src_check.target);
  src_check.initiator.bind(noc.ni[5].from_node);
  const std::vector<int> dsts = {0, 7, 15};
  const tlm::tlm_response_status answers[] = {tlm::TLM_OK_RESPONSE, tlm::TLM_COMMAND_ERROR_RESPONSE,
                                              tlm::TLM_ADDRESS_ERROR_RESPONSE};
  std::vector<std::unique_ptr<Answering>> nodes;
  std::vector<std::unique_ptr<protocol::TlmProtocolChecker>> checks;
  for (std::size_t i = 0; i < dsts.size(); ++i) {
    const std::string n = "node" + std::to_string(dsts[i]);
    nodes.push_back(std::make_unique<Answering>(n.c_str()));
    nodes.back()->answer = answers[i];
    checks.push_back(std::make_unique<protocol::TlmProtocolChecker>((n + "_check").c_str()));
    noc.ni[static_cast<std::size_t>(dsts[i])].to_node.bind(checks.back()->target);
    checks.back()->initiator.bind(nodes.back()->in);
  }
  src.sends = {{0, 7, 15}, {0, 15}, {7}, {15}};
  sc_core::sc_start();

  // The first error among the destinations (node 7's command error), not the last.
  EXPECT_EQ(src.status, (std::vector<tlm::tlm_response_status>{
                            tlm::TLM_COMMAND_ERROR_RESPONSE, tlm::TLM_ADDRESS_ERROR_RESPONSE,
                            tlm::TLM_COMMAND_ERROR_RESPONSE, tlm::TLM_ADDRESS_ERROR_RESPONSE}));
  // Multicasts hand each destination a payload of its own; a unicast passes the sender's.
  ASSERT_EQ(nodes[1]->got.size(), 2u);
  EXPECT_NE(nodes[1]->got[0], src.sent[0]);
  EXPECT_EQ(nodes[1]->got[1], src.sent[2]);
  ASSERT_EQ(nodes[0]->got.size(), 2u);
  EXPECT_NE(nodes[2]->got[0], src.sent[0]);
  // Every transaction, the sender's and each destination's, kept the base protocol.
  EXPECT_EQ(src_check.transactions(), 4u);
  EXPECT_EQ(src_check.violation_count(), 0u);
  for (const auto& c : checks) {
    EXPECT_EQ(c->violation_count(), 0u) << c->violations().at(0).text;
  }
  EXPECT_EQ(checks[0]->transactions() + checks[1]->transactions() + checks[2]->transactions(), 7u);
}

}  // namespace
}  // namespace kirchhoff::noc
