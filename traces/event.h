// The typed events every module records: one per transaction-level action (an MVM, a DPU
// operation, a packet hop, a programming step, a host transfer ...). Times are integer
// picoseconds (SystemC's default time resolution), energies picojoules by category.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kirchhoff::traces {

enum class EnergyCategory : std::uint8_t {
  kArray,        // crossbar read: V^2 * sum(G * t)
  kDac,          // input drivers / PWM
  kAdc,          // output conversion
  kDpu,          // digital post-processing
  kBuffer,       // local SRAM buffers in and out of the tile
  kNetwork,      // routers and links
  kHostIo,       // chip I/O to and from the host
  kProgramming,  // program-and-verify pulses
  kStatic,       // leakage: static power x time
  kActive,       // time-proportional power while integrating and converting
};
inline constexpr std::size_t kNumEnergyCategories = 10;
std::string_view to_string(EnergyCategory c);

struct EnergyPj {
  std::array<double, kNumEnergyCategories> pj{};
  double& operator[](EnergyCategory c) { return pj[static_cast<std::size_t>(c)]; }
  double operator[](EnergyCategory c) const { return pj[static_cast<std::size_t>(c)]; }
  double total() const;
  EnergyPj& operator+=(const EnergyPj& o);
};

enum class EventKind : std::uint8_t {
  kMvm,             // one analog matrix-vector multiply on a tile
  kDpuOp,           // one digital operation (vector) on a DPU
  kPacketHop,       // a packet crossing one link
  kPacketDelivery,  // a packet arriving at its destination
  kProgram,         // programming (program-and-verify) of a weight block
  kHostIo,          // a host transfer through a host port
  kRecalibration,   // drift-compensation calibration
  kStatic,          // static energy of a component over a time span
};
inline constexpr std::size_t kNumEventKinds = 8;
std::string_view to_string(EventKind k);

struct Event {
  std::int64_t start_ps = 0;
  std::int64_t duration_ps = 0;
  std::uint32_t component = 0;  // id from Recorder::add_component
  EventKind kind = EventKind::kMvm;
  std::int32_t sample = -1;  // -1: not tied to a sample
  std::int32_t layer = -1;   // -1: not tied to a layer
  std::uint64_t bytes = 0;   // payload moved or processed
  std::uint64_t ops = 0;     // arithmetic operations (a MAC counts as 2)
  EnergyPj energy;
  // Track inside the component the event ran on, from Recorder::add_unit (a tile's "crossbar"
  // or "adc", a router's "link_E" ...). 0 is the component's own default track. Appended last
  // so positional initialisers of the fields above keep working.
  std::uint16_t unit = 0;

  std::int64_t end_ps() const { return start_ps + duration_ps; }
};

// One sample of a counter (samples in flight, queue depth ...): the counter holds `value`
// from time_ps on, until its next sample. Counters carry no energy.
struct CounterSample {
  std::int64_t time_ps = 0;
  std::uint32_t counter = 0;  // id from Recorder::add_counter
  double value = 0.0;
};

}  // namespace kirchhoff::traces
