// The TLM tag of a concatenated circuit transfer (interconnect/circuit_concat.h has the law):
// a payload written into a NocModule with a NocExtension (destinations, value_bits) and this
// extension is sent as one joined vector by Network::send_concatenated.
#pragma once

#include <cstdint>
#include <vector>

#include <tlm>

namespace kirchhoff::noc {

// On a payload sent through a NocModule: the payload's data is the joined vector, `values` per
// part in order (each value takes NocExtension::value_bits on the network, or 32 bits when that
// is 0); the payload enters at the network interface of the first part's source.
class ConcatExtension : public tlm::tlm_extension<ConcatExtension> {
 public:
  struct Part {
    int src = 0;
    std::uint64_t values = 0;
  };
  std::vector<Part> parts;

  tlm::tlm_extension_base* clone() const override { return new ConcatExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const ConcatExtension&>(other);
  }
};

}  // namespace kirchhoff::noc
