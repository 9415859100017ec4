// TLM-2.0 extension carried by a generic payload sent over the network: who sends it, where it
// goes (several destinations = multicast), and what it is (for traces and for the receiver).
#pragma once

#include <cstdint>
#include <vector>

#include <tlm>

namespace kirchhoff::noc {

enum class PacketKind : std::uint8_t {
  kActivation,  // an input or output activation vector of a layer
  kPartialSum,  // a partial sum of a split matrix, on its way to the reducing DPU
  kWeights,     // weights being programmed
  kControl,     // configuration, synchronisation
};

class NocExtension : public tlm::tlm_extension<NocExtension> {
 public:
  int src = -1;           // source node id (-1: the network interface the payload entered)
  std::vector<int> dsts;  // destination node ids (empty: the payload's address is the node id)
  std::int32_t sample = -1;
  std::int32_t layer = -1;
  PacketKind kind = PacketKind::kActivation;
  // The payload holds floats that travel in a narrower format: each takes this many bits on
  // the network (e.g. 8 for an 8-bit ADC's codes; 0: the payload's bytes as they are).
  std::uint32_t value_bits = 0;

  tlm::tlm_extension_base* clone() const override { return new NocExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const NocExtension&>(other);
  }
};

}  // namespace kirchhoff::noc
