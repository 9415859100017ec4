// Reusable generic payloads and network extensions for one initiator (one pool per sender).
// Constructing a tlm_generic_payload allocates its extension array and a NocExtension's
// destination list allocates on its first push_back; a sender that issues one transaction per
// MVM paid both per transaction (malloc/free were ~7 % of a whole-chip CNN run). A pool keeps
// them: take() lends the entry at the current nesting depth (a target may send again from inside
// the b_transport of the transaction it received, so each depth has its own entry), with its
// NocExtension reset (fields to their defaults, the destination list emptied, its capacity kept)
// and not attached; the lease's destructor detaches the NocExtension, on every path out.
//
//   PayloadPool::Lease lease = pool_.take();
//   prepare_payload(lease.trans(), tlm::TLM_WRITE_COMMAND, address, data, bytes);
//   noc::NocExtension& ext = lease.attach_noc();
//   ext.dsts.push_back(dst);
//   socket->b_transport(lease.trans(), delay);
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <tlm>

#include "interconnect/noc_extension.h"

namespace kirchhoff {

class PayloadPool {
 public:
  struct Entry {
    tlm::tlm_generic_payload trans;
    noc::NocExtension noc;
  };

  class Lease {
   public:
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      entry_.trans.clear_extension(&entry_.noc);  // no-op when not attached
      --pool_.depth_;
    }
    tlm::tlm_generic_payload& trans() { return entry_.trans; }
    // Attaches the entry's NocExtension (reset by take()) to the payload and returns it.
    noc::NocExtension& attach_noc() {
      entry_.trans.set_extension(&entry_.noc);
      return entry_.noc;
    }

   private:
    friend class PayloadPool;
    Lease(PayloadPool& pool, Entry& entry) : pool_(pool), entry_(entry) {}
    PayloadPool& pool_;
    Entry& entry_;
  };

  PayloadPool() = default;
  PayloadPool(const PayloadPool&) = delete;
  PayloadPool& operator=(const PayloadPool&) = delete;
  ~PayloadPool() {
    // A payload frees the extensions it still holds: none is attached outside a lease.
    for (auto& e : entries_) e->trans.clear_extension(&e->noc);
  }

  Lease take() {
    if (depth_ == entries_.size()) entries_.push_back(std::make_unique<Entry>());
    Entry& e = *entries_[depth_++];
    e.trans.set_byte_enable_length(0);
    e.trans.set_dmi_allowed(false);
    std::vector<int> dsts = std::move(e.noc.dsts);
    dsts.clear();
    e.noc = noc::NocExtension{};
    e.noc.dsts = std::move(dsts);
    return Lease(*this, e);
  }

  // Entries created so far: the deepest nesting seen (tests).
  std::size_t size() const { return entries_.size(); }
  // Leases outstanding now.
  std::size_t depth() const { return depth_; }

 private:
  std::vector<std::unique_ptr<Entry>> entries_;
  std::size_t depth_ = 0;
};

}  // namespace kirchhoff
