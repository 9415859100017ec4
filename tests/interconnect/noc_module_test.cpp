// The SystemC wrapper: a payload written by one dummy node arrives at another through TLM
// b_transport with the analytic delay and intact data. One sc_start per TEST (own process).
#include "interconnect/noc_module.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "interconnect/noc_extension.h"
#include "interconnect/scoped_extension.h"

namespace kirchhoff::noc {
namespace {

struct Received {
  sc_core::sc_time arrival;  // sc_time_stamp() + annotated delay
  std::vector<unsigned char> data;
};

class DummyNode : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<DummyNode> out;
  tlm_utils::simple_target_socket<DummyNode> in;
  std::vector<Received> received;

  explicit DummyNode(sc_core::sc_module_name name) : sc_module(name), out("out"), in("in") {
    in.register_b_transport(this, &DummyNode::b_transport);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    Received r;
    r.arrival = sc_core::sc_time_stamp() + delay;
    r.data.assign(trans.get_data_ptr(), trans.get_data_ptr() + trans.get_data_length());
    received.push_back(r);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

class Sender : public DummyNode {
 public:
  SC_HAS_PROCESS(Sender);
  std::vector<int> dsts;
  std::vector<unsigned char> data;
  sc_core::sc_time start_delay;
  sc_core::sc_time returned_delay;
  tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;

  explicit Sender(sc_core::sc_module_name name) : DummyNode(name) { SC_THREAD(run); }

 private:
  void run() {
    wait(sc_core::sc_time(5, sc_core::SC_NS));
    tlm::tlm_generic_payload trans;
    ScopedExtension<NocExtension> ext(trans);
    ext->dsts = dsts;
    ext->sample = 3;
    ext->layer = 1;
    ext->kind = PacketKind::kActivation;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(0);
    trans.set_data_ptr(data.data());
    trans.set_data_length(static_cast<unsigned>(data.size()));
    trans.set_streaming_width(static_cast<unsigned>(data.size()));
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = start_delay;
    out->b_transport(trans, delay);
    returned_delay = delay;
    status = trans.get_response_status();
  }
};

std::vector<unsigned char> pattern_bytes(std::size_t n) {
  std::vector<unsigned char> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<unsigned char>(i * 37 + 11);
  return v;
}

TEST(NocModule, DeliversPayloadBetweenTwoNodesWithTheAnalyticDelay) {
  NocParams p;
  p.cols = 2;
  p.rows = 1;
  NocModule noc("noc", p);
  Sender a("a");
  DummyNode b("b");
  a.out.bind(noc.ni[0].from_node);
  noc.ni[0].to_node.bind(a.in);
  b.out.bind(noc.ni[1].from_node);
  noc.ni[1].to_node.bind(b.in);
  a.dsts = {1};
  a.data = pattern_bytes(64);  // 512 bits = 8 payload flits + 1 header flit
  a.start_delay = sc_core::sc_time(2, sc_core::SC_NS);
  sc_core::sc_start();

  ASSERT_EQ(b.received.size(), 1u);
  EXPECT_TRUE(a.received.empty());
  EXPECT_EQ(b.received[0].data, a.data);
  // Sent at 5 ns + 2 ns annotated; 2 routers + 1 link + (9 - 1) flits = 11 ns at 1 GHz
  // (T0 = (H + 1) t_router + H t_link + t_NI + (F - 1) t_flit, t_NI = 0 by default).
  EXPECT_EQ(b.received[0].arrival, sc_core::sc_time(18, sc_core::SC_NS));
  EXPECT_EQ(a.status, tlm::TLM_OK_RESPONSE);
  // The sender is released when its interface has injected all 9 flits.
  EXPECT_EQ(a.returned_delay, sc_core::sc_time(2 + 9, sc_core::SC_NS));
}

TEST(NocModule, MulticastReachesEveryDestinationOnceWithIntactData) {
  NocParams p;  // 4 x 4
  NocModule noc("noc", p);
  Sender src("src");
  std::vector<std::unique_ptr<DummyNode>> nodes;
  src.out.bind(noc.ni[5].from_node);
  noc.ni[5].to_node.bind(src.in);
  const std::vector<int> dsts = {0, 7, 15};
  for (int d : dsts) {
    nodes.push_back(std::make_unique<DummyNode>(("node" + std::to_string(d)).c_str()));
    noc.ni[static_cast<std::size_t>(d)].to_node.bind(nodes.back()->in);
    nodes.back()->out.bind(noc.ni[static_cast<std::size_t>(d)].from_node);
  }
  src.dsts = dsts;
  src.data = pattern_bytes(100);  // 800 bits = 13 payload flits + 1 header = 14 flits
  sc_core::sc_start();

  ASSERT_EQ(src.status, tlm::TLM_OK_RESPONSE);
  for (std::size_t i = 0; i < dsts.size(); ++i) {
    ASSERT_EQ(nodes[i]->received.size(), 1u) << dsts[i];
    EXPECT_EQ(nodes[i]->received[0].data, src.data);
    const int hops = noc.network().hops(5, dsts[i]);
    // (hops + 1) routers + hops links + 13 flits behind the head, after the 5 ns start.
    EXPECT_EQ(nodes[i]->received[0].arrival,
              sc_core::sc_time(5 + (hops + 1) + hops + 13, sc_core::SC_NS));
  }
  // 5 -> {0, 7, 15} on the XY tree: 5-4 and 4-0 (2), 5-6-7 (2), 7-11-15 (2) = 6 links.
  EXPECT_EQ(noc.last_result().tree_links, 6);
}

TEST(NocModule, UnboundDestinationIsAnAddressError) {
  NocParams p;
  p.cols = 3;
  p.rows = 1;
  NocModule noc("noc", p);
  Sender a("a");
  a.out.bind(noc.ni[0].from_node);
  noc.ni[0].to_node.bind(a.in);
  a.dsts = {2};  // nobody listens at node 2
  a.data = pattern_bytes(8);
  sc_core::sc_start();
  EXPECT_EQ(a.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace
}  // namespace kirchhoff::noc
