// An extension set on a generic payload for the length of one call, owned by this guard: the
// constructor sets it (remembering the extension of the same type already there), the
// destructor puts the previous one back, on every path out, exceptions included. A payload must
// never be left pointing at an extension that no longer exists: a tlm_generic_payload frees the
// extensions it still holds when it is destroyed, and an exception unwinding through a sender
// whose extension lived on its stack used to end in `free(): invalid size`.
//
//   ScopedExtension<noc::NocExtension> ext(trans);
//   ext->dsts = {dst};
//   socket->b_transport(trans, delay);  // the payload carries *ext until `ext` goes
#pragma once

#include <tlm>

namespace kirchhoff {

template <typename T>
class ScopedExtension {
 public:
  explicit ScopedExtension(tlm::tlm_generic_payload& trans)
      : trans_(trans), previous_(trans.get_extension<T>()) {
    trans_.set_extension(&ext_);
  }
  ~ScopedExtension() { trans_.set_extension(previous_); }  // nullptr clears it
  ScopedExtension(const ScopedExtension&) = delete;
  ScopedExtension& operator=(const ScopedExtension&) = delete;

  T& operator*() { return ext_; }
  T* operator->() { return &ext_; }

 private:
  tlm::tlm_generic_payload& trans_;
  T* previous_;
  T ext_;
};

}  // namespace kirchhoff
