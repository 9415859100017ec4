// A sender's pool of generic payloads (interconnect/payload_pool.h): each nesting depth gets an
// entry of its own, the NocExtension comes reset and is detached when the lease ends, and the
// entries are reused (no new entry for a send after the last one returned).
#include <gtest/gtest.h>

#include "interconnect/noc_extension.h"
#include "interconnect/payload_pool.h"

namespace kirchhoff {
namespace {

TEST(PayloadPool, NestedLeasesGetTheirOwnEntriesAndEntriesAreReused) {
  PayloadPool pool;
  tlm::tlm_generic_payload* outer_trans = nullptr;
  {
    PayloadPool::Lease outer = pool.take();
    outer_trans = &outer.trans();
    PayloadPool::Lease inner = pool.take();  // a receiver sending from inside b_transport
    EXPECT_NE(&inner.trans(), outer_trans);
    EXPECT_EQ(pool.depth(), 2u);
  }
  EXPECT_EQ(pool.depth(), 0u);
  EXPECT_EQ(pool.size(), 2u);
  for (int i = 0; i < 10; ++i) {
    PayloadPool::Lease again = pool.take();
    EXPECT_EQ(&again.trans(), outer_trans);
  }
  EXPECT_EQ(pool.size(), 2u);
}

TEST(PayloadPool, TheExtensionComesResetAndLeavesWithTheLease) {
  PayloadPool pool;
  tlm::tlm_generic_payload* trans = nullptr;
  {
    PayloadPool::Lease lease = pool.take();
    trans = &lease.trans();
    EXPECT_EQ(trans->get_extension<noc::NocExtension>(), nullptr);  // not attached by take()
    noc::NocExtension& ext = lease.attach_noc();
    EXPECT_EQ(trans->get_extension<noc::NocExtension>(), &ext);
    ext.src = 3;
    ext.dsts = {1, 2, 5};
    ext.sample = 9;
    ext.layer = 4;
    ext.kind = noc::PacketKind::kPartialSum;
    ext.value_bits = 8;
  }
  EXPECT_EQ(trans->get_extension<noc::NocExtension>(), nullptr);
  PayloadPool::Lease lease = pool.take();
  ASSERT_EQ(&lease.trans(), trans);
  const noc::NocExtension& ext = lease.attach_noc();
  EXPECT_EQ(ext.src, -1);
  EXPECT_TRUE(ext.dsts.empty());
  EXPECT_GE(ext.dsts.capacity(), 3u);  // the list keeps its storage
  EXPECT_EQ(ext.sample, -1);
  EXPECT_EQ(ext.layer, -1);
  EXPECT_EQ(ext.kind, noc::PacketKind::kActivation);
  EXPECT_EQ(ext.value_bits, 0u);
}

}  // namespace
}  // namespace kirchhoff
